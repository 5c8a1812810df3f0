"""Errors every feed reader raises: a file that breaks its format, or a partition with no file.

Messages are capped (:func:`sources.text.cap`): they reach the logs, ``mart.feed_rejections`` and the BI
snapshot, so no feed text can make them unbounded.
"""

from sources.text import cap


class FeedFormatError(ValueError):
    """A feed file that breaks its format: the message names file, row and column."""

    def __init__(self, message: str):
        super().__init__(cap(str(message)))


class FeedMissingError(FileNotFoundError):
    """The feed has no file for a partition; the message names the day (or month, or year)."""

    def __init__(self, message: str):
        super().__init__(cap(str(message)))

    def __str__(self) -> str:
        return self.args[0]

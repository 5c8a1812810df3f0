"""Errors every feed reader raises: a file that breaks its format, or a partition with no file."""


class FeedFormatError(ValueError):
    """A feed file that breaks its format: the message names file, row and column."""


class FeedMissingError(FileNotFoundError):
    """The feed has no file for a partition; the message names the day (or month, or year)."""

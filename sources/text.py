"""Text rules every feed shares: what a line is, what a number's digits are, and how much feed text a message quotes.

**A line** ends at LF; a CR just before the LF belongs to the line end (CRLF). That is the only definition: the
raw checks, the staging parsers and the row numbers of every message use it. A CR anywhere else (a lone CR, as
Excel's "CSV (Macintosh)" writes line ends) is refused by :func:`check_line_ends`, naming the row, instead of
being read as a line end by one reader and as a character by another. Other characters ``str.splitlines`` would
break on (``\\x0b``, ``\\x0c``, ``\\x1c``–``\\x1e``, ``\\x85``, U+2028, U+2029) are characters, not line ends:
a cell holding one is not a number.

**Digits** are ASCII ``0``–``9``: ``\\d`` and ``str.isdigit`` also accept full-width (``１２``), superscript and
other scripts' digits, which the typed readers then refuse or misread.

**Quoted text** in a message is capped (:func:`quote`), and so is a whole message (:func:`cap`): a
rejection reason reaches the logs, ``mart.feed_rejections`` and the BI snapshot, and a file of one 1.6-MB line
must not put 1.6 MB into each.
"""

from __future__ import annotations

import re

#: How many characters of feed text a message quotes.
QUOTE_CHARS = 60
#: How long any error message about a feed file may be.
MESSAGE_CHARS = 1000

_LONE_CR = re.compile(r"\r(?!\n)")
#: A plain decimal number of ASCII digits (an optional minus sign, digits, optionally a dot and digits).
ASCII_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def quote(text: object, limit: int = QUOTE_CHARS) -> str:
    """``repr`` of at most ``limit`` characters of ``text``, saying how long it was when cut."""
    text = "" if text is None else str(text)
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


def cap(message: str, limit: int = MESSAGE_CHARS) -> str:
    """A message cut to ``limit`` characters (the start names the file, row and column, so it is what is kept)."""
    if len(message) <= limit:
        return message
    return message[:limit] + f"… (message cut at {limit:,} of {len(message):,} characters)"


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their line ends (LF or CRLF); a final line end adds no empty line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def row_at(text: str | bytes, index: int) -> int:
    """The line number (first line = 1) of the character or byte at ``index``."""
    return text.count("\n" if isinstance(text, str) else b"\n", 0, index) + 1


def lone_cr_row(text: str) -> int | None:
    """The row of the first CR that is not part of a CRLF, or None."""
    if text.count("\r") == text.count("\r\n"):  # two C-speed counts: the usual case
        return None
    match = _LONE_CR.search(text)
    return None if match is None else row_at(text, match.start())


def lone_cr_message(source: str, row: int) -> str:
    return (f"{source}: row {row}: a line ends with a lone CR (carriage return without LF, as Excel's "
            "'CSV (Macintosh)' saves); lines must end with LF or CRLF — save the file as 'CSV UTF-8'")


def non_ascii_digit(text: str) -> bool:
    """True when ``text`` holds a digit that is not ASCII 0–9 (full-width, superscript, another script's)."""
    return any(ch.isdigit() and not "0" <= ch <= "9" for ch in text)


#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection": = + - @, tab and
#: CR), with their full-width forms, which some spreadsheet locales also accept.
FORMULA_STARTS = "=+-@\t\r＝＋－＠"
_FORMULA_START = re.compile("^[" + re.escape(FORMULA_STARTS) + "]")


def neutralise_formula(text: str | None) -> str | None:
    """Text that a spreadsheet would read as a formula, with a leading apostrophe (OWASP's advice), else as it is."""
    if text is None or not text or text[0] not in FORMULA_STARTS:
        return text
    return "'" + text


def neutralise_formulas(column: str):
    """:func:`neutralise_formula` as a Polars expression on a text column (named as the column)."""
    import polars as pl

    col = pl.col(column)
    return pl.when(col.str.contains(_FORMULA_START.pattern)).then(pl.lit("'") + col).otherwise(col).alias(column)

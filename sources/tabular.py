"""Shared reading of the tabular feeds (solid waste, inspections, departmental reports).

A file is a CSV (UTF-8, with or without BOM; GB18030, as Excel saves CSV on Chinese Windows,
when it is not UTF-8) or an XLSX workbook (first sheet). Either becomes a header and numbered
rows of text; columns are found by their Chinese or English names (a unit in brackets after the
name is checked and dropped). Everything a feed needs to be trusted is checked on these texts so
that a defect raises :class:`~sources.air.FeedFormatError` naming the file, the row (line or sheet
row, header = 1) and the column as the file spells it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import polars as pl
import requests

from sources.errors import FeedFormatError, FeedMissingError
from sources.http import DEFAULT_DEADLINE, get_bytes, make_session
from sources.local import Listing, exists, read_regular_file
from sources.profile import Feed, Profile
from sources.text import lone_cr_message, lone_cr_row, non_ascii_digit, quote, row_at

#: Units a tonnage column may state in its header; anything else (e.g. 万吨) is refused.
TONNE_UNITS = {"吨", "t", "tonnes", "tonne", "tons"}
#: Largest file accepted unless the profile says otherwise (feeds.<feed>.max_mb): an HTTP body once decoded, or a
#: local file. The bundled files are a few kB; a city's year of enterprise rows is well under 1 MB.
MAX_BYTES = 16 * 2**20
#: An XLSX workbook is a zip archive: what its parts may unpack to, at most (a zip bomb is refused unread).
MAX_UNPACKED_BYTES = 64 * 2**20
#: Rows and columns a sheet may have (the widest feed has 13 columns; a sheet's rows are read one by one).
MAX_ROWS = 200_000
MAX_COLUMNS = 64


@dataclass(frozen=True)
class Column:
    """A column of a feed: its canonical name, the header names accepted, whether it must be there."""

    name: str
    aliases: tuple[str, ...]
    required: bool = True
    unit: str | None = None  # "t": a tonnage column, the header may say (吨) / (t) and nothing else


@dataclass(frozen=True)
class Table:
    """A file as text: its source, the header as spelt in the file and the rows (row number, cells)."""

    source: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


def source_name(source: str) -> str:
    """The file name of a path or URL (what raw tables keep)."""
    return source.rsplit("/", 1)[-1] if "://" in source else Path(source).name


def read_feed_file(feed: Feed, names: list[str], what: str,
                   session: requests.Session | None = None) -> tuple[bytes, str]:
    """The bytes of the first of ``names`` the feed has (a directory, or an HTTP base URL).

    Names are built by the caller from a partition key alone, so no feed text steers the path.
    Two local files for the same partition (``x.csv`` and ``x.xlsx``) are refused as ambiguous. A local file must
    be a regular file of the folder (a link is refused by name, unread); no file may exceed the feed's size limit
    (an HTTP body once decoded), nor an HTTP GET its overall deadline.
    """
    limit = feed.max_bytes or MAX_BYTES
    if feed.is_http:
        session = session or make_session()
        tried = []
        for name in names:
            url = f"{feed.url.rstrip('/')}/{name}"
            body = get_bytes(session, url, max_bytes=limit, deadline=feed.deadline or DEFAULT_DEADLINE)
            if body is not None:
                return body, url
            tried.append(url)
        raise FeedMissingError(f"{what}: no file; GET {', '.join(tried)} returned 404")
    found = [Path(feed.url) / name for name in names if exists(Path(feed.url) / name)]
    if not found:
        raise FeedMissingError(f"{what}: no file; none of {', '.join(names)} exists in {feed.url}")
    if len(found) > 1:
        raise FeedFormatError(f"{found[0]}: row 1: {what} has {len(found)} files ({', '.join(p.name for p in found)}); "
                              "keep one")
    content = read_regular_file(found[0], limit)
    if content is None:
        raise FeedMissingError(f"{what}: no file; {found[0]} disappeared while it was read")
    return content, str(found[0])


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_text(content: bytes, source: str) -> str:
    """UTF-8 (BOM allowed), else GB18030 (Excel's CSV on Chinese Windows); an error names the row.

    One encoding per file: a file with a BOM, or with a non-ASCII line that is UTF-8, is UTF-8, and a line that
    is not (one pasted from a GB18030 file) is refused at its row rather than the whole file read as GB18030 (which
    turns its UTF-8 text into other characters). Then, as for every feed: LF or CRLF line ends, no NUL.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_row = row_at(content, exc.start)
        lines = content.split(b"\n")
        utf8_row = next((n for n, line in enumerate(lines, start=1) if not line.isascii() and _is_utf8(line)), None)
        if content.startswith(codecs.BOM_UTF8) or utf8_row is not None:
            why = f"row {utf8_row} is UTF-8 text" if utf8_row is not None else "the file starts with a UTF-8 BOM"
            raise FeedFormatError(f"{source}: row {bad_row}: not UTF-8 text (byte {exc.start}) although {why}: "
                                  "mixed encodings (a row pasted from a GBK/GB18030 file?); save the file in one "
                                  "encoding") from None
        try:
            text = content.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise FeedFormatError(f"{source}: row {row_at(content, exc.start)}: neither UTF-8 nor GB18030 text "
                                  f"(byte {exc.start})") from None
    cr_row = lone_cr_row(text)
    if cr_row is not None:
        raise FeedFormatError(lone_cr_message(source, cr_row))
    if "\x00" in text:
        raise FeedFormatError(f"{source}: row {row_at(text, text.index(chr(0)))}: a NUL character: binary data, "
                              "not CSV text")
    return text


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read_xlsx(content: bytes, source: str) -> list[tuple[int, list[str]]]:
    """The first sheet's rows. Whatever goes wrong reading the workbook (a corrupted zip or XML, a zlib error)
    is this file's rejection, naming the row reached; the unpacked size, the rows and the columns are bounded
    before they are read."""
    import openpyxl  # imported here: only XLSX files need it

    rows: list[tuple[int, list[str]]] = []
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())  # zipfile never reads past these sizes
        if unpacked > MAX_UNPACKED_BYTES:
            raise FeedFormatError(f"{source}: row 1: the workbook unpacks to {unpacked:,} bytes, more than the "
                                  f"{MAX_UNPACKED_BYTES:,} a feed file may hold")
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # a stated size of A1:XFD1048576 must not pad every row
            for n, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if n > MAX_ROWS:
                    raise FeedFormatError(f"{source}: row {n}: more than {MAX_ROWS:,} rows")
                if len(values) > MAX_COLUMNS and any(v is not None for v in values[MAX_COLUMNS:]):
                    raise FeedFormatError(f"{source}: row {n}: a value beyond column {MAX_COLUMNS}")
                rows.append((n, [_cell_text(v) for v in values[:MAX_COLUMNS]]))
        finally:
            book.close()
    except FeedFormatError:
        raise
    except Exception as exc:  # noqa: BLE001 — any reader error is this file's rejection, not the run's
        kind = type(exc).__qualname__ if type(exc).__module__ == "builtins" else (
            f"{type(exc).__module__}.{type(exc).__qualname__}")
        raise FeedFormatError(f"{source}: row {len(rows) + 1}: not a readable XLSX workbook ({kind}: "
                              f"{quote(exc, 200)})") from None
    return rows


def read_table(content: bytes, source: str) -> Table:
    """A CSV or XLSX file (by its name) as a header and non-empty numbered rows of stripped text."""
    if source.lower().endswith(".xlsx"):
        numbered = _read_xlsx(content, source)
    else:
        text = decode_text(content, source)
        if text.lstrip().startswith("<"):
            raise FeedFormatError(f"{source}: row 1: not a CSV file (it looks like an HTML page)")
        numbered = []
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            while True:
                start = reader.line_num + 1  # a row's number is the line it starts on (a quoted cell may hold LF)
                try:
                    row = next(reader)
                except StopIteration:
                    break
                numbered.append((start, row))
        except csv.Error as exc:
            raise FeedFormatError(f"{source}: row {reader.line_num}: not a valid CSV file "
                                  f"({quote(exc, 200)})") from None
    numbered = [(n, [c.strip().replace("\u3000", "") for c in cells]) for n, cells in numbered]
    numbered = [(n, cells) for n, cells in numbered if any(cells)]
    if not numbered:
        raise FeedFormatError(f"{source}: row 1: the file is empty")
    (header_row, header), rows = numbered[0], numbered[1:]
    if header_row != 1:
        raise FeedFormatError(f"{source}: row 1: the header must be the first row")
    while header and not header[-1]:
        header = header[:-1]
    if not rows:
        raise FeedFormatError(f"{source}: row 2: the file has a header but no data rows")
    for n, cells in rows:
        if len(cells) > len(header) and any(cells[len(header):]):
            raise FeedFormatError(f"{source}: row {n}: {len(cells)} fields where the header has {len(header)}")
    return Table(source, header, rows)


def label(text: str) -> str:
    """A header cell as messages name it: as the file spells it, cut when long."""
    return text if len(text) <= 60 else quote(text)


def _normalise_header(text: str) -> tuple[str, str | None]:
    """Header text → (name, unit): NFKC (full-width brackets and colons), no spaces, no 其中: prefix."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    text = re.sub(r"^其中[:、]?", "", text)
    match = re.fullmatch(r"(.+?)\(([^()]*)\)", text)
    if match:
        return match.group(1).lower(), match.group(2).lower()
    return text.lower(), None


def to_frame(table: Table, columns: list[Column]) -> tuple[pl.DataFrame, dict[str, str]]:
    """The columns of ``table`` as a String frame (empty cells null) with ``source_row``, and
    canonical name → the header text the file uses (for messages)."""
    found: dict[str, int] = {}
    for i, text in enumerate(table.header):
        name, unit = _normalise_header(text)
        for col in columns:
            if name in {a.lower() for a in (col.name, *col.aliases)}:
                if col.name in found:
                    raise FeedFormatError(f"{table.source}: row 1, column {label(text)}: column {col.name} appears "
                                          f"twice (also as {label(table.header[found[col.name]])})")
                if unit is not None and (col.unit != "t" or unit not in TONNE_UNITS):
                    raise FeedFormatError(f"{table.source}: row 1, column {label(text)}: unit {quote(unit)} not "
                                          "accepted"
                                          + (" (tonnes, 吨, expected)" if col.unit == "t" else ""))
                found[col.name] = i
    for col in columns:
        if col.required and col.name not in found:
            raise FeedFormatError(f"{table.source}: row 1, column {col.aliases[0]}: required column missing "
                                  f"(accepted names: {', '.join((*col.aliases, col.name))})")
    data = {"source_row": [n for n, _ in table.rows]}
    for col in columns:
        i = found.get(col.name)
        data[col.name] = [(cells[i] if i is not None and i < len(cells) and cells[i] != "" else None)
                          for _, cells in table.rows]
    frame = pl.DataFrame(data, schema={"source_row": pl.Int32, **{c.name: pl.String for c in columns}})
    labels = {c.name: (table.header[found[c.name]] if c.name in found else c.aliases[0]) for c in columns}
    return frame, labels


class Checker:
    """Raises a FeedFormatError for the first offending row of a condition, naming file, row and column."""

    def __init__(self, source: str, labels: dict[str, str]):
        self.source = source
        self.labels = labels

    def fail(self, bad: pl.DataFrame, column: str, why: str) -> None:
        if bad.height:
            first = bad.row(0, named=True)
            value = first.get(column)
            digits = "; ASCII digits 0–9 only" if isinstance(value, str) and non_ascii_digit(value) else ""
            raise FeedFormatError(f"{self.source}: row {first['source_row']}, column {label(self.labels[column])}: "
                                  f"{why} (got {quote(value)}{digits}; {bad.height} row(s) like this)")

    def where(self, frame: pl.DataFrame, condition: pl.Expr, column: str, why: str) -> None:
        self.fail(frame.filter(condition.fill_null(False)), column, why)

    def required(self, frame: pl.DataFrame, columns: Iterable[str]) -> None:
        for column in columns:
            self.where(frame, pl.col(column).is_null(), column, "a value is required")


def number(column: str) -> pl.Expr:
    """A numeric text column as Float64 (thousands separators and spaces dropped; null when not a number)."""
    return pl.col(column).str.replace_all(r"[,\s]", "").cast(pl.Float64, strict=False)


def decimals_of(text: str | None) -> int:
    if text is None:
        return 0
    try:
        exponent = Decimal(re.sub(r"[,\s]", "", text)).as_tuple().exponent
    except InvalidOperation:
        return 0
    return max(0, -exponent) if isinstance(exponent, int) else 0


def check_numbers(check: Checker, frame: pl.DataFrame, columns: Iterable[str], max_decimals: int | None = None,
                  non_negative: bool = True) -> None:
    """Every non-null cell of ``columns`` is a finite number, ≥ 0 and with at most ``max_decimals`` places."""
    for column in columns:
        values = number(column)
        check.where(frame, pl.col(column).is_not_null() & (values.is_null() | values.is_nan() | values.is_infinite()),
                    column, "not a number")
        if non_negative:
            check.where(frame, values < 0, column, "must not be negative")
        if max_decimals is not None:
            places = pl.col(column).map_elements(decimals_of, return_dtype=pl.Int64)
            check.where(frame, places > max_decimals, column, f"more than {max_decimals} decimal places")


def check_dates(check: Checker, frame: pl.DataFrame, column: str) -> None:
    check.where(frame, pl.col(column).is_not_null() & date(column).is_null(), column, "not a date YYYY-MM-DD")


def date(column: str) -> pl.Expr:
    """A date column: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年M月D日 (null when none of these)."""
    text = (pl.col(column).str.replace_all(r"[/.]", "-")
            .str.replace(r"^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日$", "$1-$2-$3")
            .str.replace(r"^([0-9]{4})-([0-9])-", "$1-0$2-").str.replace(r"-([0-9])$", "-0$1"))
    return text.str.to_date("%Y-%m-%d", strict=False)


def area_lookup(profile: Profile) -> dict[str, str]:
    """Area code or name (Chinese or English) → area code, for the profile's assessed areas (a peer city is compared
    on air only: the plan's other feeds report for the assessed city and its counties)."""
    out: dict[str, str] = {}
    for area in (a for a in profile.areas if not a.peer):
        out[area.code] = area.code
        out[area.name] = area.code
        if area.name_en:
            out[area.name_en.lower()] = area.code
    return out


def area_code(column: str, lookup: dict[str, str]) -> pl.Expr:
    """The area code of a code-or-name column (null when the profile has no such area)."""
    return pl.col(column).str.to_lowercase().replace_strict(
        {k.lower(): v for k, v in lookup.items()}, default=None, return_dtype=pl.String)


def city_and_county(code: pl.Expr, profile: Profile) -> tuple[pl.Expr, pl.Expr]:
    """(city code, county code or null) of an area-code expression: a county rolls up to its parent city."""
    levels = {a.code: a for a in profile.areas}
    city = {c: (a.parent if a.level == "county" and a.parent else c) for c, a in levels.items()}
    county = {c: c for c, a in levels.items() if a.level == "county"}
    return (code.replace_strict(city, default=None, return_dtype=pl.String),
            code.replace_strict(county, default=None, return_dtype=pl.String))


def feed_partition_files(feed: Feed, name: str, today: dt.date, local: Callable[[str], Listing],
                         between: Callable[[dt.date, dt.date], list[str]],
                         file_of: Callable[[str], str]) -> Listing:
    """The partitions a feed has, with their file names: every file of a local directory (names with an impossible
    date refused), or the profile's range for HTTP (start/end, or the last ``last_days`` days before today)."""
    from sources.profile import ProfileError

    if not feed.is_http:
        if not Path(feed.url).is_dir():
            raise ProfileError(f"feeds.{name}.url: {feed.url} is not a directory")
        return local(feed.url)
    if feed.start and feed.end:
        keys = between(feed.start, feed.end)
    elif feed.last_days:
        keys = between(today - dt.timedelta(days=feed.last_days), today - dt.timedelta(days=1))
    else:
        raise ProfileError(f"feeds.{name}: an HTTP feed needs start and end dates, or last_days")
    return Listing({key: [file_of(key)] for key in keys})

"""Shared reading of the tabular feeds (solid waste, inspections, departmental reports).

A file is a CSV (UTF-8, with or without BOM; GB18030, as Excel saves CSV on Chinese Windows,
when it is not UTF-8) or an XLSX workbook (first sheet). Either becomes a header and numbered
rows of text; columns are found by their Chinese or English names (a unit in brackets after the
name is checked and dropped). Everything a feed needs to be trusted is checked on these texts so
that a defect raises :class:`~sources.air.FeedFormatError` naming the file, the row (line or sheet
row, header = 1) and the column as the file spells it.
"""

from __future__ import annotations

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
from sources.http import get_bytes, make_session
from sources.profile import Feed, Profile

#: Units a tonnage column may state in its header; anything else (e.g. 万吨) is refused.
TONNE_UNITS = {"吨", "t", "tonnes", "tonne", "tons"}


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
    Two local files for the same partition (``x.csv`` and ``x.xlsx``) are refused as ambiguous.
    """
    if feed.is_http:
        session = session or make_session()
        tried = []
        for name in names:
            url = f"{feed.url.rstrip('/')}/{name}"
            body = get_bytes(session, url)
            if body is not None:
                return body, url
            tried.append(url)
        raise FeedMissingError(f"{what}: no file; GET {', '.join(tried)} returned 404")
    found = [Path(feed.url) / name for name in names if (Path(feed.url) / name).is_file()]
    if not found:
        raise FeedMissingError(f"{what}: no file; none of {', '.join(names)} exists in {feed.url}")
    if len(found) > 1:
        raise FeedFormatError(f"{found[0]}: row 1: {what} has {len(found)} files ({', '.join(p.name for p in found)}); "
                              "keep one")
    return found[0].read_bytes(), str(found[0])


def decode_text(content: bytes, source: str) -> str:
    """UTF-8 (BOM allowed), else GB18030 (Excel's CSV on Chinese Windows); an error names the row."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError as exc:
        row = content[: exc.start].count(b"\n") + 1
        raise FeedFormatError(f"{source}: row {row}: neither UTF-8 nor GB18030 text (byte {exc.start})") from None


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
    import openpyxl  # imported here: only XLSX files need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FeedFormatError(f"{source}: row 1: not a readable XLSX workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        return [(n, [_cell_text(v) for v in values])
                for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        book.close()


def read_table(content: bytes, source: str) -> Table:
    """A CSV or XLSX file (by its name) as a header and non-empty numbered rows of stripped text."""
    if source.lower().endswith(".xlsx"):
        numbered = _read_xlsx(content, source)
    else:
        text = decode_text(content, source)
        if text.lstrip().startswith("<"):
            raise FeedFormatError(f"{source}: row 1: not a CSV file (it looks like an HTML page)")
        try:
            numbered = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)]
        except csv.Error as exc:
            raise FeedFormatError(f"{source}: row ?: not a valid CSV file ({exc})") from None
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
                    raise FeedFormatError(f"{table.source}: row 1, column {text}: column {col.name} appears twice "
                                          f"(also as {table.header[found[col.name]]})")
                if unit is not None and (col.unit != "t" or unit not in TONNE_UNITS):
                    raise FeedFormatError(f"{table.source}: row 1, column {text}: unit {unit!r} not accepted"
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
            raise FeedFormatError(f"{self.source}: row {first['source_row']}, column {self.labels[column]}: {why} "
                                  f"(got {first.get(column)!r}; {bad.height} row(s) like this)")

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
    text = (pl.col(column).str.replace_all(r"[/.]", "-").str.replace(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$", "$1-$2-$3")
            .str.replace(r"^(\d{4})-(\d)-", "$1-0$2-").str.replace(r"-(\d)$", "-0$1"))
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


def feed_partition_keys(feed: Feed, name: str, today: dt.date, local: Callable[[str], list[str]],
                        between: Callable[[dt.date, dt.date], list[str]]) -> list[str]:
    """Partition keys a feed has: every file of a local directory, or the profile's range for HTTP
    (start/end, or the last ``last_days`` days before today)."""
    from sources.profile import ProfileError

    if not feed.is_http:
        if not Path(feed.url).is_dir():
            raise ProfileError(f"feeds.{name}.url: {feed.url} is not a directory")
        return local(feed.url)
    if feed.start and feed.end:
        return between(feed.start, feed.end)
    if feed.last_days:
        return between(today - dt.timedelta(days=feed.last_days), today - dt.timedelta(days=1))
    raise ProfileError(f"feeds.{name}: an HTTP feed needs start and end dates, or last_days")

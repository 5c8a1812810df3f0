"""The national hourly air release: one CSV per day, ``china_sites_YYYYMMDD.csv``.

Layout: header ``date,hour,type,<station code>…``; one row per hour (0–23) and
series type; an empty cell is a missing value; CO in mg/m³, the rest µg/m³.
Hour ``h`` of file D is the hour *ending* at h:00 of D, so hour 0 is the last
hour of day D−1 (measured against official city daily values, see README).

:func:`read_air_file` gets one day's bytes from a directory or an HTTP base URL;
:func:`check_air_file` checks them before raw keeps them (or raises
:class:`FeedFormatError` naming the file, row and column); :func:`stage_air_file`
turns a checked file into one typed row per station-hour, a column per series.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import requests

from sources.errors import FeedFormatError, FeedMissingError
from sources.http import DEFAULT_DEADLINE, get_bytes, make_session
from sources.local import Listing, list_folder, read_regular_file
from sources.profile import Feed
from sources.text import ASCII_NUMBER, lone_cr_message, lone_cr_row, quote, row_at, split_lines

FILE_PATTERN = re.compile(r"^china_sites_([0-9]{8})\.csv$")

#: Series types of the release and their units.
SERIES_UNITS: dict[str, str] = {
    "AQI": "1",
    "PM2.5": "µg/m³", "PM2.5_24h": "µg/m³",
    "PM10": "µg/m³", "PM10_24h": "µg/m³",
    "SO2": "µg/m³", "SO2_24h": "µg/m³",
    "NO2": "µg/m³", "NO2_24h": "µg/m³",
    "O3": "µg/m³", "O3_24h": "µg/m³", "O3_8h": "µg/m³", "O3_8h_24h": "µg/m³",
    "CO": "mg/m³", "CO_24h": "mg/m³",
}
KEY_COLUMNS = ("date", "hour", "type")
#: Largest day file accepted unless the profile says otherwise (feeds.air.max_mb): a national file is 1.6 MB. It
#: bounds an HTTP body once decoded and a local file.
MAX_BYTES = 16 * 2**20

#: Staging column of each series: one column per series in a station-hour row.
SERIES_COLUMNS: dict[str, str] = {series: series.lower().replace(".", "_") for series in SERIES_UNITS}
_SERIES_INDEX = {series: i for i, series in enumerate(SERIES_UNITS)}

#: A cell is empty or a plain decimal number of ASCII digits, as the release writes them ("12", "0.9", "-5" reaches
#: the expectations, which reject negatives; a full-width "１２" is not a number).
_NUMBER = ASCII_NUMBER
#: An hour: one or two ASCII digits (``str.isdigit`` would take "²" and "１２").
_HOUR = re.compile(r"[0-9]{1,2}")
#: Padding a key field (date, hour, type) may have: what the staging parser strips too.
_PAD = " \t"
#: Characters a line's value part may hold; anything else is a cell that is not a number.
_NOT_NUMERIC = str.maketrans("", "", "0123456789.,-")
#: In a value part made only of digits, dots, commas and minus signs: a dot with no digit before or after it, or a
#: second dot in the same cell (``1.2.3``). Starting with a literal dot, the search skips from dot to dot.
_MISPLACED_DOT = re.compile(r"\.(?:(?<![0-9]\.)|(?![0-9])|[0-9]*\.)")


@dataclass(frozen=True)
class AirFile:
    """One checked day: what the header holds and what was left out."""

    day: dt.date
    source: str
    #: Station codes of the header, in order (repeats included).
    station_columns: tuple[str, ...]
    #: Profile stations with no column in the file.
    missing_stations: tuple[str, ...]
    #: Complete data rows (the rows staging reads).
    data_rows: int
    #: (row, message) of rows left out of a file that was otherwise loaded (a last row cut short).
    rejected_rows: tuple[tuple[int, str], ...] = ()


def file_name(day: dt.date) -> str:
    return f"china_sites_{day:%Y%m%d}.csv"


def local_listing(directory: str | Path) -> Listing:
    """Days with a file in a local feed directory (sorted), and the names with an impossible date, refused."""
    return list_folder(directory, FILE_PATTERN, lambda m: dt.datetime.strptime(m.group(1), "%Y%m%d").date())


def local_days(directory: str | Path) -> list[dt.date]:
    """Days with a file in a local feed directory, sorted (a name with an impossible date is not a day)."""
    return list(local_listing(directory).files)


def read_air_file(feed: Feed, day: dt.date, session: requests.Session | None = None,
                  timeout: tuple[float, float] | None = None) -> tuple[bytes, str]:
    """The bytes of one day's file and where they came from.

    The file name is built from the date alone, so no feed text can steer the
    path outside the feed directory; a local file must be a regular file there (not a link), and no file may
    exceed the feed's size limit (an HTTP body once decoded), nor an HTTP GET its overall deadline.
    """
    name = file_name(day)
    limit = feed.max_bytes or MAX_BYTES
    if feed.is_http:
        url = f"{feed.url.rstrip('/')}/{name}"
        kwargs = {} if timeout is None else {"timeout": timeout}
        body = get_bytes(session or make_session(), url, max_bytes=limit, deadline=feed.deadline or DEFAULT_DEADLINE,
                         **kwargs)
        if body is None:
            raise FeedMissingError(f"air feed has no file for {day}: GET {url} returned 404")
        return body, url
    path = Path(feed.url) / name
    content = read_regular_file(path, limit)
    if content is None:
        raise FeedMissingError(f"air feed has no file for {day}: {path} does not exist")
    return content, str(path)


def _decode(content: bytes, source: str) -> str:
    try:
        text = content.decode("utf-8-sig")  # a UTF-8 BOM is allowed and dropped
    except UnicodeDecodeError as exc:
        raise FeedFormatError(f"{source}: row {row_at(content, exc.start)}: not UTF-8 text (byte {exc.start}); "
                              "the release is ASCII/UTF-8 — was it re-saved as GBK?") from None
    if "\x00" in text:
        raise FeedFormatError(f"{source}: row {row_at(text, text.index(chr(0)))}: a NUL character: binary data, "
                              "not CSV text")
    return text


def _check_shape(text: str, source: str) -> tuple[list[str], list[tuple[int, str]], tuple[tuple[int, str], ...]]:
    """Header and field counts, checked before the values are read.

    Returns the header, the complete data lines as (row, line) and the rejected rows. A last row with too
    few fields is a transfer cut off: it is rejected (and reported) and the complete rows are kept, so the
    validity rules judge the day. A short or long row anywhere else fails the file.
    """
    stripped = text.lstrip()
    if not stripped:
        raise FeedFormatError(f"{source}: row 1: the file is empty")
    if stripped.startswith("<"):
        raise FeedFormatError(f"{source}: row 1: not a CSV file (it looks like an HTML page)")
    cr_row = lone_cr_row(text)
    if cr_row is not None:
        raise FeedFormatError(lone_cr_message(source, cr_row))
    lines = split_lines(text)
    header = lines[0].split(",")
    if tuple(h.strip() for h in header[:3]) != KEY_COLUMNS:
        raise FeedFormatError(f"{source}: row 1: header must start with date,hour,type; "
                              f"got {quote(','.join(header[:3]))}")
    if '"' in text:
        raise FeedFormatError(f"{source}: row {row_at(text, text.index(chr(34)))}: "
                              "quoted fields are not part of the format")
    width = len(header)
    # A blank line is empty or spaces and tabs only (the staging parser skips the same lines).
    data_lines = [(i, line) for i, line in enumerate(lines[1:], start=2) if line.strip(_PAD)]
    if not data_lines:
        raise FeedFormatError(f"{source}: row 2: the file has a header but no data rows")
    rejected: tuple[tuple[int, str], ...] = ()
    last_row, last_line = data_lines[-1]
    if last_line.count(",") + 1 < width:
        rejected = ((last_row, f"{source}: row {last_row}: cut short ({last_line.count(',') + 1} of {width} "
                                "fields, a transfer cut off): row rejected, the complete rows are kept"),)
        data_lines = data_lines[:-1]
        if not data_lines:
            raise FeedFormatError(f"{source}: row {last_row}: cut short ({last_line.count(',') + 1} of {width} "
                                  "fields) and no complete row is left")
    for row, line in data_lines:
        n = line.count(",") + 1
        if n != width:
            raise FeedFormatError(f"{source}: row {row}: {n} fields where the header has {width} "
                                  "(row cut short or extra fields)")
    return [h.strip() for h in header], data_lines, rejected


def _check_keys(data_lines: list[tuple[int, str]], source: str, day: dt.date) -> None:
    """Every row dated the file's day, hours 0–23, known series types, no (hour, type) row twice."""
    expected_date = f"{day:%Y%m%d}"
    seen: dict[tuple[int, str], int] = {}
    for row, line in data_lines:
        date, hour, series = (field.strip(_PAD) for field in line.split(",", 3)[:3])
        if date != expected_date:
            raise FeedFormatError(f"{source}: row {row}, column date: row date differs from the file's day "
                                  f"{expected_date} (got {quote(date)})")
        if not _HOUR.fullmatch(hour) or not 0 <= int(hour) <= 23:
            raise FeedFormatError(f"{source}: row {row}, column hour: hour must be an integer 0–23 in ASCII digits "
                                  f"(got {quote(hour)})")
        if series not in SERIES_UNITS:
            raise FeedFormatError(f"{source}: row {row}, column type: unknown series type {quote(series)} "
                                  f"(known: {', '.join(SERIES_UNITS)})")
        if (int(hour), series) in seen:
            raise FeedFormatError(f"{source}: row {seen[int(hour), series]}, column type: hour {int(hour)} has this "
                                  f"series type more than once (again at row {row})")
        seen[int(hour), series] = row


def _check_cells(header: list[str], data_lines: list[tuple[int, str]], source: str, stations: list[str],
                 screen: bool = True) -> None:
    """Every cell of a profile station empty or a number; a repeated station column says the same twice.

    With ``screen``, C-speed screens of the value part first (≈ 10 ms a file), cell by cell only when one finds
    something (to name it): a character no number has, a misplaced or second dot (``1.2.3``, ``5.``), or any minus
    sign (no concentration is negative, so that path is rare; ``-7`` is a number, and the staging expectations
    reject it).
    """
    wanted = set(stations)
    repeated = {code for code, n in Counter(header[3:]).items() if n > 1 and code in wanted}
    # Lines joined by commas, so that a line's end is a cell's end.
    values = ",".join(line.split(",", 3)[3] if line.count(",") >= 3 else "" for _, line in data_lines)
    clean = screen and not values.translate(_NOT_NUMERIC) and "-" not in values and not _MISPLACED_DOT.search(values)
    if clean and not repeated:
        return
    if clean:
        # Every cell is empty or a number: only a repeated station's later columns need comparing with its first
        # (the real header repeats 3207A from 2019-06-01; cell by cell that cost 0.5 s a file). Checked in the
        # order the full loop below would meet them, so the message names the same row and column.
        first_at = {code: header.index(code, 3) for code in repeated}
        later = sorted((i, first_at[name], name) for i, name in enumerate(header) if i > first_at.get(name, i))
        for row, line in data_lines:
            cells = line.split(",")
            for i, j, name in later:
                if cells[i] != cells[j]:
                    raise FeedFormatError(f"{source}: row {row}, column {name}: the station column appears twice "
                                          f"with different values ({quote(cells[j])} and {quote(cells[i])})")
        return
    for row, line in data_lines:
        cells = line.split(",")
        first: dict[str, str] = {}
        for name, cell in zip(header[3:], cells[3:], strict=True):
            if name not in wanted:
                continue
            if cell and not _NUMBER.fullmatch(cell):
                digits = " (ASCII digits 0–9 only)" if not cell.isascii() and any(c.isdigit() for c in cell) else ""
                raise FeedFormatError(f"{source}: row {row}, column {name}: not a number: {quote(cell)}{digits}")
            if name in first and first[name] != cell:
                raise FeedFormatError(f"{source}: row {row}, column {name}: the station column appears twice with "
                                      f"different values ({quote(first[name])} and {quote(cell)})")
            first.setdefault(name, cell)


def check_air_file(content: bytes, source: str, day: dt.date, stations: list[str]) -> AirFile:
    """Check one day's file before it is loaded into raw; raise :class:`FeedFormatError` naming file, row and
    column.

    Checks what raw needs to be trusted: text encoding, header, field counts, the date of every row equal to
    the file's day, hours 0–23, known series types, no repeated (hour, type) row, and numeric cells in the
    profile's station columns. Physical plausibility is the job of the staging expectations.
    """
    header, data_lines, rejected = _check_shape(_decode(content, source), source)
    _check_keys(data_lines, source, day)
    _check_cells(header, data_lines, source, stations)
    codes = tuple(header[3:])
    present = set(codes)
    return AirFile(day=day, source=source, station_columns=codes,
                   missing_stations=tuple(code for code in stations if code not in present),
                   data_rows=len(data_lines), rejected_rows=rejected)


def source_name(source: str) -> str:
    """The file name of a path or URL (messages and lineage name the file)."""
    return source.rsplit("/", 1)[-1] if "://" in source else Path(source).name


def stage_air_file(content: bytes, source: str, day: dt.date, stations: list[str], timezone: str) -> pl.DataFrame:
    """One checked file → typed staging rows: one row per station-hour with a column per series.

    Hour ``h`` of file D is the hour ending at D h:00 local time; the natural day of an hour is the date of its
    start (hour 0 of file D belongs to D−1), and ``hour_ending`` numbers the day's hours 1…24. A station-hour
    with every cell empty (a silent station) has no row. Only the first column of a repeated station is read
    (:func:`check_air_file` made sure the copies agree); columns outside ``stations`` are ignored.
    """
    name = source_name(source)
    # The file passed check_air_file, so only its header and a last row cut short (left out) matter here; a
    # blank line reads as an all-null row and is dropped below.
    text = content.removeprefix(codecs.BOM_UTF8)
    newline = text.find(b"\n")
    header = [h.strip() for h in text[: newline if newline >= 0 else len(text)].decode().split(",")]
    body = text[newline + 1:] if newline >= 0 else b""
    tail = body.rstrip(b" \t\r\n")  # blank lines at the end: empty or spaces and tabs (as the check says)
    last = tail.rfind(b"\n") + 1
    if tail[last:].count(b",") + 1 < len(header):
        body = tail[:last]
    wanted_set = set(stations)
    first: dict[str, int] = {}
    for i, code in enumerate(header[3:], start=3):
        if code in wanted_set:
            first.setdefault(code, i)
    codes = list(first)
    # Columns get unique names so a repeated or unknown station cannot clash; only the first copy of a
    # profile station is typed (Float64), the rest are read as text and dropped.
    names = [*KEY_COLUMNS, *(f"c{i}" for i in range(3, len(header)))]
    numeric = {f"c{i}" for i in first.values()}
    schema = {n: pl.Float64 if n in numeric else pl.String for n in names}
    try:
        frame = pl.read_csv(body, has_header=False, schema=schema)
    except pl.exceptions.PolarsError as exc:
        header, data_lines, _ = _check_shape(_decode(content, name), name)
        _check_cells(header, data_lines, name, stations, screen=False)  # names the cell
        raise FeedFormatError(f"{name}: the values could not be read as numbers ({exc})") from None
    # Rows without a type are blank lines; they are left out of the key arrays and the cells below rather than
    # by filtering the frame (a copy of 2,031 columns: 5 ms a file, a tenth of the parse).
    keys = frame.select(pl.col("hour", "type").str.strip_chars()).filter(pl.col("type").is_not_null())
    rows = frame["type"].is_not_null().to_numpy()
    hours = keys["hour"].cast(pl.Int64).to_numpy()
    types = keys["type"].replace_strict(_SERIES_INDEX, return_dtype=pl.Int64).to_numpy()
    n_series, n_stations = len(SERIES_UNITS), len(codes)
    # (series, hour, station) grid: each file row fills one (series, hour) for every station at once.
    grid = np.full((n_series, 24, n_stations), np.nan)
    if n_stations:
        cells = frame.unpivot(on=[f"c{first[c]}" for c in codes], index=[])["value"].to_numpy()
        grid[types, hours, :] = cells.reshape(n_stations, frame.height)[:, rows].T
    flat = grid.reshape(n_series, 24 * n_stations)  # row = series, column = hour × station
    present = np.flatnonzero(~np.isnan(flat).all(axis=0))
    values = flat[:, present]
    staged = pl.DataFrame(
        {"station_code": pl.Series(codes, dtype=pl.String).gather(present % max(n_stations, 1)),
         "hour": pl.Series(present // max(n_stations, 1), dtype=pl.Int16),
         **{column: values[i] for i, column in enumerate(SERIES_COLUMNS.values())}},
        nan_to_null=True)
    # The file's 24 hours once, then looked up by hour (cheaper than time-zone arithmetic per row).
    hours_of_day = pl.DataFrame({"hour": pl.Series(range(24), dtype=pl.Int16)})
    hour_end = (pl.lit(day).cast(pl.Datetime("us")) + pl.duration(hours=pl.col("hour"))).dt.replace_time_zone(timezone)
    hours_of_day = hours_of_day.with_columns(
        hour_end.alias("hour_end"),
        (hour_end - pl.duration(hours=1)).dt.date().alias("day"),
        pl.when(pl.col("hour") == 0).then(24).otherwise(pl.col("hour")).cast(pl.Int16).alias("hour_ending"))
    index = staged["hour"].cast(pl.Int64)
    return staged.select(
        "station_code",
        pl.lit(day).alias("file_date"),
        "hour",
        hours_of_day["hour_end"].gather(index),
        hours_of_day["day"].gather(index),
        hours_of_day["hour_ending"].gather(index),
        *SERIES_COLUMNS.values(),
    )


def source_row(content: bytes, hour: int, series: str) -> int | None:
    """The line number (header = 1) of the (hour, series) row of a file: where a staged value came from."""
    for row, line in enumerate(split_lines(content.decode("utf-8-sig")), start=1):
        fields = line.split(",", 3)
        if row > 1 and len(fields) > 2 and fields[1].strip() == str(hour) and fields[2].strip() == series:
            return row
    return None

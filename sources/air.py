"""The national hourly air release: one CSV per day, ``china_sites_YYYYMMDD.csv``.

Layout: header ``date,hour,type,<station code>…``; one row per hour (0–23) and
series type; an empty cell is a missing value; CO in mg/m³, the rest µg/m³.
Hour ``h`` of file D is the hour *ending* at h:00 of D, so hour 0 is the last
hour of day D−1 (measured against official city daily values, see README).

:func:`read_air_file` gets one day's bytes from a directory or an HTTP base URL;
:func:`parse_air_file` turns them into raw long rows for the profile's stations,
or raises :class:`FeedFormatError` naming the file, row and column.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import requests

from sources.errors import FeedFormatError, FeedMissingError
from sources.http import get_bytes, make_session
from sources.profile import Feed

FILE_PATTERN = re.compile(r"^china_sites_(\d{8})\.csv$")

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

RAW_SCHEMA = {
    "file_date": pl.Date,
    "hour": pl.Int16,
    "series": pl.String,
    "station_code": pl.String,
    "value": pl.String,
    "source_file": pl.String,
    "source_row": pl.Int32,
}


@dataclass(frozen=True)
class AirFile:
    """One parsed day: raw long rows (strings as received) and what was not there."""

    day: dt.date
    source: str
    rows: pl.DataFrame
    missing_stations: tuple[str, ...]
    #: (row, message) of rows left out of a file that was otherwise loaded (a last row cut short).
    rejected_rows: tuple[tuple[int, str], ...] = ()


def file_name(day: dt.date) -> str:
    return f"china_sites_{day:%Y%m%d}.csv"


def local_days(directory: str | Path) -> list[dt.date]:
    """Days with a file in a local feed directory, sorted."""
    days = []
    for path in Path(directory).iterdir():
        match = FILE_PATTERN.match(path.name)
        if match:
            days.append(dt.datetime.strptime(match.group(1), "%Y%m%d").date())
    return sorted(days)


def read_air_file(feed: Feed, day: dt.date, session: requests.Session | None = None,
                  timeout: tuple[float, float] | None = None) -> tuple[bytes, str]:
    """The bytes of one day's file and where they came from.

    The file name is built from the date alone, so no feed text can steer the
    path outside the feed directory.
    """
    name = file_name(day)
    if feed.is_http:
        url = f"{feed.url.rstrip('/')}/{name}"
        kwargs = {} if timeout is None else {"timeout": timeout}
        body = get_bytes(session or make_session(), url, **kwargs)
        if body is None:
            raise FeedMissingError(f"air feed has no file for {day}: GET {url} returned 404")
        return body, url
    path = Path(feed.url) / name
    if not path.is_file():
        raise FeedMissingError(f"air feed has no file for {day}: {path} does not exist")
    return path.read_bytes(), str(path)


def _decode(content: bytes, source: str) -> str:
    try:
        text = content.decode("utf-8-sig")  # a UTF-8 BOM is allowed and dropped
    except UnicodeDecodeError as exc:
        row = content[: exc.start].count(b"\n") + 1
        raise FeedFormatError(f"{source}: row {row}: not UTF-8 text (byte {exc.start}); "
                              "the release is ASCII/UTF-8 — was it re-saved as GBK?") from None
    return text


def _check_shape(text: str, source: str) -> tuple[list[str], str, tuple[tuple[int, str], ...]]:
    """Header and field counts, checked before Polars reads the file.

    Returns the header, the text to read and the rejected rows. A last row with
    too few fields is a transfer cut off: it is rejected (and reported) and the
    complete rows are kept, so the validity rules judge the day. A short or long
    row anywhere else fails the file.
    """
    stripped = text.lstrip()
    if not stripped:
        raise FeedFormatError(f"{source}: row 1: the file is empty")
    if stripped.startswith("<"):
        raise FeedFormatError(f"{source}: row 1: not a CSV file (it looks like an HTML page)")
    lines = text.splitlines()
    header = lines[0].split(",")
    if tuple(h.strip() for h in header[:3]) != KEY_COLUMNS:
        raise FeedFormatError(f"{source}: row 1: header must start with date,hour,type; got {','.join(header[:3])!r}")
    if '"' in text:
        raise FeedFormatError(f"{source}: row {text[: text.index(chr(34))].count(chr(10)) + 1}: "
                              "quoted fields are not part of the format")
    width = len(header)
    data_lines = [(i, line) for i, line in enumerate(lines[1:], start=2) if line.strip()]
    if not data_lines:
        raise FeedFormatError(f"{source}: row 2: the file has a header but no data rows")
    rejected: tuple[tuple[int, str], ...] = ()
    last_row, last_line = data_lines[-1]
    if last_line.count(",") + 1 < width:
        rejected = ((last_row, f"{source}: row {last_row}: cut short ({last_line.count(',') + 1} of {width} "
                                "fields, a transfer cut off): row rejected, the complete rows are kept"),)
        data_lines = data_lines[:-1]
        lines = lines[: last_row - 1]
        if not data_lines:
            raise FeedFormatError(f"{source}: row {last_row}: cut short ({last_line.count(',') + 1} of {width} "
                                  "fields) and no complete row is left")
    for row, line in data_lines:
        n = line.count(",") + 1
        if n != width:
            raise FeedFormatError(f"{source}: row {row}: {n} fields where the header has {width} "
                                  "(row cut short or extra fields)")
    return header, "\n".join(lines), rejected


def _unique_names(header: list[str]) -> list[str]:
    """Header names made unique: a repeated column becomes ``<name>#2``, ``<name>#3`` …"""
    seen: dict[str, int] = {}
    names = []
    for name in (h.strip() for h in header):
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return names


def parse_air_file(content: bytes, source: str, day: dt.date, stations: list[str]) -> AirFile:
    """Raw long rows (one per non-empty cell) of the profile's ``stations``.

    Checks what raw needs to be trusted: header, field counts, the date of every
    row equal to the file's day, hours 0–23, known series types, no repeated
    (hour, type) row and numeric cells. Physical plausibility is the job of the
    staging expectations.
    """
    text = _decode(content, source)
    header, text, rejected = _check_shape(text, source)
    names = _unique_names(header)
    wanted = [code for code in stations if code in names]
    missing = tuple(code for code in stations if code not in names)
    repeats = [name for name in names if name.split("#")[0] in wanted and "#" in name]
    frame = pl.read_csv(io.StringIO(text), infer_schema=False, has_header=False, skip_rows=1, new_columns=names,
                        columns=[names.index(c) for c in (*KEY_COLUMNS, *wanted, *repeats)])
    frame = frame.with_row_index("source_row", offset=2).with_columns(pl.col("source_row").cast(pl.Int32))

    def fail(bad: pl.DataFrame, column: str, why: str) -> None:
        first = bad.row(0, named=True)
        raise FeedFormatError(f"{source}: row {first['source_row']}, column {column}: {why} "
                              f"(got {first[column]!r}; {bad.height} row(s) like this)")

    # A station column that appears twice: one copy is kept when both say the same, else the day fails.
    for repeat in repeats:
        code = repeat.split("#")[0]
        bad = frame.filter(pl.col(code).fill_null("").str.strip_chars()
                           != pl.col(repeat).fill_null("").str.strip_chars())
        if bad.height:
            fail(bad, code, f"the station column appears twice with different values ({repeat} says "
                            f"{bad[repeat][0]!r})")
    frame = frame.drop(repeats)

    expected_date = f"{day:%Y%m%d}"
    bad = frame.filter(pl.col("date").str.strip_chars() != expected_date)
    if bad.height:
        fail(bad, "date", f"row date differs from the file's day {expected_date}")
    hours = pl.col("hour").str.strip_chars().cast(pl.Int16, strict=False)
    bad = frame.filter(hours.is_null() | ~hours.is_between(0, 23))
    if bad.height:
        fail(bad, "hour", "hour must be an integer 0–23")
    bad = frame.filter(~pl.col("type").is_in(list(SERIES_UNITS)))
    if bad.height:
        fail(bad, "type", f"unknown series type (known: {', '.join(SERIES_UNITS)})")
    frame = frame.with_columns(hours.alias("hour"))
    dup = frame.filter(pl.struct("hour", "type").is_duplicated())
    if dup.height:
        fail(dup, "type", f"hour {dup['hour'][0]} has this series type more than once")

    long = (
        frame.unpivot(on=wanted, index=["source_row", "hour", "type"], variable_name="station_code",
                      value_name="value")
        .with_columns(pl.col("value").str.strip_chars())
        .filter(pl.col("value").is_not_null() & (pl.col("value") != ""))
    )
    bad = long.filter(pl.col("value").cast(pl.Float64, strict=False).is_null())
    if bad.height:
        first = bad.row(0, named=True)
        raise FeedFormatError(f"{source}: row {first['source_row']}, column {first['station_code']}: "
                              f"not a number: {first['value']!r} ({bad.height} cell(s) like this)")
    rows = long.select(
        pl.lit(day).alias("file_date"),
        pl.col("hour"),
        pl.col("type").alias("series"),
        "station_code",
        "value",
        pl.lit(Path(source).name if "://" not in source else source.rsplit("/", 1)[-1]).alias("source_file"),
        "source_row",
    ).cast(RAW_SCHEMA)
    return AirFile(day=day, source=source, rows=rows, missing_stations=missing, rejected_rows=rejected)


def stage_air_rows(raw: pl.DataFrame, timezone: str) -> pl.DataFrame:
    """Raw rows → typed long staging rows.

    Hour ``h`` of file D is the hour ending at D h:00 local time; the natural
    day of an hour is the date of its start (hour 0 of file D belongs to D−1),
    and ``hour_ending`` numbers the day's hours 1…24.
    """
    hour_end = (pl.col("file_date").cast(pl.Datetime("us")) + pl.duration(hours=pl.col("hour"))
                ).dt.replace_time_zone(timezone)
    hour_start = hour_end - pl.duration(hours=1)
    return raw.select(
        "station_code",
        hour_start.alias("hour_start"),
        hour_end.alias("hour_end"),
        hour_start.dt.date().alias("day"),
        pl.when(pl.col("hour") == 0).then(24).otherwise(pl.col("hour")).cast(pl.Int16).alias("hour_ending"),
        "file_date",
        "hour",
        "series",
        pl.col("value").cast(pl.Float64),
        pl.col("series").replace_strict(SERIES_UNITS, return_dtype=pl.String).alias("unit"),
        "source_file",
        "source_row",
    )

"""The two surface-water feeds.

1. **Automatic stations** (国家地表水水质自动监测实时数据), the platform's provincial export, one file
   per day: ``water_auto_YYYYMMDD.csv`` or ``.xlsx`` (first sheet). Columns 省份, 流域, 断面名称,
   监测时间 (``MM-DD HH:MM``: no year, it comes from the file's day), 水质类别 (Ⅰ…Ⅴ, 劣Ⅴ), then the
   measurements 水温(℃), pH(无量纲), 溶解氧(mg/L), 电导率(μS/cm), 浊度(NTU), 高锰酸盐指数(mg/L),
   氨氮(mg/L), 总磷(mg/L), 总氮(mg/L), 叶绿素α(mg/L), 藻密度(cells/L); optional 站点情况 (维护, 停运 …).
2. **Manual monthly monitoring** of the sections, one file per month: ``water_sections_YYYYMM.csv``
   (format documented in the README): optional leading ``#`` comment lines, then a header 断面编码,
   断面名称, 采样日期 (YYYY-MM-DD), 采样时间 (HH:MM, may be empty) and one column per GB 3838-2002
   Table 1 item in its Table 1 unit (the unit in brackets is checked when given).

In both, a missing value is ``--`` (or an empty cell) and a result below the detection limit is the
limit followed by ``L`` (``0.01L``). Anything else that is not a number raises
:class:`~sources.air.FeedFormatError` naming the file, the row (line or sheet row, header = 1) and
the column. Raw rows keep the text as received; :func:`stage_auto` / :func:`stage_manual` type them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import requests

from sources.errors import FeedFormatError, FeedMissingError
from sources.http import get_bytes, make_session
from sources.profile import Feed, Profile
from sources.tabular import decode_text
from standards import gb3838

AUTO_PATTERN = re.compile(r"^water_auto_(\d{8})\.(csv|xlsx)$")
MANUAL_PATTERN = re.compile(r"^water_sections_(\d{6})\.csv$")

MISSING = {"--", "—", "-", ""}
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
BELOW_DL = re.compile(r"^(\d+(\.\d*)?|\.\d+)[Ll]$")


@dataclass(frozen=True)
class Column:
    id: str         # column in the warehouse
    header: str     # name in the file (before the unit)
    unit: str | None = None
    required: bool = True


#: The automatic-station export: key columns, then the measurements in their published units.
AUTO_KEYS = [Column("province", "省份"), Column("basin", "流域"), Column("section_name", "断面名称"),
             Column("monitored_at", "监测时间"), Column("published_class", "水质类别"),
             Column("station_status", "站点情况", required=False)]
AUTO_ITEMS = [
    Column("water_temp", "水温", "℃"), Column("ph", "pH", "无量纲"), Column("dissolved_oxygen", "溶解氧", "mg/L"),
    Column("conductivity", "电导率", "μS/cm", False), Column("turbidity", "浊度", "NTU", False),
    Column("codmn", "高锰酸盐指数", "mg/L"), Column("nh3_n", "氨氮", "mg/L"), Column("tp", "总磷", "mg/L"),
    Column("tn", "总氮", "mg/L", False), Column("chlorophyll_a", "叶绿素α", "mg/L", False),
    Column("algal_density", "藻密度", "cells/L", False),
]
#: Header spellings seen for the same column.
AUTO_ALIASES = {"叶绿素a": "叶绿素α", "叶绿素": "叶绿素α", "PH": "pH", "ph": "pH"}

#: The manual file: keys, then every GB 3838-2002 Table 1 basic item in its Table 1 unit.
MANUAL_KEYS = [Column("section_code", "断面编码"), Column("section_name", "断面名称", required=False),
               Column("sampled_on", "采样日期"), Column("sampling_time", "采样时间", required=False)]
MANUAL_ITEMS = [Column(item.id, "六价铬" if item.id == "chromium_vi" else item.name_zh, item.unit)
                for item in gb3838.ITEMS.values()]
MANUAL_ALIASES = {"铬(六价)": "六价铬", "PH": "pH", "ph": "pH", "DO": "溶解氧", "COD": "化学需氧量",
                  "BOD5": "五日生化需氧量", "CODMn": "高锰酸盐指数"}

#: 站点情况 values that mean a reading is normal; any other status (维护, 停运, 故障, 调试 …) keeps
#: the row in raw and leaves it out of staging and assessment.
NORMAL_STATUS = {"", "--", "正常", "正常运行"}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _split_header(text: str) -> tuple[str, str | None]:
    """'总磷(mg/L)' → ('总磷', 'mg/L'); full-width brackets too."""
    text = _norm(text)
    match = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", text)
    if match and match.group(1):
        return match.group(1).strip(), match.group(2).strip()
    return text, None


def source_name(source: str) -> str:
    return source.rsplit("/", 1)[-1] if "://" in source else Path(source).name


# ── reading files ───────────────────────────────────────────────────────────────────────────────────────
def auto_file_names(day: dt.date) -> list[str]:
    return [f"water_auto_{day:%Y%m%d}.csv", f"water_auto_{day:%Y%m%d}.xlsx"]


def manual_file_name(month: dt.date) -> str:
    return f"water_sections_{month:%Y%m}.csv"


def local_auto_days(directory: str | Path) -> list[dt.date]:
    """Days with an automatic-station file in a local directory, sorted."""
    days = {dt.datetime.strptime(m.group(1), "%Y%m%d").date()
            for p in Path(directory).iterdir() if (m := AUTO_PATTERN.match(p.name))}
    return sorted(days)


def local_manual_months(directory: str | Path) -> list[dt.date]:
    """First days of the months with a manual file in a local directory, sorted."""
    return sorted(dt.datetime.strptime(m.group(1), "%Y%m").date()
                  for p in Path(directory).iterdir() if (m := MANUAL_PATTERN.match(p.name)))


def _fetch(feed: Feed, names: list[str], what: str, session: requests.Session | None,
           timeout: tuple[float, float] | None) -> tuple[bytes, str]:
    """The bytes of the first of ``names`` the feed has (file names are built from dates only)."""
    if feed.is_http:
        kwargs = {} if timeout is None else {"timeout": timeout}
        session = session or make_session()
        for name in names:
            url = f"{feed.url.rstrip('/')}/{name}"
            body = get_bytes(session, url, **kwargs)
            if body is not None:
                return body, url
        raise FeedMissingError(f"{what}: GET {feed.url.rstrip('/')}/{' or '.join(names)} returned 404")
    present = [Path(feed.url) / n for n in names if (Path(feed.url) / n).is_file()]
    if not present:
        raise FeedMissingError(f"{what}: {' or '.join(str(Path(feed.url) / n) for n in names)} does not exist")
    if len(present) > 1:
        raise FeedFormatError(f"{present[0]}: row 1: the day has both {' and '.join(p.name for p in present)}; "
                              "keep one")
    return present[0].read_bytes(), str(present[0])


def read_auto_file(feed: Feed, day: dt.date, session: requests.Session | None = None,
                   timeout: tuple[float, float] | None = None) -> tuple[bytes, str]:
    return _fetch(feed, auto_file_names(day), f"water_auto feed has no file for {day}", session, timeout)


def read_manual_file(feed: Feed, month: dt.date, session: requests.Session | None = None,
                     timeout: tuple[float, float] | None = None) -> tuple[bytes, str]:
    return _fetch(feed, [manual_file_name(month)], f"water_manual feed has no file for {month:%Y-%m}", session,
                  timeout)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%m-%d %H:%M")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def read_rows(content: bytes, source: str) -> list[tuple[int, list[str]]]:
    """(row number, cells as text) of a CSV or XLSX file, header first; ``#`` comment lines and blank
    rows are skipped but keep their numbers counted."""
    if content[:2] == b"PK" or source.lower().endswith(".xlsx"):
        import openpyxl  # only XLSX files need it

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise FeedFormatError(f"{source}: row 1: not a readable XLSX workbook ({exc})") from None
        try:
            sheet = book.worksheets[0]
            rows = [(n, [_cell_text(v) for v in values])
                    for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
            width = max((len(cells) for _, cells in rows), default=0)
            rows = [(n, cells + [""] * (width - len(cells))) for n, cells in rows]  # a sheet has no short rows
        finally:
            book.close()
    else:
        text = decode_text(content, source)
        if text.lstrip().startswith("<"):
            raise FeedFormatError(f"{source}: row 1: not a CSV file (it looks like an HTML page)")
        rows = [(n, [c.strip() for c in cells])
                for n, cells in enumerate(csv.reader(io.StringIO(text)), start=1)]
    out = [(n, cells) for n, cells in rows
           if any(cells) and not (cells and cells[0].startswith("#"))]
    if not out:
        raise FeedFormatError(f"{source}: row 1: the file is empty")
    return out


def _columns(header: tuple[int, list[str]], keys: list[Column], items: list[Column], source: str,
             aliases: dict[str, str] | None = None) -> dict[str, int]:
    """Position of each known column; required ones must be there, units must match."""
    row, cells = header
    wanted = {_norm(c.header): c for c in [*keys, *items]}
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        if not cell:
            continue
        name, unit = _split_header(cell)
        name = (aliases or {}).get(name, name)
        column = wanted.get(name)
        if column is None:
            continue
        if column.id in found:
            raise FeedFormatError(f"{source}: row {row}, column {cell}: the column appears twice")
        if unit is not None and column.unit is not None and _norm(unit).lower() != _norm(column.unit).lower():
            raise FeedFormatError(f"{source}: row {row}, column {cell}: unit {unit!r} where {column.unit!r} is "
                                  "expected")
        found[column.id] = i
    missing = [c.header for c in [*keys, *items] if c.required and c.id not in found]
    if missing:
        raise FeedFormatError(f"{source}: row {row}: missing column(s) {', '.join(missing)} "
                              f"(header: {','.join(cells)})")
    return found


def _check_value(text: str, source: str, row: int, header: str) -> None:
    if text in MISSING or NUMBER.match(text) or BELOW_DL.match(text):
        return
    raise FeedFormatError(f"{source}: row {row}, column {header}: not a number, '--' or a detection-limit "
                          f"value like 0.01L: {text!r}")


def _table(rows: list[tuple[int, list[str]]], positions: dict[str, int], columns: list[Column],
           source: str) -> dict[str, list]:
    header_cells = rows[0][1]
    data: dict[str, list] = {c.id: [] for c in columns}
    data["source_row"] = []
    width = len(header_cells)
    for row, cells in rows[1:]:
        if (len(cells) > width and any(cells[width:])) or len(cells) < width:
            raise FeedFormatError(f"{source}: row {row}: {len(cells)} fields where the header has {width} "
                                  "(row cut short or extra fields)")
        data["source_row"].append(row)
        for c in columns:
            i = positions.get(c.id)
            data[c.id].append(cells[i] if i is not None and i < len(cells) else None)
    if not data["source_row"]:
        raise FeedFormatError(f"{source}: row {rows[0][0] + 1}: the file has a header but no data rows")
    return data


def _check_items(data: dict[str, list], positions: dict[str, int], items: list[Column], header: list[str],
                 source: str) -> None:
    for c in items:
        if c.id not in positions:
            continue
        for row, text in zip(data["source_row"], data[c.id], strict=True):
            _check_value(text or "", source, row, header[positions[c.id]])


# ── automatic stations ─────────────────────────────────────────────────────────────────────────────────
RAW_AUTO_SCHEMA = {
    "file_date": pl.Date, "source_file": pl.String, "source_row": pl.Int32, "province": pl.String,
    "basin": pl.String, "section_name": pl.String, "monitored_at": pl.String, "published_class": pl.String,
    "station_status": pl.String, **{c.id: pl.String for c in AUTO_ITEMS},
}
_TIME = re.compile(r"^(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{2})$")


def auto_timestamp(text: str, day: dt.date) -> dt.datetime | None:
    """``MM-DD HH:MM`` with the year of the file's day; of the years around it, the one that puts the
    reading closest to the day (a 12-31 reading in a 01-01 file is of the year before)."""
    match = _TIME.match(text.strip())
    if not match:
        return None
    month, mday, hour, minute = (int(g) for g in match.groups())
    best = None
    for year in (day.year - 1, day.year, day.year + 1):
        try:
            stamp = dt.datetime(year, month, mday, hour, minute)
        except ValueError:
            continue
        if hour > 23 or minute > 59:
            return None
        if best is None or abs(stamp.date() - day) < abs(best.date() - day):
            best = stamp
    return best


def published_class_label(text: str | None) -> str | None:
    """The platform's 水质类别 as Ⅰ…Ⅴ / 劣Ⅴ; None for '--' or empty; ValueError otherwise."""
    if text is None or text.strip() in MISSING:
        return None
    return gb3838.CLASS_LABELS[gb3838.class_number(_norm(text).replace("劣v", "劣V"))]


def parse_auto_file(content: bytes, source: str, day: dt.date) -> pl.DataFrame:
    """Raw rows (text as received) of one automatic-station file for ``day``.

    Checks: header (required columns, units), 监测时间 ``MM-DD HH:MM``, 水质类别 a class or ``--``, every
    measurement a number, ``--`` or ``…L``, a section name on each row. Known sections, ranges,
    duplicates and the time window are the staging expectations' job.
    """
    rows = read_rows(content, source)
    positions = _columns(rows[0], AUTO_KEYS, AUTO_ITEMS, source, AUTO_ALIASES)
    header = rows[0][1]
    data = _table(rows, positions, [*AUTO_KEYS, *AUTO_ITEMS], source)
    for row, name in zip(data["source_row"], data["section_name"], strict=True):
        if not name:
            raise FeedFormatError(f"{source}: row {row}, column {header[positions['section_name']]}: empty")
    for row, text in zip(data["source_row"], data["monitored_at"], strict=True):
        if auto_timestamp(text or "", day) is None:
            raise FeedFormatError(f"{source}: row {row}, column {header[positions['monitored_at']]}: "
                                  f"not a time MM-DD HH:MM: {text!r}")
    for row, text in zip(data["source_row"], data["published_class"], strict=True):
        try:
            published_class_label(text)
        except ValueError:
            raise FeedFormatError(f"{source}: row {row}, column {header[positions['published_class']]}: "
                                  f"not a class Ⅰ…Ⅴ, 劣Ⅴ or '--': {text!r}") from None
    _check_items(data, positions, AUTO_ITEMS, header, source)
    return pl.DataFrame({
        "file_date": [day] * len(data["source_row"]),
        "source_file": [source_name(source)] * len(data["source_row"]),
        **data,
    }).select(list(RAW_AUTO_SCHEMA)).cast(RAW_AUTO_SCHEMA)


def _value(column: str) -> pl.Expr:
    """Text → Float64: '--'/empty → null, '0.01L' → 0.01 (the detection limit)."""
    text = pl.col(column).str.strip_chars()
    return (pl.when(text.is_in(list(MISSING)) | text.is_null()).then(None)
            .otherwise(text.str.strip_suffix("L").str.strip_suffix("l")).cast(pl.Float64).alias(column))


def _below_dl(columns: list[str]) -> pl.Expr:
    """The items of the row reported below their detection limit, as a list."""
    flags = [pl.when(pl.col(c).str.strip_chars().str.contains(r"^[0-9.]+[Ll]$")).then(pl.lit(c)) for c in columns]
    return pl.concat_list(flags).list.drop_nulls().alias("below_dl_items")


def section_lookup(profile: Profile) -> pl.DataFrame:
    """Every section the profile knows: the city's (code, county, target …) and the feed's others."""
    rows = [{"section_name": s.name, "section_code": s.code, "water_type": s.water_type, "in_city": True}
            for s in profile.water_sections]
    rows += [{"section_name": s.name, "section_code": None, "water_type": s.water_type, "in_city": False}
             for s in profile.water_other_sections]
    return pl.DataFrame(rows, schema={"section_name": pl.String, "section_code": pl.String,
                                      "water_type": pl.String, "in_city": pl.Boolean})


STAGED_AUTO_COLUMNS = ["section_name", "section_code", "water_type", "in_city", "monitored_at", "day",
                       "file_date", "published_class", "station_status", *[c.id for c in AUTO_ITEMS],
                       "below_dl_items", "source_file", "source_row"]


def stage_auto(raw: pl.DataFrame, profile: Profile) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Raw automatic-station rows → (staged readings, rows left out for their 站点情况).

    Typed values, the reading's local time (year from the file's day), the section's code and water
    type from the profile (null for a section the profile does not know: the suite rejects it).
    """
    status = pl.col("station_status").str.strip_chars().fill_null("")
    out_of_service = raw.filter(~status.is_in(list(NORMAL_STATUS)))
    rows = raw.filter(status.is_in(list(NORMAL_STATUS)))
    stamps = [auto_timestamp(t, d) for t, d in zip(rows["monitored_at"], rows["file_date"], strict=True)]
    items = [c.id for c in AUTO_ITEMS]
    staged = (
        rows.with_columns(
            pl.Series("monitored_at", stamps, dtype=pl.Datetime("us")).dt.replace_time_zone(profile.timezone),
            pl.col("published_class").map_elements(published_class_label, return_dtype=pl.String),
            pl.col("station_status").str.strip_chars(),
            _below_dl(items),
            *[_value(c) for c in items],
        )
        .with_columns(pl.col("monitored_at").dt.date().alias("day"))
        .join(section_lookup(profile), on="section_name", how="left")
    )
    return staged.select(STAGED_AUTO_COLUMNS), out_of_service


# ── manual monthly monitoring ──────────────────────────────────────────────────────────────────────────
RAW_MANUAL_SCHEMA = {
    "month": pl.Date, "source_file": pl.String, "source_row": pl.Int32, "section_code": pl.String,
    "section_name": pl.String, "sampled_on": pl.String, "sampling_time": pl.String,
    **{c.id: pl.String for c in MANUAL_ITEMS},
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HHMM = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


def parse_manual_file(content: bytes, source: str, month: dt.date) -> pl.DataFrame:
    """Raw rows (text as received) of one manual monthly file.

    Checks: header (every Table 1 item, units), 断面编码 present, 采样日期 a date YYYY-MM-DD, 采样时间
    HH:MM or empty, every value a number, ``--`` or ``…L``. Known sections, the month and duplicates
    are checked by the staging expectations.
    """
    rows = read_rows(content, source)
    positions = _columns(rows[0], MANUAL_KEYS, MANUAL_ITEMS, source, MANUAL_ALIASES)
    header = rows[0][1]
    data = _table(rows, positions, [*MANUAL_KEYS, *MANUAL_ITEMS], source)
    for row, code, on, at in zip(data["source_row"], data["section_code"], data["sampled_on"],
                                 data["sampling_time"], strict=True):
        if not code:
            raise FeedFormatError(f"{source}: row {row}, column {header[positions['section_code']]}: empty")
        try:
            if not _DATE.match(on or ""):
                raise ValueError
            dt.date.fromisoformat(on)
        except ValueError:
            raise FeedFormatError(f"{source}: row {row}, column {header[positions['sampled_on']]}: "
                                  f"not a date YYYY-MM-DD: {on!r}") from None
        if at and not _HHMM.match(at):
            raise FeedFormatError(f"{source}: row {row}, column {header[positions['sampling_time']]}: "
                                  f"not a time HH:MM: {at!r}")
    _check_items(data, positions, MANUAL_ITEMS, header, source)
    return pl.DataFrame({
        "month": [month] * len(data["source_row"]),
        "source_file": [source_name(source)] * len(data["source_row"]),
        **data,
    }).select(list(RAW_MANUAL_SCHEMA)).cast(RAW_MANUAL_SCHEMA)


STAGED_MANUAL_COLUMNS = ["section_code", "section_name", "water_type", "sampled_on", "sampling_time", "month",
                         *[c.id for c in MANUAL_ITEMS], "below_dl_items", "source_file", "source_row"]


def stage_manual(raw: pl.DataFrame, profile: Profile) -> pl.DataFrame:
    """Raw manual rows → typed samples with the section's water type from the profile (null when the
    code is unknown: the suite rejects it). An empty 断面名称 takes the profile's name."""
    sections = pl.DataFrame(
        [{"section_code": s.code, "profile_name": s.name, "water_type": s.water_type}
         for s in profile.water_sections],
        schema={"section_code": pl.String, "profile_name": pl.String, "water_type": pl.String})
    items = [c.id for c in MANUAL_ITEMS]
    staged = (
        raw.with_columns(
            pl.col("sampled_on").str.to_date("%Y-%m-%d"),
            pl.when(pl.col("sampling_time") == "").then(None).otherwise(pl.col("sampling_time"))
            .alias("sampling_time"),
            _below_dl(items),
            *[_value(c) for c in items],
        )
        .join(sections, on="section_code", how="left")
        .with_columns(pl.when(pl.col("section_name").is_null() | (pl.col("section_name") == ""))
                      .then(pl.col("profile_name")).otherwise(pl.col("section_name")).alias("section_name"))
    )
    return staged.select(STAGED_MANUAL_COLUMNS)

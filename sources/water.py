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
import gzip
import io
import math
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import requests

from sources.errors import FeedFormatError, FeedMissingError
from sources.http import get_bytes, make_session
from sources.profile import Feed, Profile
from sources.tabular import decode_text
from sources.water_page import original_value, parse_page, place
from standards import gb3838

#: One export per day (CSV or XLSX), or any number of saves of the platform's page for the day: the page
#: saved at HH:MM:SS local time (``water_auto_20251106T235129.html``, ``.html.gz`` compressed) or served
#: once for the day (``water_auto_20251106.html``).
AUTO_PATTERN = re.compile(r"^water_auto_([0-9]{8})(?:\.(csv|xlsx)|(T[0-9]{6})?\.(html|html\.gz))$")
MANUAL_PATTERN = re.compile(r"^water_sections_([0-9]{6})\.csv$")

#: ``*`` is the platform's "not measured at this station"; the others, no value.
MISSING = {"--", "—", "-", "", "*"}
#: ASCII digits only (``\d`` would accept full-width ``１２`` and other Unicode digits).
NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
BELOW_DL = re.compile(r"^([0-9]+(\.[0-9]*)?|\.[0-9]+)[Ll]$")


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


def _name_date(name: str) -> tuple[dt.date | None, str | None]:
    """(the day or month a feed file name gives, None) or (None, why the name is refused)."""
    if (m := AUTO_PATTERN.match(name)) or (m := MANUAL_PATTERN.match(name)):
        fmt = "%Y%m%d" if len(m.group(1)) == 8 else "%Y%m"
        try:
            day = dt.datetime.strptime(m.group(1), fmt).date()
            if m.re is AUTO_PATTERN and m.group(3):
                dt.datetime.strptime(m.group(1) + m.group(3), "%Y%m%dT%H%M%S")
        except ValueError:
            return None, f"{name}: the name's date{'' if len(m.group(1)) == 8 else ' (month)'} does not exist"
        return day, None
    return None, None


def refused_names(directory: str | Path) -> list[tuple[str, str]]:
    """(file, reason) of the water feed files of a local directory whose name has an impossible date
    (``water_sections_202613.csv``, ``water_auto_20250230.csv``): refused by name, the others load."""
    return sorted((p.name, why) for p in Path(directory).iterdir() if p.is_file() and (why := _name_date(p.name)[1]))


def _feed_files(directory: str | Path, pattern: re.Pattern) -> list[tuple[Path, dt.date]]:
    """Regular files (no symlinks) of the directory named by ``pattern`` with a date that exists."""
    out = []
    for p in Path(directory).iterdir():
        if pattern.match(p.name) and p.is_file() and not p.is_symlink():
            day, _ = _name_date(p.name)
            if day is not None:
                out.append((p, day))
    return out


def local_auto_days(directory: str | Path) -> list[dt.date]:
    """Days with an automatic-station file (export or page saves) in a local directory, sorted; a name with
    an impossible date is left out (:func:`refused_names`)."""
    return sorted({day for _, day in _feed_files(directory, AUTO_PATTERN)})


def local_manual_months(directory: str | Path) -> list[dt.date]:
    """First days of the months with a manual file in a local directory, sorted (impossible months left out)."""
    return sorted({day for _, day in _feed_files(directory, MANUAL_PATTERN)})


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


def read_auto_files(feed: Feed, day: dt.date, session: requests.Session | None = None,
                    timeout: tuple[float, float] | None = None) -> list[tuple[bytes, str]]:
    """The day's automatic-station files as (bytes, source), oldest page save first.

    Local: the day's CSV or XLSX export (both is an error), or every saved page of the day
    (``water_auto_YYYYMMDDTHHMMSS.html[.gz]``, ``water_auto_YYYYMMDD.html``), not both kinds. HTTP: the
    first of ``.csv``, ``.xlsx``, ``.html`` the server has for the day.
    """
    what = f"water_auto feed has no file for {day}"
    if feed.is_http:
        return [_fetch(feed, [*auto_file_names(day), f"water_auto_{day:%Y%m%d}.html"], what, session, timeout)]
    files = sorted(p for p, d in _feed_files(feed.url, AUTO_PATTERN) if d == day)
    if not files:
        raise FeedMissingError(f"{what}: {' or '.join(str(Path(feed.url) / n) for n in auto_file_names(day))} "
                               "(or a saved page water_auto_" f"{day:%Y%m%d}" "THHMMSS.html) does not exist")
    pages = [p for p in files if ".html" in p.name]
    exports = [p for p in files if p not in pages]
    if len(exports) > 1 or (exports and pages):
        raise FeedFormatError(f"{files[0]}: row 1: the day has {' and '.join(p.name for p in files)}; keep one "
                              "export, or only the saved pages")
    return [(p.read_bytes(), str(p)) for p in files]


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
    """A value is '--' (or empty, '*'), a finite number or a detection limit ``0.01L``, in ASCII digits."""
    if text in MISSING:
        return
    if NUMBER.match(text) or BELOW_DL.match(text):
        if math.isfinite(float(text.rstrip("Ll"))):
            return
        raise FeedFormatError(f"{source}: row {row}, column {header}: not a finite number: {text[:40]!r}")
    raise FeedFormatError(f"{source}: row {row}, column {header}: not a number in ASCII digits, '--' or a "
                          f"detection-limit value like 0.01L: {text[:40]!r}")


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
    "file_date": pl.Date, "source_file": pl.String, "source_row": pl.Int32, "saved_at": pl.Datetime("us"),
    "province": pl.String, "basin": pl.String, "city": pl.String, "river": pl.String, "section_name": pl.String,
    "monitored_at": pl.String, "published_class": pl.String, "station_status": pl.String,
    **{c.id: pl.String for c in AUTO_ITEMS}, **{f"{c.id}_original": pl.String for c in AUTO_ITEMS},
}
#: A compressed page may not unpack to more than this (a small gzip can unpack to gigabytes).
MAX_PAGE_BYTES = 64 * 1024 * 1024
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


def saved_at(source: str) -> dt.datetime | None:
    """The local time a page was saved, from ``water_auto_YYYYMMDDTHHMMSS.html``; None otherwise."""
    m = AUTO_PATTERN.match(source_name(source))
    return dt.datetime.strptime(m.group(1) + m.group(3), "%Y%m%dT%H%M%S") if m and m.group(3) else None


def is_page(content: bytes, source: str) -> bool:
    name = source_name(source).lower()
    return name.endswith((".html", ".html.gz")) or content[:2] == b"\x1f\x8b"


def _page_text(content: bytes, source: str) -> str:
    if content[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(content)) as f:
                content = f.read(MAX_PAGE_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise FeedFormatError(f"{source}: row 1: not a readable gzip file ({exc})") from None
        if len(content) > MAX_PAGE_BYTES:
            raise FeedFormatError(f"{source}: row 1: unpacks to more than {MAX_PAGE_BYTES:,} bytes")
    return decode_text(content, source)


def page_rows(content: bytes, source: str) -> tuple[list[tuple[int, list[str]]], list[list[str | None]]]:
    """The platform page as numbered rows of displayed text (header = row 1) and, per data row, each cell's
    tooltip (the raw value 原始值, or 所在地市/所属河流 on the section name)."""
    table = parse_page(_page_text(content, source), source)
    rows = [(1, table.header)] + [(n, [c.text for c in cells]) for n, cells in enumerate(table.rows, start=2)]
    return rows, [[c.tooltip for c in cells] for cells in table.rows]


def _is_normal(status: str | None) -> bool:
    return (status or "").strip() in NORMAL_STATUS


def parse_auto_file(content: bytes, source: str, day: dt.date) -> pl.DataFrame:
    """Raw rows (text as received) of one automatic-station file for ``day``: the CSV/XLSX export or a
    saved page of the platform (both layouts, see :mod:`sources.water_page`).

    Checks: header (required columns, units), 监测时间 ``MM-DD HH:MM`` (may be empty on a row whose
    站点情况 is 维护/停运 …), 水质类别 a class or ``--``, every measurement (and on a page every raw value)
    a finite number in ASCII digits, ``--``, ``*`` or ``…L``, a section name on each row. Known sections,
    ranges, duplicates and the time window are the staging expectations' job.
    """
    page = is_page(content, source)
    tooltips: list[list[str | None]] = []
    if page:
        rows, tooltips = page_rows(content, source)
    else:
        rows = read_rows(content, source)
    positions = _columns(rows[0], AUTO_KEYS, AUTO_ITEMS, source, AUTO_ALIASES)
    header = rows[0][1]
    data = _table(rows, positions, [*AUTO_KEYS, *AUTO_ITEMS], source)
    for row, name in zip(data["source_row"], data["section_name"], strict=True):
        if not name:
            raise FeedFormatError(f"{source}: row {row}, column {header[positions['section_name']]}: empty")
    for row, text, status in zip(data["source_row"], data["monitored_at"], data["station_status"], strict=True):
        if not text and not _is_normal(status):
            continue  # a station under maintenance publishes no time: kept in raw, never staged
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
    n = len(data["source_row"])
    extra: dict[str, list] = {"city": [None] * n, "river": [None] * n,
                              **{f"{c.id}_original": [None] * n for c in AUTO_ITEMS}}
    if page:
        name_at = positions["section_name"]
        for k, (row, tips) in enumerate(zip(data["source_row"], tooltips, strict=True)):
            extra["city"][k], extra["river"][k] = place(tips[name_at] if name_at < len(tips) else None)
            for c in AUTO_ITEMS:
                i = positions.get(c.id)
                if i is None or i >= len(tips):
                    continue
                value = original_value(tips[i])
                if value is not None:
                    _check_value(value, source, row, f"{header[i]} 原始值")
                extra[f"{c.id}_original"][k] = value
    return pl.DataFrame({
        "file_date": [day] * n,
        "source_file": [source_name(source)] * n,
        "saved_at": [saved_at(source)] * n,
        **data, **extra,
    }).select(list(RAW_AUTO_SCHEMA)).cast(RAW_AUTO_SCHEMA)


def _value(column: str) -> pl.Expr:
    """Text → Float64: '--'/'*'/empty → null, '0.01L' → 0.01 (the detection limit)."""
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


#: The items of the class (pH, DO, CODMn, NH3-N, TP) also keep the value the platform displayed, on which
#: it computes its published 水质类别.
DISPLAYED_ITEMS = list(gb3838.AUTO_ASSESSED_ITEMS)

STAGED_AUTO_COLUMNS = ["section_name", "section_code", "water_type", "in_city", "city", "river", "monitored_at",
                       "day", "file_date", "published_class", "station_status", *[c.id for c in AUTO_ITEMS],
                       *[f"{i}_displayed" for i in DISPLAYED_ITEMS], "below_dl_items", "saved_at", "versions",
                       "revisions", "source_file", "source_row"]
_VERSION_FIELDS = ["published_class", "station_status", *[c.id for c in AUTO_ITEMS],
                   *[f"{c.id}_original" for c in AUTO_ITEMS]]


def _label(column: str) -> str:
    item = column.removesuffix("_original")
    names = {"published_class": "水质类别", "station_status": "站点情况", **{c.id: c.header for c in AUTO_ITEMS}}
    name = names[item]
    return f"{name} 原始值" if column.endswith("_original") else name


def latest_versions(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per section and 监测时间: the latest version (the last page save; a revision is data, not a
    duplicate). ``versions`` counts the files that published the reading and ``revisions`` lists what an
    earlier version showed where it differs from the latest (``<file>: 总磷 0.083→0.085``). Two rows of the
    same file for one reading stay both (the suite rejects the duplicate)."""
    if rows.is_empty():
        return rows.with_columns(pl.lit(None, pl.Int32).alias("versions"), pl.lit(None, pl.String).alias("revisions"))
    rows = rows.sort("section_name", "monitored_at", pl.col("saved_at"), "source_file", "source_row",
                     nulls_last=False)
    keep, versions, revisions = [], [], []
    for _, group in rows.group_by("section_name", "monitored_at", maintain_order=True):
        per_file = group.group_by("source_file", maintain_order=True).len()
        if per_file["len"].max() > 1 or group.height == 1:
            keep += group.rows(named=True)
            versions += [1] * group.height
            revisions += [None] * group.height
            continue
        history = group.rows(named=True)
        last = history[-1]
        notes = []
        for earlier in history[:-1]:
            changed = [f"{_label(f)} {earlier[f] if earlier[f] is not None else '∅'}→"
                       f"{last[f] if last[f] is not None else '∅'}"
                       for f in _VERSION_FIELDS if earlier[f] != last[f]]
            if changed:
                notes.append(f"{earlier['source_file']}: {', '.join(changed)}")
        keep.append(last)
        versions.append(group.height)
        revisions.append("; ".join(notes) or None)
    return pl.DataFrame(keep, schema=rows.schema).with_columns(
        pl.Series("versions", versions, dtype=pl.Int32), pl.Series("revisions", revisions, dtype=pl.String))


def stage_auto(raw: pl.DataFrame, profile: Profile) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Raw automatic-station rows → (staged readings, rows left out for their 站点情况, rows of sections
    the profile does not know).

    Typed values (a page's raw value 原始值 where it gives one, else the displayed/exported value), the
    displayed value of the five class items, the reading's local time (year from the file's day), the latest
    version of each reading (:func:`latest_versions`), the section's code and water type from the profile.
    A section unknown to the profile is left out and reported, unless the platform tags it with the
    profile's city (所在地市): then it stays, and the suite rejects the day (a section of the city must
    not be dropped silently).
    """
    status = pl.col("station_status").str.strip_chars().fill_null("")
    timed = pl.col("monitored_at").fill_null("") != ""
    latest = latest_versions(raw.filter(timed))    # the latest save decides, its 站点情况 included
    out_of_service = pl.concat([raw.filter(~timed), latest.drop("versions", "revisions")]).filter(
        ~status.is_in(list(NORMAL_STATUS)))
    rows = latest.filter(status.is_in(list(NORMAL_STATUS)))
    stamps = [auto_timestamp(t, d) for t, d in zip(rows["monitored_at"], rows["file_date"], strict=True)]
    items = [c.id for c in AUTO_ITEMS]
    city_names = {a.name for a in profile.areas if a.level == "city" and not a.peer}
    staged = (
        rows.with_columns(
            pl.Series("monitored_at", stamps, dtype=pl.Datetime("us")).dt.replace_time_zone(profile.timezone),
            pl.col("published_class").map_elements(published_class_label, return_dtype=pl.String),
            pl.col("station_status").str.strip_chars(),
            _below_dl(items),
            *[_value(i).alias(f"{i}_displayed") for i in DISPLAYED_ITEMS],
            *[pl.coalesce(_value(f"{c}_original"), _value(c)).alias(c) for c in items],
        )
        .with_columns(pl.col("monitored_at").dt.date().alias("day"))
        .join(section_lookup(profile), on="section_name", how="left")
    )
    unknown = staged.filter(pl.col("water_type").is_null() & ~pl.col("city").is_in(list(city_names)).fill_null(False))
    staged = staged.filter(pl.col("water_type").is_not_null() | pl.col("city").is_in(list(city_names)).fill_null(False))
    return (staged.with_columns(pl.col("in_city").fill_null(False)).select(STAGED_AUTO_COLUMNS), out_of_service,
            unknown.select("section_name", "city", "river", "monitored_at", "source_file", "source_row"))


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

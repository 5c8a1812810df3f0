"""Published city daily air values (the aqistudy.cn ``daydata`` layout), read for reconciliation.

aqistudy.cn (中国空气质量在线监测分析平台, 历史数据) republishes the national city daily report; a crawl of it
keeps one CSV per city (see feeds/air_city_daily/SOURCE.md): a UTF-8 header with BOM and the columns

    aqi,co,no2,o3,pm10,pm2_5,quality,rank,so2,time_point

one row per day: AQI (HJ 633-2012), CO 24-h mean in mg/m³ (1 decimal), NO2, PM10, PM2.5 and SO2 24-h means
and O3 daily maximum 8-h mean in µg/m³, 质量等级 (优 … 严重污染), aqistudy's national rank (not an official
field, not kept) and the date. Columns are found by name, in any order. An empty cell is a missing value.

:func:`read_published_city_daily` returns typed columns ``day, aqi, so2, no2, co, pm10, pm2_5, o3_8h_max,
category``, one row per day, sorted by day. A file that breaks the layout raises
:class:`~sources.errors.FeedFormatError` naming the file, the row (header = 1) and the column as the file
spells it; a missing file raises :class:`~sources.errors.FeedMissingError`. No Dagster here.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.errors import FeedFormatError, FeedMissingError
from sources.tabular import Checker, Column, check_numbers, number, read_table, to_frame
from standards import hj633

#: Published column → (our column, at most this many decimals). O3 is the daily max 8-h mean (MDA8).
CONCENTRATIONS: dict[str, tuple[str, int]] = {
    "so2": ("so2", 0), "no2": ("no2", 0), "co": ("co", 1), "pm10": ("pm10", 0), "pm2_5": ("pm2_5", 0),
    "o3": ("o3_8h_max", 0),
}

COLUMNS = [
    Column("aqi", ("aqi",)),
    *(Column(name, (name,)) for name in CONCENTRATIONS),
    Column("quality", ("quality",)),
    Column("time_point", ("time_point",)),
    Column("rank", ("rank",), required=False),
]

#: 质量等级 as HJ 633-2012 Table 2 names them.
CATEGORY_NAMES = (*(c[2] for c in hj633.CATEGORIES), hj633.TOP_CATEGORY[1])

SCHEMA = {"day": pl.Date, "aqi": pl.Int64, "so2": pl.Float64, "no2": pl.Float64, "co": pl.Float64,
          "pm10": pl.Float64, "pm2_5": pl.Float64, "o3_8h_max": pl.Float64, "category": pl.String}


def read_published_city_daily(path: str | Path) -> pl.DataFrame:
    """The published city daily values of one file (see the module docstring)."""
    source = str(path)
    try:
        content = Path(path).read_bytes()
    except FileNotFoundError:
        raise FeedMissingError(f"{source}: published city daily file not found") from None
    table = read_table(content, source)
    for n, cells in table.rows:
        if len(cells) < len(table.header):
            raise FeedFormatError(f"{source}: row {n}: {len(cells)} fields where the header has {len(table.header)}")
    frame, labels = to_frame(table, COLUMNS)
    check = Checker(source, labels)

    check.required(frame, ["time_point"])
    day = pl.col("time_point").str.to_date("%Y-%m-%d", strict=False)
    check.where(frame, day.is_null(), "time_point", "not a date YYYY-MM-DD")
    check.where(frame.with_columns(day.alias("_day")), ~pl.col("_day").is_first_distinct(), "time_point",
                "the day appears twice")

    check_numbers(check, frame, ["aqi"], max_decimals=0)
    for name, (_, places) in CONCENTRATIONS.items():
        check_numbers(check, frame, [name], max_decimals=places)
    check.where(frame, pl.col("quality").is_not_null() & ~pl.col("quality").is_in(CATEGORY_NAMES), "quality",
                f"not a 质量等级 of HJ 633-2012 ({'、'.join(CATEGORY_NAMES)})")
    # A shifted or mislabelled column shows here: 质量等级 is a function of the AQI (HJ 633-2012 Table 2).
    check.where(frame, hj633.category(number("aqi")) != pl.col("quality"), "quality",
                "not the category of the row's AQI (HJ 633-2012 Table 2)")

    out = frame.select(
        day.alias("day"),
        number("aqi").cast(pl.Int64).alias("aqi"),
        *(number(name).alias(ours) for name, (ours, _) in CONCENTRATIONS.items()),
        pl.col("quality").alias("category"),
    )
    return out.select(pl.col(c).cast(t) for c, t in SCHEMA.items()).sort("day")

"""Departmental reports: the indicators no monitoring feed carries, one file per period from the lead departments.

``reports_YYYY.csv`` or ``reports_YYYY.xlsx``: the plan's targets are annual, so a report period is a calendar
year and the file holds every department's rows for it. One row per indicator × area (× pollutant for
``major_pollutant_reduction``). Columns (Chinese or English header):

==========  ====================  ===========================================================================
指标代码     indicator_id          an indicator id of the profile
期间         period                the year (2019, 2019年, 2019年度); must be the file's year
地区         area                  an area code or name of the profile (city or county)
污染物       pollutant             major_pollutant_reduction only: COD, NH3-N, SO2, NOx (or 化学需氧量, 氨氮,
                                   二氧化硫, 氮氧化物)
分子 / 分母   numerator/denominator  a rate as counts (the value is then numerator / denominator × 100)
数值         value                 the value itself (a rate, a score 0–100 or a count)
分解目标     allocated             major_pollutant_reduction: the allocated reduction (e.g. % against 2015)
实际完成     achieved              major_pollutant_reduction: the reduction achieved, same unit
填报单位     reporting_department  required
填报日期     report_date           required, YYYY-MM-DD; not before the period starts, not in the future
备注         note                  optional
==========  ====================  ===========================================================================

Refused, naming file, row and column: an indicator id not in the profile, a period in the future (or not the
file's), a rate or score outside 0–100, a numerator above its denominator, a count that is not a whole number,
a value that disagrees with its numerator and denominator by more than rounding to a whole percent, a
pollutant row without allocated and achieved reductions.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import polars as pl

from sources.local import Listing, list_folder
from sources.profile import Indicator, Profile
from sources.tabular import (
    Checker,
    Column,
    area_code,
    area_lookup,
    check_dates,
    check_numbers,
    city_and_county,
    date,
    feed_partition_files,
    number,
    read_table,
    source_name,
    to_frame,
)
from sources.text import neutralise_formulas
from standards.percent import percent

FILE_PATTERN = re.compile(r"^reports_([0-9]{4})\.(csv|xlsx)$")
#: Decimal places of a rate computed from a report's numerator and denominator.
RATE_DECIMALS = 1
#: |value − 100·numerator/denominator| allowed: rounding to a whole percent.
VALUE_TOLERANCE = 0.5
#: 主要污染物 of the national total-emission control (COD, NH3-N, SO2, NOx) and their usual names.
POLLUTANTS = {"COD": "COD", "CODCR": "COD", "化学需氧量": "COD",
              "NH3-N": "NH3-N", "NH3N": "NH3-N", "氨氮": "NH3-N",
              "SO2": "SO2", "二氧化硫": "SO2",
              "NOX": "NOx", "氮氧化物": "NOx"}
MET_POLLUTANTS = ("COD", "NH3-N", "SO2", "NOx")

COLUMNS = [
    Column("indicator_id", ("指标代码", "指标编码", "指标id")),
    Column("period", ("期间", "报告期", "年度", "统计期")),
    Column("area", ("地区", "县区", "行政区划", "区域")),
    Column("pollutant", ("污染物", "污染物名称"), required=False),
    Column("numerator", ("分子",), required=False),
    Column("denominator", ("分母",), required=False),
    Column("value", ("数值", "指标值", "值")),
    Column("allocated", ("分解目标", "目标削减量", "目标削减比例"), required=False),
    Column("achieved", ("实际完成", "实际削减量", "实际削减比例"), required=False),
    Column("reporting_department", ("填报单位", "报送单位", "牵头单位")),
    Column("report_date", ("填报日期", "报送日期")),
    Column("note", ("备注", "说明"), required=False),
]
RAW_SCHEMA = {"year": pl.Int32, **{c.name: pl.String for c in COLUMNS}, "source_file": pl.String,
              "source_row": pl.Int32}


def kind(indicator: Indicator) -> str:
    """met (per-pollutant reductions), count (a whole number) or rate (a percentage or score, 0–100)."""
    if indicator.comparator == "met":
        return "met"
    return "count" if indicator.unit.strip().lower() == "count" else "rate"


def pollutant(text: str | None) -> str | None:
    if text is None:
        return None
    key = re.sub(r"\s", "", unicodedata.normalize("NFKC", text)).upper()  # NFKC: NH₃-N → NH3-N
    return POLLUTANTS.get(key) or POLLUTANTS.get(key.replace("-", ""))


def period_year(column: str = "period") -> pl.Expr:
    return pl.col(column).str.extract(r"^([0-9]{4})(?:年度?)?$").cast(pl.Int32, strict=False)


def file_names(year: int) -> list[str]:
    return [f"reports_{year}.csv", f"reports_{year}.xlsx"]


def local_listing(directory: str | Path) -> Listing:
    """Years (partition keys) with a file in a local feed directory, with the file names."""
    return list_folder(directory, FILE_PATTERN, lambda m: str(int(m.group(1))))


def local_years(directory: str | Path) -> list[int]:
    return [int(key) for key in local_listing(directory).files]


def parse_reports_file(content: bytes, source: str, year: int, profile: Profile,
                       today: dt.date | None = None) -> pl.DataFrame:
    """Raw rows (texts as received) of one period's report file, after every check."""
    today = today or dt.date.today()
    frame, labels = to_frame(read_table(content, source), COLUMNS)
    check = Checker(source, labels)
    check.required(frame, ["indicator_id", "period", "area", "reporting_department", "report_date"])
    indicators = {i.id: i for i in profile.indicators}
    check.where(frame, ~pl.col("indicator_id").is_in(list(indicators)), "indicator_id",
                "unknown indicator id (not an indicator of the profile)")
    years = period_year()
    check.where(frame, years.is_null(), "period", "not a year (YYYY)")
    check.where(frame, years > today.year, "period", f"a period in the future (today is {today})")
    check.where(frame, years != year, "period", f"the period differs from the file's period {year}")
    check.where(frame, area_code("area", area_lookup(profile)).is_null(), "area",
                "not an area of the profile (use its code or name)")
    check_dates(check, frame, "report_date")
    check.where(frame, date("report_date") > today, "report_date", f"a report date in the future (today is {today})")
    check.where(frame, date("report_date") < dt.date(year, 1, 1), "report_date", "before the period began")
    check_numbers(check, frame, ["numerator", "denominator", "value", "allocated", "achieved"])

    kinds = pl.col("indicator_id").replace_strict({k: kind(i) for k, i in indicators.items()},
                                                  return_dtype=pl.String)
    met, count, rate = kinds == "met", kinds == "count", kinds == "rate"
    polluted = pl.col("pollutant").map_elements(pollutant, return_dtype=pl.String)
    check.where(frame, met & pl.col("pollutant").is_null(), "pollutant", "a reduction row names its pollutant")
    check.where(frame, met & pl.col("pollutant").is_not_null() & polluted.is_null(), "pollutant",
                f"not one of the main pollutants {', '.join(MET_POLLUTANTS)}")
    check.where(frame, ~met & pl.col("pollutant").is_not_null(), "pollutant",
                "only major_pollutant_reduction rows name a pollutant")
    for column in ("allocated", "achieved"):
        check.where(frame, met & pl.col(column).is_null(), column, "a reduction row needs allocated and achieved")
    check.where(frame, ~met & pl.col("value").is_null() & pl.col("numerator").is_null()
                & pl.col("denominator").is_null(), "value", "a value, or a numerator and denominator, is required")
    check.where(frame, pl.col("numerator").is_not_null() & pl.col("denominator").is_null(), "denominator",
                "a numerator needs its denominator")
    check.where(frame, pl.col("denominator").is_not_null() & pl.col("numerator").is_null(), "numerator",
                "a denominator needs its numerator")
    check.where(frame, count & pl.col("numerator").is_not_null(), "numerator",
                "a count is reported as a value, not as a numerator and denominator")
    check.where(frame, number("denominator") == 0, "denominator", "the denominator is 0")
    check.where(frame, number("numerator") > number("denominator"), "numerator",
                "the numerator is above its denominator")
    check.where(frame, rate & ((number("value") < 0) | (number("value") > 100)), "value",
                "a rate or score outside 0–100")
    ratio = 100 * number("numerator") / number("denominator")
    check.where(frame, (number("value") - ratio).abs() > VALUE_TOLERANCE, "value",
                f"the value differs from 100 × {labels['numerator']} / {labels['denominator']} by more than "
                f"{VALUE_TOLERANCE}")
    check.where(frame, count & (number("value") != number("value").round(0)), "value", "a count is a whole number")
    key = pl.struct("indicator_id", area_code("area", area_lookup(profile)), polluted)
    check.where(frame, ~key.is_first_distinct(), "indicator_id",
                "this indicator and area (and pollutant) are reported on an earlier row too")
    return frame.with_columns(pl.lit(year, dtype=pl.Int32).alias("year"),
                              pl.lit(source_name(source)).alias("source_file")
                              ).select(list(RAW_SCHEMA)).cast(RAW_SCHEMA)


def stage_report_rows(raw: pl.DataFrame, profile: Profile) -> pl.DataFrame:
    """Raw rows → typed staging rows; ``value`` is the figure that counts: the reported value, else the rate
    of numerator / denominator (exact, GB/T 8170 rounding to 0.1). A text that a spreadsheet would read as a
    formula gets a leading apostrophe (raw keeps it as received)."""
    code = area_code("area", area_lookup(profile))
    city, county = city_and_county(code, profile)
    levels = {a.code: a.level for a in profile.areas}
    rates = [None if n is None or d is None else float(percent(n, d, RATE_DECIMALS))
             for n, d in raw.select(number("numerator").alias("n"), number("denominator").alias("d")).iter_rows()]
    return raw.select(
        "year", "indicator_id",
        code.alias("area_code"), code.replace_strict(levels, return_dtype=pl.String).alias("level"),
        city.alias("city_code"), county.alias("county_code"),
        pl.col("pollutant").map_elements(pollutant, return_dtype=pl.String).alias("pollutant"),
        number("numerator").alias("numerator"), number("denominator").alias("denominator"),
        number("value").alias("value_reported"),
        pl.coalesce(number("value"), pl.Series(rates, dtype=pl.Float64)).alias("value"),
        number("allocated").alias("allocated"), number("achieved").alias("achieved"),
        neutralise_formulas("reporting_department"), date("report_date").alias("report_date"),
        neutralise_formulas("note"), "source_file", "source_row",
    )


def partition_files(profile: Profile, today: dt.date) -> Listing:
    """Years to load (`make run`) and their files: every file of a local feed directory, or the HTTP feed's range."""
    return feed_partition_files(
        profile.feed("reports"), "reports", today, local_listing,
        lambda start, end: [str(y) for y in range(start.year, end.year + 1)], lambda key: file_names(int(key))[0])

"""The annual enterprise statistics of general industrial solid waste (一般工业固体废物).

One file per statistical year, ``solid_waste_YYYY.csv`` or ``solid_waste_YYYY.xlsx``: one row per
enterprise and waste type, tonnages in tonnes (吨) — the enterprise form's unit; yearbooks use 10⁴ t,
which is refused rather than mixed. Columns (Chinese or English header; 其中: and a (吨)/(t) unit are
allowed in the header):

=====================  ======================  ==========================================
企业代码 / 统一社会信用代码  enterprise_code        required, one row per enterprise and waste type
企业名称                  enterprise_name        required
县区                      county                 a county code or name of the profile (the city's own
                                                 code or name when the county is not known)
行业                      industry               required (国民经济行业分类 name or code)
固体废物种类               waste_type             required (e.g. 冶炼废渣, 粉煤灰, 炉渣, 尾矿)
产生量                    generated              t
综合利用量                 utilised               t
综合利用往年贮存量           utilised_from_storage  t, an "of which" of 综合利用量
处置量                    disposed               t
处置往年贮存量              disposed_from_storage  t, optional, an "of which" of 处置量
贮存量                    stored                 t
倾倒丢弃量                 dumped                 t
年份                      year                   optional; equal to the file's year when present
=====================  ======================  ==========================================
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from sources.local import Listing, list_folder
from sources.profile import Profile
from sources.tabular import (
    Checker,
    Column,
    area_code,
    area_lookup,
    check_numbers,
    city_and_county,
    feed_partition_files,
    number,
    read_table,
    source_name,
    to_frame,
)
from sources.text import neutralise_formulas

FILE_PATTERN = re.compile(r"^solid_waste_([0-9]{4})\.(csv|xlsx)$")
TONNAGES = ("generated", "utilised", "utilised_from_storage", "disposed", "disposed_from_storage", "stored",
            "dumped")
#: Tonnes with at most 3 decimals (kilogrammes): sums stay exact when taken as DECIMAL(18, 3).
MAX_DECIMALS = 3

COLUMNS = [
    Column("enterprise_code", ("企业代码", "统一社会信用代码", "组织机构代码", "单位代码")),
    Column("enterprise_name", ("企业名称", "单位名称", "企业详细名称")),
    Column("county", ("县区", "所在县区", "县(市、区)", "县(市区)", "区县", "行政区划")),
    Column("industry", ("行业", "行业类别", "行业名称")),
    Column("waste_type", ("固体废物种类", "废物种类", "固废种类", "固体废物名称")),
    Column("generated", ("产生量", "一般工业固体废物产生量"), unit="t"),
    Column("utilised", ("综合利用量", "一般工业固体废物综合利用量"), unit="t"),
    Column("utilised_from_storage", ("综合利用往年贮存量",), unit="t"),
    Column("disposed", ("处置量", "一般工业固体废物处置量"), unit="t"),
    Column("disposed_from_storage", ("处置往年贮存量",), required=False, unit="t"),
    Column("stored", ("贮存量", "一般工业固体废物贮存量"), unit="t"),
    Column("dumped", ("倾倒丢弃量", "一般工业固体废物倾倒丢弃量"), unit="t"),
    Column("year", ("年份", "统计年份", "报告期"), required=False),
]

RAW_SCHEMA = {"year": pl.Int32, **{c.name: pl.String for c in COLUMNS if c.name != "year"},
              "source_file": pl.String, "source_row": pl.Int32}


def file_names(year: int) -> list[str]:
    return [f"solid_waste_{year}.csv", f"solid_waste_{year}.xlsx"]


def local_listing(directory: str | Path) -> Listing:
    """Years (partition keys) with a file in a local feed directory, with the file names."""
    return list_folder(directory, FILE_PATTERN, lambda m: str(int(m.group(1))))


def local_years(directory: str | Path) -> list[int]:
    """Years with a file in a local feed directory, sorted."""
    return [int(key) for key in local_listing(directory).files]


def parse_solid_waste_file(content: bytes, source: str, year: int, profile: Profile) -> pl.DataFrame:
    """Raw rows (texts as received) of one year's file, after every format check."""
    table = read_table(content, source)
    frame, labels = to_frame(table, COLUMNS)
    check = Checker(source, labels)
    check.required(frame, [c.name for c in COLUMNS if c.required])
    check.where(frame, pl.col("year").is_not_null() & (pl.col("year").str.extract(r"^([0-9]{4})") != str(year)),
                "year", f"the year differs from the file's year {year}")
    lookup = area_lookup(profile)
    check.where(frame, area_code("county", lookup).is_null(), "county",
                "not an area of the profile (use its code or name)")
    check_numbers(check, frame, TONNAGES, max_decimals=MAX_DECIMALS)
    check.where(frame, number("utilised_from_storage") > number("utilised"), "utilised_from_storage",
                f"an 'of which' item cannot exceed {labels['utilised']}")
    check.where(frame, number("disposed_from_storage") > number("disposed"), "disposed_from_storage",
                f"an 'of which' item cannot exceed {labels['disposed']}")
    check.where(frame, ~pl.struct("enterprise_code", "waste_type").is_first_distinct(), "waste_type",
                "this enterprise has this waste type on an earlier row too (more than one row)")
    return frame.drop("year").with_columns(
        pl.lit(year, dtype=pl.Int32).alias("year"),
        pl.lit(source_name(source)).alias("source_file"),
    ).select(list(RAW_SCHEMA)).cast(RAW_SCHEMA)


def stage_solid_waste_rows(raw: pl.DataFrame, profile: Profile) -> pl.DataFrame:
    """Raw rows → typed staging rows: tonnages as numbers, the county as an area code; a text that a spreadsheet
    would read as a formula (``=HYPERLINK(…)`` as a company name) gets a leading apostrophe (raw keeps it as
    received)."""
    city, county = city_and_county(area_code("county", area_lookup(profile)), profile)
    return raw.select(
        "year", neutralise_formulas("enterprise_code"), neutralise_formulas("enterprise_name"),
        city.alias("city_code"), county.alias("county_code"),
        neutralise_formulas("industry"), neutralise_formulas("waste_type"),
        *[number(c).alias(c) for c in TONNAGES],
        "source_file", "source_row",
    )


def partition_files(profile: Profile, today: dt.date) -> Listing:
    """Years to load (`make run`) and their files: every file of a local feed directory, or the HTTP feed's range."""
    return feed_partition_files(
        profile.feed("solid_waste"), "solid_waste", today, local_listing,
        lambda start, end: [str(y) for y in range(start.year, end.year + 1)], lambda key: file_names(int(key))[0])

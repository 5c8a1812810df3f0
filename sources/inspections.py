"""Inspection and acceptance results: one CSV per month, ``inspections_YYYYMM.csv``, one row per batch,
sample or unit project.

Columns (Chinese or English header):

==================  ===============  =================================================================
样品编号 / 批次编号   sample_id        required, unique within the file (a re-inspection is not a new row:
                                     the first result counts, as in a first-time rate)
项目类别             programme        重点工业产品监督抽查 · 食用农产品例行监测 · 进出口商品检验 · 工程竣工验收
                                     (and the usual longer or shorter names, see PROGRAMME_NAMES)
产品或工程类别        product          the product (电线电缆, 韭菜 …) or the kind of unit project (住宅楼 …);
                                     the failed items are ranked per programme and product
样品或工程名称        subject          optional: the sample's or project's own name
受检单位             enterprise       required: inspected enterprise, or the builder of a project
县区                 county           a county code or name of the profile (the city's own when not known)
抽样日期 / 验收日期    sampling_date    YYYY-MM-DD (also YYYY/M/D, YYYY年M月D日), not after the file's month
检验结果 / 验收结论    result           合格 / 不合格 and the usual variants (RESULT_WORDS); anything else is refused
不合格项目           failed_items     items separated by 、，,;；/ — required for 不合格 except acceptance,
                                     empty for 合格
检验机构             inspecting_body  required
==================  ===============  =================================================================

The month of the file name is the reporting period (results are reported when the test ends, so a sample
taken late in the previous month may be in the file).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import polars as pl

from sources.local import Listing, list_folder
from sources.profile import Profile
from sources.tabular import (
    Checker,
    Column,
    area_code,
    area_lookup,
    check_dates,
    city_and_county,
    date,
    feed_partition_files,
    read_table,
    source_name,
    to_frame,
)
from sources.text import neutralise_formula, neutralise_formulas
from standards.pass_rates import PROGRAMMES

FILE_PATTERN = re.compile(r"^inspections_([0-9]{4})([0-9]{2})\.csv$")

#: Programme names as departments write them → programme id (standards/pass_rates.py).
PROGRAMME_NAMES: dict[str, str] = {
    **{p.id: p.id for p in PROGRAMMES.values()},
    **{name: "industrial_product" for name in (
        "重点工业产品监督抽查", "重点工业产品质量监督抽查", "工业产品监督抽查", "产品质量监督抽查", "监督抽查",
        "重点产品监督抽查")},
    **{name: "agri_food" for name in (
        "食用农产品例行监测", "农产品质量安全例行监测", "主要食用农产品质量安全监测", "食用农产品质量安全例行监测",
        "例行监测")},
    **{name: "import_export" for name in (
        "进出口商品检验", "进出口商品检验检疫", "进出口商品法定检验", "进出口检验", "进出口商品检验监管")},
    **{name: "construction" for name in (
        "工程竣工验收", "竣工验收", "单位工程竣工验收", "工程一次验收", "工程项目竣工验收")},
}

#: Result words → passed. Compared after NFKC, without spaces and final punctuation, lower case.
RESULT_WORDS: dict[str, bool] = {
    **{w: True for w in (
        "合格", "合格品", "检验合格", "抽检合格", "判定合格", "验收合格", "一次验收合格", "一次性验收合格", "符合",
        "符合要求", "符合标准", "所检项目合格", "所检项目符合标准要求", "通过", "验收通过", "pass", "passed",
        "qualified")},
    **{w: False for w in (
        "不合格", "不合格品", "检验不合格", "抽检不合格", "判定不合格", "验收不合格", "一次验收不合格",
        "一次性验收不合格", "不符合", "不符合要求", "不符合标准", "所检项目不合格", "所检项目不符合标准要求",
        "未通过", "不通过", "验收未通过", "fail", "failed", "unqualified", "nonconforming")},
}

COLUMNS = [
    Column("sample_id", ("样品编号", "批次编号", "抽样单编号", "编号", "工程编号", "报告编号")),
    Column("programme", ("项目类别", "抽检类别", "任务类别", "检验类别")),
    Column("product", ("产品或工程类别", "产品名称", "产品类别", "样品类别", "工程类别", "产品")),
    Column("subject", ("样品或工程名称", "样品名称", "工程名称", "项目名称"), required=False),
    Column("enterprise", ("受检单位", "被抽样单位", "企业名称", "生产企业", "施工单位")),
    Column("county", ("县区", "所在县区", "县(市、区)", "县(市区)", "区县", "行政区划")),
    Column("sampling_date", ("抽样日期", "验收日期", "检验日期", "采样日期")),
    Column("result", ("检验结果", "结论", "检验结论", "验收结论", "判定结论", "结果")),
    Column("failed_items", ("不合格项目", "不合格项目名称", "不合格项")),
    Column("inspecting_body", ("检验机构", "承检机构", "检测机构", "验收组织单位")),
]
RAW_SCHEMA = {"month": pl.Date, **{c.name: pl.String for c in COLUMNS}, "source_file": pl.String,
              "source_row": pl.Int32}
ITEM_SEPARATORS = r"[、，,;；/]"


def _normalise_word(text: str) -> str:
    return re.sub(r"[\s。.!！]+", "", unicodedata.normalize("NFKC", text)).lower()


def parse_result(text: str | None) -> bool | None:
    """True for a pass word (合格 …), False for a fail word (不合格 …), None for anything else."""
    if text is None:
        return None
    return RESULT_WORDS.get(_normalise_word(text))


def programme_id(text: str | None) -> str | None:
    return None if text is None else PROGRAMME_NAMES.get(_normalise_word(text))


def failed_item_list(text: str | None) -> list[str]:
    """不合格项目 → the items, trimmed, in order, without repeats."""
    if text is None:
        return []
    items = [unicodedata.normalize("NFKC", i).strip() for i in re.split(ITEM_SEPARATORS, text)]
    return list(dict.fromkeys(i for i in items if i))


def file_name(month: dt.date) -> str:
    return f"inspections_{month:%Y%m}.csv"


def local_listing(directory: str | Path) -> Listing:
    """Months (partition keys YYYY-MM-01) with a file in a local feed directory, with the file names; a name with
    an impossible month (``inspections_201913.csv``) is refused."""
    return list_folder(directory, FILE_PATTERN, lambda m: str(dt.date(int(m.group(1)), int(m.group(2)), 1)))


def local_months(directory: str | Path) -> list[dt.date]:
    """Months (first days) with a file in a local feed directory, sorted."""
    return [dt.date.fromisoformat(key) for key in local_listing(directory).files]


def month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def parse_inspections_file(content: bytes, source: str, month: dt.date, profile: Profile,
                           today: dt.date | None = None) -> pl.DataFrame:
    """Raw rows (texts as received) of one month's file, after every format check."""
    today = today or dt.date.today()
    frame, labels = to_frame(read_table(content, source), COLUMNS)
    check = Checker(source, labels)
    check.required(frame, [c.name for c in COLUMNS if c.required and c.name != "failed_items"])
    programmes = pl.col("programme").map_elements(programme_id, return_dtype=pl.String)
    check.where(frame, programmes.is_null(), "programme",
                "unknown programme (重点工业产品监督抽查, 食用农产品例行监测, 进出口商品检验 or 工程竣工验收)")
    passed = pl.col("result").map_elements(parse_result, return_dtype=pl.Boolean)
    check.where(frame, passed.is_null(), "result", "not a result word (合格 / 不合格 or a usual variant)")
    check.where(frame, passed & pl.col("failed_items").is_not_null(), "failed_items",
                "a passed result lists failed items")
    check.where(frame, ~passed & pl.col("failed_items").is_null() & (programmes != "construction"),
                "failed_items", "a failed batch or sample must name its failed items")
    check.where(frame, area_code("county", area_lookup(profile)).is_null(), "county",
                "not an area of the profile (use its code or name)")
    check_dates(check, frame, "sampling_date")
    last = min(month_end(month), today)
    check.where(frame, date("sampling_date") > last, "sampling_date",
                f"after the file's month or today ({last})")
    check.where(frame, ~pl.col("sample_id").is_first_distinct(), "sample_id",
                "the same sample or batch number is on an earlier row too")
    return frame.with_columns(pl.lit(month).alias("month"), pl.lit(source_name(source)).alias("source_file")
                              ).select(list(RAW_SCHEMA)).cast(RAW_SCHEMA)


def stage_inspection_rows(raw: pl.DataFrame, profile: Profile) -> pl.DataFrame:
    """Raw rows → typed staging rows: programme and indicator ids, area codes, date, passed, failed items; a text
    that a spreadsheet would read as a formula gets a leading apostrophe (raw keeps it as received)."""
    city, county = city_and_county(area_code("county", area_lookup(profile)), profile)
    programme = pl.col("programme").map_elements(programme_id, return_dtype=pl.String)
    items = pl.col("failed_items").map_elements(
        lambda text: [neutralise_formula(item) for item in failed_item_list(text)], return_dtype=pl.List(pl.String))
    return raw.select(
        "month", neutralise_formulas("sample_id"),
        programme.alias("programme"),
        programme.replace_strict({k: p.indicator_id for k, p in PROGRAMMES.items()}, return_dtype=pl.String)
        .alias("indicator_id"),
        neutralise_formulas("product"), neutralise_formulas("subject"), neutralise_formulas("enterprise"),
        city.alias("city_code"), county.alias("county_code"),
        date("sampling_date").alias("sampling_date"),
        pl.col("result").alias("result_text"),
        pl.col("result").map_elements(parse_result, return_dtype=pl.Boolean).alias("passed"),
        pl.when(items.list.len() > 0).then(items.list.join("、")).alias("failed_items"),
        items.list.len().fill_null(0).cast(pl.Int32).alias("failed_item_count"),
        neutralise_formulas("inspecting_body"), "source_file", "source_row",
    )


def partition_files(profile: Profile, today: dt.date) -> Listing:
    """Months to load (`make run`), as monthly partition keys YYYY-MM-01, and their files."""
    def between(start: dt.date, end: dt.date) -> list[str]:
        months, m = [], start.replace(day=1)
        while m <= end:
            months.append(str(m))
            m = (m + dt.timedelta(days=32)).replace(day=1)
        return months
    return feed_partition_files(profile.feed("inspections"), "inspections", today, local_listing, between,
                                lambda key: file_name(dt.date.fromisoformat(key)))

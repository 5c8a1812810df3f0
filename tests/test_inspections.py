"""The inspection feed: Chinese result words, defects named by file/row/column, and the real assets from the
24 bundled monthly files to pass rates, failed items and the attainment rows."""

import csv
import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_EVEN, Decimal

import dagster as dg
import pytest

from sources.errors import FeedFormatError
from sources.inspections import (
    failed_item_list,
    parse_inspections_file,
    parse_result,
    programme_id,
    stage_inspection_rows,
)
from sources.profile import load_profile
from tests.conftest import PROFILE, ROOT, materialize_range, query
from tests.test_solid_waste import feed_profile

FEED = ROOT / "feeds" / "inspections"
PROF = load_profile(PROFILE)
SELECTION = dg.AssetSelection.groups("inspections", "reference", "attainment")
HEADER = "样品编号,项目类别,产品或工程类别,样品或工程名称,受检单位,县区,抽样日期,检验结果,不合格项目,检验机构\n"
GOOD = "CC-1,重点工业产品监督抽查,电线电缆,,示例电缆厂,衡南县,2020-03-05,合格,,衡阳市产商品质量监督检验所\n"
MARCH = dt.date(2020, 3, 1)


@pytest.mark.parametrize("word", ["合格", " 合格 ", "合\u3000格", "合格。", "合格品", "检验合格",
                                  "所检项目符合标准要求", "一次验收合格", "一次性验收合格", "验收合格", "符合要求",
                                  "PASS", "Passed"])
def test_pass_words(word):
    assert parse_result(word) is True


@pytest.mark.parametrize("word", ["不合格", "不 合 格", "不合格品", "检验不合格", "一次验收不合格", "验收未通过",
                                  "不符合要求", "所检项目不符合标准要求", "ＦＡＩＬ", "unqualified"])
def test_fail_words(word):
    assert parse_result(word) is False


@pytest.mark.parametrize("word", ["基本合格", "复检合格", "待定", "合格?", "", "1", "√", None])
def test_anything_else_is_not_a_result(word):
    assert parse_result(word) is None


def test_programme_names_and_failed_items():
    assert programme_id("产品质量监督抽查") == "industrial_product"
    assert programme_id("农产品质量安全例行监测") == "agri_food"
    assert programme_id("进出口商品检验检疫") == "import_export"
    assert programme_id("竣工验收") == "construction"
    assert programme_id("食品安全监督抽检") is None
    assert failed_item_list("导体电阻、绝缘厚度；导体电阻, 标志") == ["导体电阻", "绝缘厚度", "标志"]


def parse(text: str, month: dt.date = MARCH, today: dt.date = dt.date(2026, 1, 1)):
    return parse_inspections_file(text.encode(), "inspections_202003.csv", month, PROF, today=today)


@pytest.mark.parametrize(("text", "where", "why"), [
    (HEADER + GOOD.replace(",合格,", ",基本合格,"), "row 2, column 检验结果", "not a result word"),
    (HEADER + GOOD.replace(",合格,", ",,"), "row 2, column 检验结果", "required"),
    (HEADER + GOOD.replace(",合格,,", ",合格,导体电阻,"), "row 2, column 不合格项目", "passed result lists failed"),
    (HEADER + GOOD.replace(",合格,,", ",不合格,,"), "row 2, column 不合格项目", "must name its failed items"),
    (HEADER + GOOD.replace("重点工业产品监督抽查", "食品安全抽检"), "row 2, column 项目类别", "unknown programme"),
    (HEADER + GOOD.replace("2020-03-05", "2020-04-01"), "row 2, column 抽样日期", "after the file's month"),
    (HEADER + GOOD.replace("2020-03-05", "2020-02-30"), "row 2, column 抽样日期", "not a date"),
    (HEADER + GOOD.replace("衡南县", "株洲县"), "row 2, column 县区", "not an area"),
    (HEADER + GOOD + GOOD, "row 3, column 样品编号", "earlier row"),
    (HEADER.replace("检验结果", "备注") + GOOD, "row 1, column 检验结果", "required column missing"),
])
def test_defects_name_file_row_and_column(text, where, why):
    with pytest.raises(FeedFormatError) as err:
        parse(text)
    message = str(err.value)
    assert message.startswith("inspections_202003.csv: ") and where in message and why in message, message


def test_acceptance_failures_may_omit_items_and_dates_are_flexible():
    text = HEADER + ("YS-1,工程竣工验收,住宅楼,示例小区1#楼,示例建筑公司,430422,2020/3/9,一次验收不合格,,质监站\n"
                     "YS-2,工程竣工验收,住宅楼,示例小区2#楼,示例建筑公司,衡阳市,2020年3月10日,一次验收合格,,质监站\n")
    staged = stage_inspection_rows(parse(text), PROF)
    assert staged["passed"].to_list() == [False, True]
    assert staged["sampling_date"].to_list() == [dt.date(2020, 3, 9), dt.date(2020, 3, 10)]
    assert staged["county_code"].to_list() == ["430422", None]
    assert staged["city_code"].to_list() == ["430400", "430400"]
    assert staged["indicator_id"].unique().to_list() == ["construction_first_acceptance_pass_rate"]


def test_a_date_in_the_future_is_refused():
    with pytest.raises(FeedFormatError, match="row 2, column 抽样日期"):
        parse(HEADER + GOOD, today=dt.date(2020, 3, 4))


def bundled_rows() -> list[dict]:
    rows = []
    for path in sorted(FEED.glob("inspections_*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            rows += [{**r, "year": path.name[12:16]} for r in csv.DictReader(fh)]
    return rows


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("inspections")
    profile = feed_profile(tmp)
    warehouse = tmp / "w.duckdb"
    result = materialize_range(profile, warehouse, "2019-01-01", "2020-12-01", selection=SELECTION)
    return profile, warehouse, result


def test_city_year_rates_match_an_independent_count(loaded):
    _, warehouse, result = loaded
    assert result.success
    assert {e.check_name: e.passed for e in result.get_asset_check_evaluations()} == {
        "inspections_files_loaded": True, "inspections_row_counts": True, "gx_inspections": True,
        "every_indicator_present": True}
    rows = bundled_rows()
    programmes = {"重点工业产品监督抽查": "industrial_product", "食用农产品例行监测": "agri_food",
                  "进出口商品检验": "import_export", "工程竣工验收": "construction"}
    for (name, year), _ in Counter((r["项目类别"], r["year"]) for r in rows).items():
        mine = [r for r in rows if r["项目类别"] == name and r["year"] == year]
        passed = sum(1 for r in mine if "不" not in r["检验结果"])
        expected = (Decimal(100 * passed) / len(mine)).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
        got = query(warehouse, "SELECT total, passed, pass_rate, assessable FROM mart.inspection_pass_rate "
                               "WHERE programme = ? AND period = ? AND area_code = '430400'", [programmes[name], year])
        assert got == [(len(mine), passed, float(expected), True)], (name, year)


def test_months_and_counties_add_up_to_the_city_year(loaded):
    _, warehouse, _ = loaded
    months, counties, city, county_known = query(warehouse, """
        SELECT (SELECT sum(total) FROM mart.inspection_pass_rate WHERE period_type = 'month' AND level = 'city'
                AND year = 2019),
               (SELECT sum(total) FROM mart.inspection_pass_rate WHERE period = '2019' AND level = 'county'),
               (SELECT sum(total) FROM mart.inspection_pass_rate WHERE period = '2019' AND level = 'city'),
               (SELECT count(*) FROM staging.inspections WHERE year(month) = 2019 AND county_code IS NOT NULL)""")[0]
    assert months == city
    assert counties == county_known < city   # import/export rows at the port name only the city
    assert query(warehouse, "SELECT count(DISTINCT period) FROM mart.inspection_pass_rate "
                            "WHERE period_type = 'month'")[0][0] == 24


def test_most_frequent_failed_items_per_product(loaded):
    _, warehouse, _ = loaded
    counts = Counter()
    for r in bundled_rows():
        if r["year"] == "2020" and r["产品或工程类别"] == "韭菜" and r["不合格项目"]:
            counts.update(r["不合格项目"].split("、"))
    top = max(counts.values())
    got = query(warehouse, "SELECT failed_item, occurrences FROM mart.inspection_failed_items WHERE period = '2020' "
                           "AND product = '韭菜' AND rank = 1 ORDER BY failed_item")
    assert got == sorted((item, n) for item, n in counts.items() if n == top)


def test_attainment_has_the_four_pass_rates(loaded):
    _, warehouse, _ = loaded
    rows = query(warehouse, "SELECT indicator_id, period, value, status FROM mart.target_attainment "
                            "WHERE area_code = '430400' AND value IS NOT NULL ORDER BY ALL")
    assert {r[0] for r in rows} == {"industrial_product_spot_check_pass_rate", "agri_food_monitoring_pass_rate",
                                    "import_export_pass_rate", "construction_first_acceptance_pass_rate"}
    assert {r[1] for r in rows} == {"2019", "2020"}
    construction = {r[1]: r for r in rows if r[0] == "construction_first_acceptance_pass_rate"}
    assert construction["2019"][3] == ("attained" if construction["2019"][2] >= 99.3 else "not_attained")


def test_rerun_of_one_month_replaces_it(loaded):
    profile, warehouse, _ = loaded
    before = query(warehouse, "SELECT * FROM mart.inspection_pass_rate ORDER BY ALL")
    items = query(warehouse, "SELECT * FROM mart.inspection_failed_items ORDER BY ALL")
    assert materialize_range(profile, warehouse, "2020-06-01", "2020-06-01", selection=SELECTION).success
    assert query(warehouse, "SELECT * FROM mart.inspection_pass_rate ORDER BY ALL") == before
    assert query(warehouse, "SELECT * FROM mart.inspection_failed_items ORDER BY ALL") == items

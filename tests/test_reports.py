"""Departmental reports: reading (CSV, XLSX), every rejection named by file/row/column, and the reconciliation
of reported against computed figures in the attainment table."""

import datetime as dt

import polars as pl
import pytest

from assets.attainment import MEASURES_SCHEMA, attainment_rows, on_track
from sources.errors import FeedFormatError
from sources.profile import load_profile
from sources.reports import parse_reports_file, pollutant, stage_report_rows
from tests.conftest import PROFILE, ROOT

FEED = ROOT / "feeds" / "reports"
PROF = load_profile(PROFILE)
TODAY = dt.date(2021, 6, 30)
HEADER = "指标代码,期间,地区,污染物,分子,分母,数值,分解目标,实际完成,填报单位,填报日期,备注\n"
RATE = "agri_standardized_production_coverage,2020,衡阳市,,1610,3050,,,,市农委,2021-03-02,\n"
COUNT = "standards_led_or_participated,2020,衡阳市,,,,41,,,市质监局,2021-03-02,累计数\n"
SO2 = "major_pollutant_reduction,2020,衡阳市,二氧化硫,,,,14.0,15.1,市环保局,2021-03-02,\n"


def parse(text: str, year: int = 2020, today: dt.date = TODAY):
    return parse_reports_file(text.encode(), "reports_2020.csv", year, PROF, today=today)


def test_bundled_files_parse_csv_and_xlsx():
    for year, ext in ((2018, "csv"), (2019, "csv"), (2020, "xlsx")):
        path = FEED / f"reports_{year}.{ext}"
        staged = stage_report_rows(parse_reports_file(path.read_bytes(), str(path), year, PROF), PROF)
        assert staged.height >= 15
        reductions = staged.filter(pl.col("indicator_id") == "major_pollutant_reduction")
        assert sorted(reductions["pollutant"]) == ["COD", "NH3-N", "NOx", "SO2"]
        assert reductions["allocated"].null_count() == 0


def test_value_from_numerator_and_denominator():
    staged = stage_report_rows(parse(HEADER + RATE + COUNT + SO2), PROF)
    rows = {r["indicator_id"]: r for r in staged.iter_rows(named=True)}
    assert rows["agri_standardized_production_coverage"]["value"] == 52.8       # 1610 / 3050 = 52.787 %
    assert rows["agri_standardized_production_coverage"]["value_reported"] is None
    assert rows["standards_led_or_participated"]["value"] == 41
    assert rows["major_pollutant_reduction"]["pollutant"] == "SO2"
    assert rows["major_pollutant_reduction"]["report_date"] == dt.date(2021, 3, 2)


@pytest.mark.parametrize(("text", "where", "why"), [
    # The four rejections the task names:
    (HEADER + RATE.replace("agri_standardized_production_coverage", "agri_coverage"), "row 2, column 指标代码",
     "unknown indicator id"),
    (HEADER + RATE.replace(",1610,3050,,", ",,,100.5,"), "row 2, column 数值", "outside 0–100"),
    (HEADER + RATE.replace(",1610,3050,", ",3100,3050,"), "row 2, column 分子", "above its denominator"),
    (HEADER + RATE.replace(",2020,", ",2022,"), "row 2, column 期间", "a period in the future"),
    # and the others:
    (HEADER + RATE.replace(",2020,", ",2019,"), "row 2, column 期间", "differs from the file's period"),
    (HEADER + RATE.replace(",2021-03-02,", ",2021-07-01,"), "row 2, column 填报日期", "in the future"),
    (HEADER + RATE.replace(",2021-03-02,", ",2019-12-31,"), "row 2, column 填报日期", "before the period"),
    (HEADER + RATE.replace(",1610,3050,,", ",1610,3050,60,"), "row 2, column 数值", "differs from 100 × 分子 / 分母"),
    (HEADER + RATE.replace(",1610,3050,", ",1610,,"), "row 2, column 分母", "needs its denominator"),
    (HEADER + RATE.replace(",1610,3050,", ",0,0,"), "row 2, column 分母", "is 0"),
    (HEADER + RATE.replace(",1610,3050,", ",,,"), "row 2, column 数值", "is required"),
    (HEADER + RATE.replace("衡阳市", "长沙市"), "row 2, column 地区", "not an area"),
    (HEADER + COUNT.replace(",41,", ",40.5,"), "row 2, column 数值", "whole number"),
    (HEADER + COUNT.replace(",41,", ",-1,"), "row 2, column 数值", "negative"),
    (HEADER + SO2.replace("二氧化硫", "PM2.5"), "row 2, column 污染物", "not one of the main pollutants"),
    (HEADER + SO2.replace(",15.1,", ",,"), "row 2, column 实际完成", "allocated and achieved"),
    (HEADER + SO2.replace(",二氧化硫,", ",,"), "row 2, column 污染物", "names its pollutant"),
    (HEADER + RATE.replace("衡阳市,", "衡阳市,COD"), "row 2, column 污染物", "only major_pollutant_reduction"),
    (HEADER + RATE + RATE.replace("衡阳市", "430400"), "row 3, column 指标代码", "earlier row"),
])
def test_rejections_name_file_row_and_column(text, where, why):
    with pytest.raises(FeedFormatError) as err:
        parse(text)
    message = str(err.value)
    assert message.startswith("reports_2020.csv: ") and where in message and why in message, message


def test_a_period_that_has_begun_is_not_in_the_future():
    # A 2021 report on 30 June 2021 is allowed (the period has begun; the report date is not in the future).
    text = HEADER + RATE.replace(",2020,", ",2021,").replace("2021-03-02", "2021-06-30")
    assert parse(text, year=2021).height == 1


@pytest.mark.parametrize(("text", "name"), [("化学需氧量", "COD"), ("CODcr", "COD"), ("氨氮", "NH3-N"),
                                            ("NH₃-N", "NH3-N"), ("nh3n", "NH3-N"), ("氮氧化物", "NOx"),
                                            ("NOX", "NOx"), ("SO₂", "SO2"), ("PM10", None)])
def test_pollutant_names(text, name):
    assert pollutant(text) == name


def measures(*rows) -> pl.DataFrame:
    """Measure rows without their data_until (not what these tests are about)."""
    keys = [k for k in MEASURES_SCHEMA if k != "data_until"]
    return pl.DataFrame([dict(zip(keys, r, strict=True)) for r in rows], schema=MEASURES_SCHEMA)


def test_computed_value_wins_and_the_difference_is_kept():
    frame = attainment_rows(PROF, measures(
        ("industrial_solid_waste_utilization_rate", "430400", "2019", 72.78, True, "computed",
         "mart/solid_waste_area_year"),
        ("industrial_solid_waste_utilization_rate", "430400", "2019", 73.6, True, "reported by 市环保局",
         "mart/reported_indicator"),
        ("service_standardization_coverage", "430400", "2019", 82.0, True, "reported by 市发改委",
         "mart/reported_indicator"),
    ), dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
    waste = frame.filter(pl.col("indicator_id") == "industrial_solid_waste_utilization_rate").row(0, named=True)
    assert (waste["value"], waste["value_origin"], waste["reported_value"], waste["reported_difference"]) == \
        (72.78, "computed", 73.6, -0.82)
    assert waste["status"] == "not_attained" and "department figure 73.6" in waste["note"]
    service = frame.filter(pl.col("indicator_id") == "service_standardization_coverage").row(0, named=True)
    assert (service["value"], service["value_origin"], service["reported_value"]) == (82.0, "reported", None)
    # One row per indicator and period with data: 17 indicators, the other 15 as no_data for 2019.
    assert frame.height == 17 and frame["indicator_id"].n_unique() == 17
    assert frame.filter(pl.col("value").is_null())["status"].unique().to_list() == ["no_data"]


def test_trend_and_years_to_target():
    frame = attainment_rows(PROF, measures(
        ("standards_led_or_participated", "430400", "2018", 21.0, True, "", "mart/reported_indicator"),
        ("standards_led_or_participated", "430400", "2019", 30.0, True, "", "mart/reported_indicator"),
        ("consumer_service_satisfaction", "430400", "2017", 77.0, True, "", "mart/reported_indicator"),
        ("consumer_service_satisfaction", "430400", "2019", 79.6, True, "", "mart/reported_indicator"),
    ), dt.datetime(2021, 1, 1, tzinfo=dt.UTC)).filter(pl.col("value").is_not_null())
    rows = {(r["indicator_id"], r["period"]): r for r in frame.iter_rows(named=True)}
    count = rows[("standards_led_or_participated", "2019")]
    # +9 a year, one year left: 39 < 40 → not on track.
    assert (count["previous_period"], count["change_from_previous"], count["years_to_target"], count["on_track"]) \
        == ("2018", 9.0, 1, False)
    score = rows[("consumer_service_satisfaction", "2019")]
    # +2.6 over two years = 1.3 a year, one year left: 80.9 >= 80 → on track.
    assert (score["previous_period"], score["change_from_previous"], score["on_track"]) == ("2017", 2.6, True)
    assert rows[("consumer_service_satisfaction", "2017")]["on_track"] is None   # no earlier value


def test_on_track_rules():
    assert on_track(">=", 80, "attained", 85, None, 3) is True
    assert on_track(">=", 80, "not_attained", 70, 5.0, 0) is False       # target year reached, not attained
    assert on_track(">=", 80, "not_attained", 70, 5.0, 2) is True        # 70 + 2 × 5 = 80
    assert on_track("<=", 0, "not_attained", 2, -1.0, 1) is False        # 2 − 1 = 1 > 0
    assert on_track("=", 100, "not_attained", 95, 2.5, 2) is True        # 95 + 5 = 100
    assert on_track("met", None, "not_attained", 0, 1.0, 2) is None
    assert on_track(">=", 80, "insufficient_data", 70, 5.0, 2) is None

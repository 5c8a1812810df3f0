"""Every bundled feed materialised for real into one warehouse (air, solid waste, inspections, departmental
reports) → a full attainment table of the plan's 17 indicators, with reconciliation and trend."""

import csv

import dagster as dg
import pytest

from tests.conftest import ROOT, materialize_range, query
from tests.test_solid_waste import feed_profile

MINE = {"industrial_solid_waste_utilization_rate", "major_pollutant_reduction",
        "industrial_product_spot_check_pass_rate", "agri_food_monitoring_pass_rate", "import_export_pass_rate",
        "construction_first_acceptance_pass_rate", "food_incident_timely_handling_rate",
        "major_quality_safety_accidents", "agri_standardized_production_coverage",
        "service_standardization_coverage", "consumer_service_satisfaction", "standards_led_or_participated",
        "mandatory_standard_implementation_rate", "enterprise_standard_self_declaration_rate",
        "public_measurement_standard_coverage"}
RUNS = [("air", "2019-01-01", "2019-01-10"), ("solid_waste", "2018", "2020"),
        ("inspections", "2019-01-01", "2020-12-01"), ("reports", "2018", "2020")]


def group(name: str):
    return dg.AssetSelection.groups(name, "reference", "attainment")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("full")
    profile = feed_profile(tmp)
    warehouse = tmp / "w.duckdb"
    for feed, start, end in RUNS:
        assert materialize_range(profile, warehouse, start, end, selection=group(feed)).success, feed
    return profile, warehouse


def test_every_indicator_has_a_row_and_every_period_every_indicator(loaded):
    _, warehouse = loaded
    rows = query(warehouse, "SELECT indicator_id, area_code, period, status, lead_department "
                            "FROM mart.target_attainment")
    assert len({r[0] for r in rows}) == 17
    assert {r[3] for r in rows} <= {"attained", "not_attained", "insufficient_data", "no_data"}
    city = {(r[0], r[2]) for r in rows if r[1] == "430400"}
    assert city == {(i, p) for i in {r[0] for r in rows} for p in ("2018", "2019", "2020")}
    assert all(r[4] for r in rows)


def test_my_fifteen_indicators_are_computed_or_reported_for_2020(loaded):
    _, warehouse = loaded
    rows = query(warehouse, "SELECT indicator_id, value, status, value_origin FROM mart.target_attainment "
                            "WHERE area_code = '430400' AND period = '2020'")
    by_id = {r[0]: r for r in rows}
    for indicator in MINE:
        assert by_id[indicator][1] is not None, indicator
        assert by_id[indicator][2] in ("attained", "not_attained"), indicator
    assert by_id["water_class_iii_or_better_ratio"][2] == "no_data"       # the water feed is not loaded here
    assert {r[0] for r in rows if r[3] == "computed"} == {
        "industrial_solid_waste_utilization_rate", "industrial_product_spot_check_pass_rate",
        "agri_food_monitoring_pass_rate", "import_export_pass_rate", "construction_first_acceptance_pass_rate"}
    air = query(warehouse, "SELECT value FROM mart.target_attainment WHERE indicator_id = 'good_air_days_ratio' "
                           "AND period = '2019'")
    assert air[0][0] is not None


def test_counties_where_the_data_allow(loaded):
    _, warehouse = loaded
    counties = dict(query(warehouse, """
        SELECT indicator_id, count(DISTINCT area_code) FROM mart.target_attainment
        WHERE area_code <> '430400' AND value IS NOT NULL GROUP BY indicator_id"""))
    assert counties["industrial_solid_waste_utilization_rate"] == 12
    assert counties["agri_food_monitoring_pass_rate"] == 12
    assert counties["agri_standardized_production_coverage"] == 2           # 衡南县 and 祁东县 report
    assert "service_standardization_coverage" not in counties               # reported for the city only


def reported(indicator: str, year: str) -> float:
    """The department's figure for the city, read from the bundled report file with the csv module."""
    with open(ROOT / "feeds" / "reports" / f"reports_{year}.csv", encoding="utf-8-sig", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["指标代码"] == indicator and r["地区"] == "衡阳市")
    return float(row["数值"]) if row["数值"] else round(100 * float(row["分子"]) / float(row["分母"]), 1)


def test_computed_wins_over_reported_and_the_difference_is_shown(loaded):
    _, warehouse = loaded
    for indicator, mart in (("industrial_solid_waste_utilization_rate",
                             "SELECT utilisation_rate FROM mart.solid_waste_area_year WHERE year = 2019 "
                             "AND area_code = '430400'"),
                            ("industrial_product_spot_check_pass_rate",
                             "SELECT pass_rate FROM mart.inspection_pass_rate WHERE period = '2019' "
                             "AND area_code = '430400' AND programme = 'industrial_product'")):
        computed = query(warehouse, mart)[0][0]
        figure = reported(indicator, "2019")
        row = query(warehouse, "SELECT value, value_origin, reported_value, reported_difference, note "
                               "FROM mart.target_attainment WHERE indicator_id = ? AND area_code = '430400' "
                               "AND period = '2019'", [indicator])
        assert len(row) == 1
        value, origin, reported_value, difference, note = row[0]
        assert (value, origin, reported_value) == (computed, "computed", figure)
        assert difference == pytest.approx(computed - figure) and difference != 0
        assert "department figure" in note


def test_pollutant_reduction_needs_every_pollutant(loaded):
    _, warehouse = loaded
    rows = dict(query(warehouse, "SELECT period, status FROM mart.target_attainment "
                                 "WHERE indicator_id = 'major_pollutant_reduction' AND area_code = '430400'"))
    # 2018: NOx achieved 7.6 against 8.0 allocated; the other three met.
    assert rows == {"2018": "not_attained", "2019": "attained", "2020": "attained"}
    assert query(warehouse, "SELECT count(*) FILTER (WHERE NOT met), count(*) FROM mart.pollutant_reduction "
                            "WHERE period = '2018'")[0] == (1, 4)


def test_trend_columns(loaded):
    _, warehouse = loaded
    rows = query(warehouse, """
        SELECT period, value, previous_period, previous_value, change_from_previous, years_to_target
        FROM mart.target_attainment WHERE indicator_id = 'industrial_solid_waste_utilization_rate'
        AND area_code = '430400' ORDER BY period""")
    assert [r[0] for r in rows] == ["2018", "2019", "2020"]
    assert rows[0][2:5] == (None, None, None)
    for before, after in zip(rows, rows[1:], strict=False):
        assert after[2:4] == (before[0], before[1])
        assert after[4] == pytest.approx(after[1] - before[1])
    assert [r[5] for r in rows] == [2, 1, 0]


def test_rerunning_the_reports_changes_nothing(loaded):
    profile, warehouse = loaded
    sql = "SELECT * EXCLUDE (computed_at) FROM mart.target_attainment ORDER BY ALL"
    before = query(warehouse, sql)
    assert materialize_range(profile, warehouse, "2019", "2019", selection=group("reports")).success
    assert query(warehouse, sql) == before

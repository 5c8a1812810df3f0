"""The air_hourly suite: every rule on the station-hour layout (column minima and maxima for the ranges), the
cells breaking a rule named by file, row and station, and staging written as staged."""

import datetime as dt

import polars as pl
import pytest

from expectations import runner
from expectations.air import (
    CEILINGS,
    SERIES_CEILINGS,
    STAGED_COLUMNS,
    air_hourly_suite,
    columns_with_values,
    validation_view,
    violations,
)
from sources.air import SERIES_COLUMNS, stage_air_file
from tests.conftest import FEEDS, copy_days, materialize_range, query, write_profile
from tests.test_air_bad_input import error_text, set_cell

DAY = dt.date(2019, 1, 2)
SOURCE = "china_sites_20190102.csv"
STATIONS = ["2456A", "2457A", "2458A", "2459A", "2460A", "2461A"]


@pytest.fixture(scope="module")
def staged() -> pl.DataFrame:
    return stage_air_file((FEEDS / SOURCE).read_bytes(), SOURCE, DAY, STATIONS, "Asia/Shanghai")


def validate(frame: pl.DataFrame):
    return runner.validate(validation_view(frame), "air_hourly", air_hourly_suite(STATIONS, columns_with_values(frame)))


def set_value(frame: pl.DataFrame, station: str, hour: int, /, **values) -> pl.DataFrame:
    """``frame`` with ``values`` in the row of (station, hour)."""
    at = (pl.col("station_code") == station) & (pl.col("hour") == hour)
    assert frame.filter(at).height == 1
    return frame.with_columns(
        pl.when(at).then(pl.lit(v, dtype=frame.schema[c])).otherwise(pl.col(c)).alias(c) for c, v in values.items())


def failures(result) -> list[tuple[str, str | None]]:
    return [(r.expectation_config.type, r.expectation_config.kwargs.get("column"))
            for r in result.results if not r.success]


def test_real_day_passes_and_the_view_only_changes_types(staged):
    assert staged.columns == STAGED_COLUMNS
    assert validate(staged).success
    view = validation_view(staged)
    assert view.columns == STAGED_COLUMNS
    assert view.schema["hour"] == view.schema["hour_ending"] == pl.Int64  # vectorised by GX
    assert view.schema["station_code"] == pl.Categorical
    assert staged.schema["hour"] == staged.schema["hour_ending"] == pl.Int16  # the written frame is untouched


def test_every_series_has_its_physical_ceiling():
    assert set(SERIES_CEILINGS) == set(SERIES_COLUMNS.values())
    assert SERIES_CEILINGS["pm2_5_24h"] == CEILINGS["PM2.5"] == 10000
    assert SERIES_CEILINGS["co_24h"] == 150 and SERIES_CEILINGS["o3_8h_24h"] == 2000 and SERIES_CEILINGS["aqi"] == 500


@pytest.mark.parametrize(("column", "ok", "bad"), [
    ("pm2_5", 10000.0, 12000.0), ("pm10_24h", 10000.0, 10000.5), ("co", 150.0, 151.0), ("aqi", 500.0, 501.0),
    ("o3_8h", 2000.0, 2001.0)])
def test_value_above_its_series_ceiling_fails_and_is_named(staged, column, ok, bad):
    assert validate(set_value(staged, "2457A", 5, **{column: ok})).success  # the ceiling itself is allowed
    above = set_value(staged, "2457A", 5, **{column: bad})
    assert failures(validate(above)) == [("expect_column_max_to_be_between", column)]
    assert violations(above).select("file_date", "hour", "station_code", "column", "value").rows() == [
        (DAY, 5, "2457A", column, bad)]


def test_a_ceiling_of_another_series_does_not_apply(staged):
    # 2500 is above NO2's ceiling (2000) but below SO2's (5000)
    assert validate(set_value(staged, "2457A", 5, so2=2500.0)).success


def test_negative_values_fail_and_are_named(staged):
    negative = set_value(staged, "2457A", 3, so2=-1.0)
    assert failures(validate(negative)) == [("expect_column_min_to_be_between", "so2")]
    assert violations(negative).select("station_code", "hour", "column", "rule").rows() == [
        ("2457A", 3, "so2", "value ≥ 0")]


@pytest.mark.parametrize(("column", "bad", "expectation"), [
    ("hour", 24, "expect_column_max_to_be_between"), ("hour", -1, "expect_column_min_to_be_between"),
    ("hour_ending", 0, "expect_column_min_to_be_between"), ("hour_ending", 25, "expect_column_max_to_be_between")])
def test_hours_out_of_range_fail(staged, column, bad, expectation):
    assert failures(validate(set_value(staged, "2458A", 7, **{column: bad}))) == [(expectation, column)]


def test_other_rules_still_hold(staged):
    unknown_station = set_value(staged, "2457A", 3, station_code="9999A")
    assert failures(validate(unknown_station)) == [("expect_column_distinct_values_to_be_in_set", "station_code")]
    assert failures(validate(pl.concat([staged, staged.head(1)]))) == [
        ("expect_compound_columns_to_be_unique", None)]
    assert failures(validate(staged.with_columns(extra=pl.lit(1)))) == [("expect_table_columns_to_match_set", None)]
    assert failures(validate(set_value(staged, "2457A", 3, station_code=None))) == [
        ("expect_column_values_to_not_be_null", "station_code")]


def test_a_series_with_no_value_has_nothing_to_check(staged):
    empty = staged.with_columns(pl.lit(None, dtype=pl.Float64).alias("pm10"))
    assert "pm10" not in columns_with_values(empty)
    assert validate(empty).success


def test_value_above_ceiling_blocks_staging_and_marts(tmp_path):
    feed = copy_days(tmp_path / "feed", ["20190102"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    warehouse = tmp_path / "w.duckdb"
    assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-02").success
    staged_before = query(warehouse, "SELECT * FROM staging.air_hourly ORDER BY ALL")
    marts_before = query(warehouse, "SELECT * FROM mart.air_station_day ORDER BY ALL")

    # PM2.5 12000 µg/m³ at a Hengyang station: parseable and non-negative, but above PM2.5's physical ceiling.
    row = set_cell(feed / SOURCE, 5, "PM2.5", "2457A", "12000")

    result = materialize_range(profile, warehouse, "2019-01-02", "2019-01-02", raise_on_error=False)
    assert not result.success
    gx = {e.check_name: e for e in result.get_asset_check_evaluations()}["gx_air_hourly"]
    assert not gx.passed
    message = error_text(result)
    assert "expect_column_max_to_be_between(column=pm2_5, max_value=10000.0" in message
    assert f"source_file={SOURCE}, source_row={row}, station_code=2457A: PM2.5 = 12000" in message
    assert query(warehouse, "SELECT * FROM staging.air_hourly ORDER BY ALL") == staged_before
    assert query(warehouse, "SELECT * FROM mart.air_station_day ORDER BY ALL") == marts_before
    # raw keeps the file as received, so the bad value can be inspected where it came from
    (path,) = query(warehouse, "SELECT archive_path FROM raw.air_file")[0]
    lines = (tmp_path / "raw" / path).read_text().splitlines()
    assert lines[row - 1].split(",")[lines[0].split(",").index("2457A")] == "12000"


def test_staging_stores_the_staged_frame_unchanged(tmp_path, staged):
    feed = copy_days(tmp_path / "feed", ["20190102"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    warehouse = tmp_path / "w.duckdb"
    assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-02").success
    columns = [c for (c,) in query(warehouse, "SELECT column_name FROM information_schema.columns WHERE "
                                              "table_schema = 'staging' AND table_name = 'air_hourly' "
                                              "ORDER BY ordinal_position")]
    assert columns == STAGED_COLUMNS
    assert query(warehouse, "SELECT typeof(hour), typeof(hour_ending) FROM staging.air_hourly LIMIT 1") == [
        ("SMALLINT", "SMALLINT")]
    stored = query(warehouse, "SELECT station_code, hour, pm2_5, co FROM staging.air_hourly "
                              "WHERE file_date = DATE '2019-01-02' ORDER BY ALL")
    assert stored == sorted(staged.select("station_code", "hour", "pm2_5", "co").rows(), key=str) or stored == \
        staged.select("station_code", "hour", "pm2_5", "co").sort("station_code", "hour").rows()

"""The air_hourly suite keeps every rule with one ceiling expectation and int64 hours, and names where a bad
value came from (file, row, station); the staged frame is written as staged."""

import datetime as dt

import polars as pl
import pytest

from expectations import runner
from expectations.air import CEILINGS, SERIES_CEILINGS, STAGED_COLUMNS, air_hourly_suite, validation_view
from sources.air import SERIES_UNITS, parse_air_file, stage_air_rows
from tests.conftest import FEEDS, copy_days, materialize_range, query, write_profile
from tests.test_air_bad_input import error_text, set_cell

DAY = dt.date(2019, 1, 2)
SOURCE = "china_sites_20190102.csv"
STATIONS = ["2456A", "2457A", "2458A", "2459A", "2460A", "2461A"]
INDEX = ["source_file", "source_row", "station_code"]


@pytest.fixture(scope="module")
def staged() -> pl.DataFrame:
    parsed = parse_air_file((FEEDS / SOURCE).read_bytes(), SOURCE, DAY, STATIONS)
    return stage_air_rows(parsed.rows, "Asia/Shanghai")


def validate(frame: pl.DataFrame):
    return runner.validate(validation_view(frame), "air_hourly", air_hourly_suite(STATIONS), index_columns=INDEX)


def set_value(frame: pl.DataFrame, station: str, series: str, hour: int, /, **values) -> tuple[pl.DataFrame, int]:
    """``frame`` with ``values`` in the row of (station, series, hour); that row's source_row."""
    at = (pl.col("station_code") == station) & (pl.col("series") == series) & (pl.col("hour") == hour)
    row = frame.filter(at)
    assert row.height == 1
    changed = frame.with_columns(
        pl.when(at).then(pl.lit(v, dtype=frame.schema[c])).otherwise(pl.col(c)).alias(c) for c, v in values.items())
    return changed, row["source_row"][0]


def failures(result) -> dict[str, object]:
    return {r.expectation_config.type: r for r in result.results if not r.success}


def test_real_day_passes_and_the_view_only_adds_validation_columns(staged):
    assert staged.columns == STAGED_COLUMNS
    assert validate(staged).success
    view = validation_view(staged)
    assert view.columns == [*STAGED_COLUMNS, "ceiling"]
    assert view.schema["hour"] == view.schema["hour_ending"] == pl.Int64  # vectorised by GX
    assert view.drop("ceiling").with_columns(pl.col("hour", "hour_ending").cast(pl.Int16)).equals(staged)
    assert staged.schema["hour"] == staged.schema["hour_ending"] == pl.Int16  # the written frame is untouched


def test_every_series_has_its_physical_ceiling(staged):
    assert set(SERIES_CEILINGS) == set(SERIES_UNITS)
    assert SERIES_CEILINGS["PM2.5_24h"] == CEILINGS["PM2.5"] == 2000
    assert SERIES_CEILINGS["CO_24h"] == 150 and SERIES_CEILINGS["O3_8h_24h"] == 2000 and SERIES_CEILINGS["AQI"] == 500
    by_series = dict(validation_view(staged).select("series", "ceiling").unique().iter_rows())
    assert by_series == {s: SERIES_CEILINGS[s] for s in by_series}


@pytest.mark.parametrize(("series", "ok", "bad"), [
    ("PM2.5", 2000.0, 2500.0), ("PM10_24h", 5000.0, 5000.5), ("CO", 150.0, 151.0), ("AQI", 500.0, 501.0),
    ("O3_8h", 2000.0, 2001.0)])
def test_value_above_its_series_ceiling_fails_naming_file_row_station(staged, series, ok, bad):
    at_ceiling, _ = set_value(staged, "2457A", series, 5, value=ok)
    assert validate(at_ceiling).success  # the ceiling itself is allowed
    above, row = set_value(staged, "2457A", series, 5, value=bad)
    result = validate(above)
    assert not result.success
    failed = failures(result)
    assert list(failed) == ["expect_column_pair_values_a_to_be_greater_than_b"]
    assert failed["expect_column_pair_values_a_to_be_greater_than_b"].result["unexpected_count"] == 1
    assert f"source_file={SOURCE}, source_row={row}, station_code=2457A" in runner.failure_summary(result)


def test_a_ceiling_of_another_series_does_not_apply(staged):
    # 2500 is above PM2.5's ceiling (2000) but below PM10's (5000)
    frame, _ = set_value(staged, "2457A", "PM10", 5, value=2500.0)
    assert validate(frame).success


@pytest.mark.parametrize(("column", "bad", "expectation"), [
    ("hour", 24, "hour"), ("hour", -1, "hour"), ("hour_ending", 0, "hour_ending"), ("hour_ending", 25, "hour_ending")])
def test_hours_out_of_range_fail_naming_file_row_station(staged, column, bad, expectation):
    frame, row = set_value(staged, "2458A", "NO2", 7, **{column: bad})
    result = validate(frame)
    assert not result.success
    failed = [r for r in result.results if not r.success]
    assert [(r.expectation_config.type, r.expectation_config.kwargs["column"]) for r in failed] == [
        ("expect_column_values_to_be_between", expectation)]
    assert failed[0].result["unexpected_count"] == 1
    assert f"source_file={SOURCE}, source_row={row}, station_code=2458A" in runner.failure_summary(result)


def test_other_rules_still_hold(staged):
    negative, row = set_value(staged, "2457A", "SO2", 3, value=-1.0)
    assert f"source_row={row}, station_code=2457A" in runner.failure_summary(validate(negative))
    unknown_series, _ = set_value(staged, "2457A", "SO2", 3, series="SO3")
    assert "expect_column_values_to_be_in_set" in failures(validate(unknown_series))
    unknown_station, _ = set_value(staged, "2457A", "SO2", 3, station_code="9999A")
    assert "expect_column_values_to_be_in_set" in failures(validate(unknown_station))
    assert "expect_compound_columns_to_be_unique" in failures(validate(pl.concat([staged, staged.head(1)])))
    assert "expect_table_columns_to_match_set" in failures(validate(staged.with_columns(extra=pl.lit(1))))
    missing_value, _ = set_value(staged, "2457A", "SO2", 3, value=None)
    assert "expect_column_values_to_not_be_null" in failures(validate(missing_value))
    float32 = staged.with_columns(pl.col("value").cast(pl.Float32))
    assert "expect_column_values_to_be_of_type" in failures(validate(float32))


def test_value_above_ceiling_blocks_staging_and_marts(tmp_path):
    feed = copy_days(tmp_path / "feed", ["20190102"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    warehouse = tmp_path / "w.duckdb"
    assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-02").success
    staged_before = query(warehouse, "SELECT * FROM staging.air_hourly ORDER BY ALL")
    marts_before = query(warehouse, "SELECT * FROM mart.air_station_day ORDER BY ALL")

    # PM2.5 2500 µg/m³ at a Hengyang station: parseable and non-negative, but above PM2.5's physical ceiling.
    row = set_cell(feed / SOURCE, 5, "PM2.5", "2457A", "2500")

    result = materialize_range(profile, warehouse, "2019-01-02", "2019-01-02", raise_on_error=False)
    assert not result.success
    gx = {e.check_name: e for e in result.get_asset_check_evaluations()}["gx_air_hourly"]
    assert not gx.passed
    message = error_text(result)
    assert "expect_column_pair_values_a_to_be_greater_than_b(column_A=ceiling, column_B=value" in message
    assert f"source_file={SOURCE}, source_row={row}, station_code=2457A" in message
    assert query(warehouse, "SELECT * FROM staging.air_hourly ORDER BY ALL") == staged_before
    assert query(warehouse, "SELECT * FROM mart.air_station_day ORDER BY ALL") == marts_before
    # raw keeps the file as received, so the bad value can be inspected where it came from
    assert query(warehouse, "SELECT value, source_row FROM raw.air_hourly WHERE station_code = '2457A' "
                            "AND series = 'PM2.5' AND hour = 5") == [("2500", row)]


def test_staging_stores_the_staged_frame_unchanged(tmp_path):
    feed = copy_days(tmp_path / "feed", ["20190102"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    warehouse = tmp_path / "w.duckdb"
    assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-02").success
    columns = [c for (c,) in query(warehouse, "SELECT column_name FROM information_schema.columns WHERE "
                                              "table_schema = 'staging' AND table_name = 'air_hourly' "
                                              "ORDER BY ordinal_position")]
    assert "ceiling" not in columns
    assert query(warehouse, "SELECT typeof(hour), typeof(hour_ending) FROM staging.air_hourly LIMIT 1") == [
        ("SMALLINT", "SMALLINT")]

"""staging.air_hourly: typed hourly values, validated by Great Expectations before they are written."""


import dagster as dg

from assets import owners
from assets.air.raw import raw_air_hourly
from assets.steps import validate_and_write, window_dates
from expectations.air import air_hourly_suite, validation_view
from pipelines.partitions import daily
from pipelines.resources import CityProfile
from sources.air import stage_air_rows
from warehouse.resource import Warehouse, query_frame

KEY = dg.AssetKey(["staging", "air_hourly"])
CHECK = "gx_air_hourly"


@dg.asset(
    key=KEY,
    deps=[raw_air_hourly],
    group_name="air",
    kinds={"duckdb", "polars", "great_expectations"},
    owners=[owners.AIR],
    partitions_def=daily,
    backfill_policy=dg.BackfillPolicy.single_run(),
    check_specs=[dg.AssetCheckSpec(
        CHECK, asset=KEY, blocking=True,
        description="Great Expectations suite air_hourly: columns, known stations and series, hours 0–23, "
                    "values ≥ 0 and below physical ceilings, one value per station/hour/series.")],
    description="Hourly air values, long and typed: station, hour start/end (Asia/Shanghai), natural day, "
                "series, value, unit. The hour labelled h in file D ends at D h:00, so hour 0 belongs to "
                "day D−1. Validated before writing: data failing the suite never reaches this table.",
)
def staging_air_hourly(context: dg.AssetExecutionContext, profile: CityProfile, warehouse: Warehouse):
    prof = profile.load()
    start, end = window_dates(context)
    with warehouse.connect() as con:
        raw = query_frame(con, """
            SELECT file_date, hour, series, station_code, value, source_file, source_row
            FROM raw.air_hourly WHERE file_date >= ? AND file_date < ?""", [start, end])
    staged = stage_air_rows(raw, prof.timezone)
    yield from validate_and_write(
        context, warehouse, staged, key=KEY, check_name=CHECK, suite_name="air_hourly",
        suite=air_hourly_suite([s.code for s in prof.air_stations]),
        index_columns=["source_file", "source_row", "station_code"], table="staging.air_hourly",
        where="file_date >= ? AND file_date < ?", params=[start, end],
        window=f"file days {start} to {end}, end excluded", view=validation_view,
        metadata={"stations": staged["station_code"].n_unique(),
                  "first_hour_end": str(staged["hour_end"].min()), "last_hour_end": str(staged["hour_end"].max())})

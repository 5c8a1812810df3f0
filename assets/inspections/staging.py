"""staging.inspections: typed results, validated by Great Expectations before they are written."""

import datetime as dt

import dagster as dg

from assets.inspections.raw import OWNERS, raw_inspections
from assets.steps import read_window, validate_and_write
from expectations.inspections import inspections_suite
from pipelines.partitions import monthly
from pipelines.resources import CityProfile
from sources.inspections import RAW_SCHEMA, stage_inspection_rows
from warehouse.resource import Warehouse

KEY = dg.AssetKey(["staging", "inspections"])
CHECK = "gx_inspections"


def months(context: dg.AssetExecutionContext) -> tuple[dt.date, dt.date]:
    """First month (first day) and the day after the last month of the run's partition window."""
    window = context.partition_time_window
    return window.start.date(), window.end.date()


@dg.asset(
    key=KEY,
    deps=[raw_inspections],
    group_name="inspections",
    kinds={"duckdb", "polars", "great_expectations"},
    owners=OWNERS,
    partitions_def=monthly,
    backfill_policy=dg.BackfillPolicy.single_run(),
    check_specs=[dg.AssetCheckSpec(
        CHECK, asset=KEY, blocking=True,
        description="Great Expectations suite inspections: complete rows, known programmes, indicators, city and "
                    "counties, a pass/fail result on every row, no failed items on a passed row, one row per "
                    "sample or batch number and month.")],
    description="Inspection and acceptance results, typed: programme and plan indicator, product, enterprise, "
                "city and county codes, sampling date, passed (合格) or not, failed items. Validated before "
                "writing: data failing the suite never reaches this table.",
)
def staging_inspections(context: dg.AssetExecutionContext, profile: CityProfile, warehouse: Warehouse):
    prof = profile.load()
    start, end = months(context)
    raw = read_window(warehouse, f"SELECT {', '.join(RAW_SCHEMA)} FROM raw.inspections "
                                 "WHERE month >= ? AND month < ?", [start, end])
    staged = stage_inspection_rows(raw, prof)
    suite = inspections_suite([a.code for a in prof.areas if a.level == "city"],
                              [a.code for a in prof.areas if a.level == "county"])
    yield from validate_and_write(
        context, warehouse, staged, key=KEY, check_name=CHECK, suite_name="inspections", suite=suite,
        index_columns=["source_file", "source_row"], table="staging.inspections",
        where="month >= ? AND month < ?", params=[start, end], window=f"months {start} … {end} (end excluded)",
        metadata={"failed": int((~staged["passed"]).sum()) if staged.height else 0})

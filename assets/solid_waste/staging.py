"""staging.solid_waste: typed enterprise statistics, validated by Great Expectations before they are written."""

import dagster as dg

from assets import owners
from assets.solid_waste.raw import raw_solid_waste
from assets.steps import read_window, validate_and_write
from expectations.solid_waste import solid_waste_suite
from pipelines.partitions import yearly
from pipelines.resources import CityProfile
from sources.solid_waste import RAW_SCHEMA, stage_solid_waste_rows
from warehouse.resource import Warehouse

KEY = dg.AssetKey(["staging", "solid_waste"])
CHECK = "gx_solid_waste"


def years(context: dg.AssetExecutionContext) -> tuple[int, int]:
    """First and last year (inclusive) of the run's partition window."""
    window = context.partition_time_window
    return window.start.year, window.end.year - 1


@dg.asset(
    key=KEY,
    deps=[raw_solid_waste],
    group_name="solid_waste",
    kinds={"duckdb", "polars", "great_expectations"},
    owners=[owners.SOLID_WASTE],
    partitions_def=yearly,
    backfill_policy=dg.BackfillPolicy.single_run(),
    check_specs=[dg.AssetCheckSpec(
        CHECK, asset=KEY, blocking=True,
        description="Great Expectations suite solid_waste: complete rows, known city and counties, tonnes >= 0, "
                    "综合利用往年贮存量 <= 综合利用量 and 处置往年贮存量 <= 处置量, one row per enterprise, waste "
                    "type and year.")],
    description="一般工业固体废物 statistics, typed: enterprise, city and county codes, industry, waste type and "
                "the tonnages (t). Validated before writing: data failing the suite never reaches this table.",
)
def staging_solid_waste(context: dg.AssetExecutionContext, profile: CityProfile, warehouse: Warehouse):
    prof = profile.load()
    first, last = years(context)
    raw = read_window(warehouse, f"SELECT {', '.join(RAW_SCHEMA)} FROM raw.solid_waste "
                                 "WHERE year BETWEEN ? AND ?", [first, last])
    staged = stage_solid_waste_rows(raw, prof)
    suite = solid_waste_suite([a.code for a in prof.areas if a.level == "city"],
                              [a.code for a in prof.areas if a.level == "county"])
    yield from validate_and_write(
        context, warehouse, staged, key=KEY, check_name=CHECK, suite_name="solid_waste", suite=suite,
        index_columns=["source_file", "source_row"], table="staging.solid_waste",
        where="year BETWEEN ? AND ?", params=[first, last], window=f"years {first} … {last}",
        metadata={"enterprises": staged["enterprise_code"].n_unique() if staged.height else 0})

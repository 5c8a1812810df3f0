"""staging.reports: typed departmental reports, validated by Great Expectations before they are written."""

import dagster as dg

from assets import owners
from assets.reports.raw import raw_reports
from assets.solid_waste.staging import years
from assets.steps import read_window, validate_and_write
from expectations.reports import reports_suite
from pipelines.partitions import yearly
from pipelines.resources import CityProfile
from sources.reports import RAW_SCHEMA, kind, stage_report_rows
from warehouse.resource import Warehouse

KEY = dg.AssetKey(["staging", "reports"])
CHECK = "gx_reports"


@dg.asset(
    key=KEY,
    deps=[raw_reports],
    group_name="reports",
    kinds={"duckdb", "polars", "great_expectations"},
    owners=[owners.REPORTS],
    partitions_def=yearly,
    backfill_policy=dg.BackfillPolicy.single_run(),
    check_specs=[dg.AssetCheckSpec(
        CHECK, asset=KEY, blocking=True,
        description="Great Expectations suite reports: known indicators and areas, rates and scores within "
                    "0–100, numerator <= denominator, reductions with allocated and achieved values, one row per "
                    "indicator, area, pollutant and year.")],
    description="Departmental reports, typed: indicator, area, numerator, denominator, the value that counts, "
                "allocated and achieved reductions, department and report date. Validated before writing.",
)
def staging_reports(context: dg.AssetExecutionContext, profile: CityProfile, warehouse: Warehouse):
    prof = profile.load()
    first, last = years(context)
    raw = read_window(warehouse, f"SELECT {', '.join(RAW_SCHEMA)} FROM raw.reports WHERE year BETWEEN ? AND ?",
                      [first, last])
    staged = stage_report_rows(raw, prof)
    suite = reports_suite([i.id for i in prof.indicators], [i.id for i in prof.indicators if kind(i) == "rate"],
                          [i.id for i in prof.indicators if kind(i) == "met"], [a.code for a in prof.areas])
    yield from validate_and_write(
        context, warehouse, staged, key=KEY, check_name=CHECK, suite_name="reports", suite=suite,
        index_columns=["source_file", "source_row"], table="staging.reports", where="year BETWEEN ? AND ?",
        params=[first, last], window=f"years {first} … {last}",
        metadata={"indicators": staged["indicator_id"].n_unique() if staged.height else 0})

"""raw.reports: the departmental report files as received, one partition per report period (a year)."""

import dagster as dg

from assets import owners
from assets.steps import files_loaded_check, load_raw, row_counts_check
from pipelines.partitions import yearly
from pipelines.resources import CityProfile
from sources.http import make_session
from sources.reports import file_names, parse_reports_file
from sources.tabular import read_feed_file
from warehouse.resource import Warehouse

KEY = dg.AssetKey(["raw", "reports"])


@dg.asset(
    key=KEY,
    check_specs=[files_loaded_check(KEY, "reports"), row_counts_check(KEY, "reports")],
    group_name="reports",
    kinds={"duckdb", "polars", "csv"},
    owners=[owners.REPORTS],
    partitions_def=yearly,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description="The lead departments' reports (reports_YYYY.csv or .xlsx) as received: one row per indicator × "
                "area (× pollutant), values as text, source file and row. Partition = the report period, a "
                "calendar year (the plan's targets are annual). Unknown indicator ids, rates outside 0–100, "
                "numerators above their denominators and future periods are refused naming file, row and column.",
)
def raw_reports(context: dg.AssetExecutionContext, profile: CityProfile,
                warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    feed = prof.feed("reports")
    session = make_session() if feed.is_http else None

    def read(year: int):
        content, source = read_feed_file(feed, file_names(year), f"reports {year}", session)
        return parse_reports_file(content, source, year, prof), source

    return load_raw(context, warehouse, "reports", "raw.reports", "year = ?",
                    [int(k) for k in context.partition_keys], read, row_counts=True)

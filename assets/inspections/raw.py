"""raw.inspections: the monthly result files as received, one partition per month."""

import datetime as dt

import dagster as dg

from assets import owners
from assets.steps import files_loaded_check, load_raw, row_counts_check
from pipelines.partitions import monthly
from pipelines.resources import CityProfile
from sources.http import make_session
from sources.inspections import file_name, parse_inspections_file
from sources.tabular import read_feed_file
from warehouse.resource import Warehouse

KEY = dg.AssetKey(["raw", "inspections"])
OWNERS = [owners.INSPECTIONS, *owners.INSPECTIONS_SHARED]


@dg.asset(
    key=KEY,
    check_specs=[files_loaded_check(KEY, "inspections"), row_counts_check(KEY, "inspections")],
    group_name="inspections",
    kinds={"duckdb", "polars", "csv"},
    owners=OWNERS,
    partitions_def=monthly,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description="Inspection and acceptance results (inspections_YYYYMM.csv) as received: one row per batch, "
                "sample or unit project, values as text, source file and row. Partition = the month in the file "
                "name. A malformed or missing file is rejected naming file, row and column "
                "(check, mart.feed_rejections).",
)
def raw_inspections(context: dg.AssetExecutionContext, profile: CityProfile,
                    warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    feed = prof.feed("inspections")
    session = make_session() if feed.is_http else None

    def read(month: dt.date):
        content, source = read_feed_file(feed, [file_name(month)], f"inspections {month:%Y-%m}", session)
        return parse_inspections_file(content, source, month, prof), source

    return load_raw(context, warehouse, "inspections", "raw.inspections", "month = ?",
                    [dt.date.fromisoformat(k) for k in context.partition_keys], read, row_counts=True)

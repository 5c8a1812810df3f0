"""raw.solid_waste: the annual enterprise statistics as received, one partition per statistical year."""

import dagster as dg

from assets import owners
from assets.steps import files_loaded_check, load_raw, row_counts_check
from pipelines.partitions import yearly
from pipelines.resources import CityProfile
from sources.http import make_session
from sources.solid_waste import file_names, parse_solid_waste_file
from sources.tabular import read_feed_file
from warehouse.resource import Warehouse

KEY = dg.AssetKey(["raw", "solid_waste"])


@dg.asset(
    key=KEY,
    check_specs=[files_loaded_check(KEY, "solid_waste"), row_counts_check(KEY, "solid_waste")],
    group_name="solid_waste",
    kinds={"duckdb", "polars", "csv"},
    owners=[owners.SOLID_WASTE],
    partitions_def=yearly,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description="一般工业固体废物 annual enterprise statistics (solid_waste_YYYY.csv or .xlsx) as received: one row "
                "per enterprise and waste type, values as text, source file and row. Partition = the statistical "
                "year. A malformed or missing file is rejected naming file, row and column "
                "(check, mart.feed_rejections).",
)
def raw_solid_waste(context: dg.AssetExecutionContext, profile: CityProfile,
                    warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    feed = prof.feed("solid_waste")
    session = make_session() if feed.is_http else None

    def read(year: int):
        content, source = read_feed_file(feed, file_names(year), f"solid waste {year}", session)
        return parse_solid_waste_file(content, source, year, prof), source

    return load_raw(context, warehouse, "solid_waste", "raw.solid_waste", "year = ?",
                    [int(k) for k in context.partition_keys], read, row_counts=True)

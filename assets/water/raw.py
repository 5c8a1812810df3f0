"""raw.water_auto (daily files) and raw.water_manual (monthly files): the water feeds as received."""


import datetime as dt

import dagster as dg
import polars as pl

from assets import owners
from pipelines.partitions import daily, monthly
from pipelines.resources import CityProfile
from sources.air import FeedFormatError, FeedMissingError
from sources.http import FeedHTTPError, make_session
from sources.water import parse_auto_file, parse_manual_file, read_auto_file, read_manual_file
from warehouse.resource import Warehouse, replace_rows

AUTO_KEY = dg.AssetKey(["raw", "water_auto"])
MANUAL_KEY = dg.AssetKey(["raw", "water_manual"])


def _load(context: dg.AssetExecutionContext, warehouse: Warehouse, keys: list[dt.date], what: str, read, parse,
          table: str, column: str) -> tuple[int, list[str], dict[str, int]]:
    """Load each partition's file in its own transaction; collect the errors."""
    errors: list[str] = []
    loaded: dict[str, int] = {}
    rows = 0
    with warehouse.connect() as con:
        for n, key in enumerate(keys, start=1):
            try:
                content, source = read(key)
                frame = parse(content, source, key)
            except (FeedFormatError, FeedMissingError, FeedHTTPError) as exc:
                errors.append(str(exc))
                context.log.error(f"{what} {key} ({n}/{len(keys)}): {exc}")
                continue
            frame = frame.with_columns(loaded_at=pl.lit(dt.datetime.now(dt.UTC)))
            rows += replace_rows(con, table, frame, f"{column} = ?", [key])
            loaded[str(key)] = frame.height
            context.log.info(f"{what} {key} ({n}/{len(keys)}): {frame.height:,} rows from {source}")
    if errors:
        raise dg.Failure(
            description=f"{len(errors)} of {len(keys)} {what} file(s) could not be loaded (the others were loaded; "
                        "the warehouse keeps its previous data for these):\n" + "\n".join(errors),
            metadata={"failed_files": len(errors)})
    return rows, errors, loaded


@dg.asset(
    key=AUTO_KEY,
    group_name="water",
    kinds={"duckdb", "polars", "csv", "xlsx"},
    owners=[owners.WATER],
    partitions_def=daily,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description="The automatic-station export (国家地表水水质自动监测实时数据, water_auto_YYYYMMDD.csv or .xlsx) as "
                "received: every row of the file (the whole province), values as text, 站点情况 kept. Partition = "
                "the day in the file name, which also gives the year of 监测时间 (MM-DD HH:MM). A malformed or "
                "missing file fails with a message naming file, row and column; the other days are loaded.",
)
def raw_water_auto(context: dg.AssetExecutionContext, profile: CityProfile,
                   warehouse: Warehouse) -> dg.MaterializeResult:
    feed = profile.load().feed("water_auto")
    session = make_session() if feed.is_http else None
    days = [dt.date.fromisoformat(k) for k in context.partition_keys]
    rows, _, loaded = _load(context, warehouse, days, "water_auto", lambda d: read_auto_file(feed, d, session),
                            parse_auto_file, "raw.water_auto", "file_date")
    return dg.MaterializeResult(metadata={"days": len(days), "rows": rows, "feed": feed.url,
                                          "rows_per_day": dg.MetadataValue.json(loaded)})


@dg.asset(
    key=MANUAL_KEY,
    group_name="water",
    kinds={"duckdb", "polars", "csv"},
    owners=[owners.WATER],
    partitions_def=monthly,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description="Manual monthly monitoring of the sections (water_sections_YYYYMM.csv) as received: one row per "
                "section and sampling date, one text column per GB 3838-2002 Table 1 item. Partition = the month "
                "in the file name. A malformed or missing file fails naming file, row and column.",
)
def raw_water_manual(context: dg.AssetExecutionContext, profile: CityProfile,
                     warehouse: Warehouse) -> dg.MaterializeResult:
    feed = profile.load().feed("water_manual")
    session = make_session() if feed.is_http else None
    months = [dt.date.fromisoformat(k) for k in context.partition_keys]
    rows, _, loaded = _load(context, warehouse, months, "water_manual",
                            lambda m: read_manual_file(feed, m, session), parse_manual_file, "raw.water_manual",
                            "month")
    return dg.MaterializeResult(metadata={"months": len(months), "rows": rows, "feed": feed.url,
                                          "rows_per_month": dg.MetadataValue.json(loaded)})

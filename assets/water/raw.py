"""raw.water_auto (daily files) and raw.water_manual (monthly files): the water feeds as received."""


import datetime as dt

import dagster as dg
import polars as pl

from assets import owners
from assets.steps import files_loaded_check, load_raw
from pipelines.partitions import daily, monthly
from pipelines.resources import CityProfile
from sources.http import make_session
from sources.water import RAW_AUTO_SCHEMA, parse_auto_file, parse_manual_file, read_auto_files, read_manual_file
from warehouse.resource import Warehouse

AUTO_KEY = dg.AssetKey(["raw", "water_auto"])
MANUAL_KEY = dg.AssetKey(["raw", "water_manual"])


@dg.asset(
    key=AUTO_KEY,
    check_specs=[files_loaded_check(AUTO_KEY, "water_auto")],
    group_name="water",
    kinds={"duckdb", "polars", "csv", "xlsx", "html"},
    owners=[owners.WATER],
    partitions_def=daily,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description="The automatic-station feed (国家地表水水质自动监测实时数据) as received: the day's export "
                "(water_auto_YYYYMMDD.csv or .xlsx) or every save of the platform's page that day "
                "(water_auto_YYYYMMDDTHHMMSS.html[.gz]): every row of every file, values as text, on a page also "
                "the raw value (原始值), 所在地市 and 所属河流, 站点情况 kept, each save with its time. Partition = "
                "the day in the file name, which also gives the year of 监测时间 (MM-DD HH:MM). A malformed or "
                "missing file is rejected naming file, row and column; the other days load and flow on.",
)
def raw_water_auto(context: dg.AssetExecutionContext, profile: CityProfile,
                   warehouse: Warehouse) -> dg.MaterializeResult:
    feed = profile.load().feed("water_auto")
    session = make_session() if feed.is_http else None

    def read(day: dt.date) -> tuple[pl.DataFrame, str]:
        files = read_auto_files(feed, day, session)
        frames = [parse_auto_file(content, source, day) for content, source in files]
        return pl.concat(frames).cast(RAW_AUTO_SCHEMA), ", ".join(source for _, source in files)

    days = [dt.date.fromisoformat(k) for k in context.partition_keys]
    return load_raw(context, warehouse, "water_auto", "raw.water_auto", "file_date = ?", days, read)


@dg.asset(
    key=MANUAL_KEY,
    check_specs=[files_loaded_check(MANUAL_KEY, "water_manual")],
    group_name="water",
    kinds={"duckdb", "polars", "csv"},
    owners=[owners.WATER],
    partitions_def=monthly,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description="Manual monthly monitoring of the sections (water_sections_YYYYMM.csv) as received: one row per "
                "section and sampling date, one text column per GB 3838-2002 Table 1 item. Partition = the month "
                "in the file name. A malformed or missing file is rejected naming file, row and column.",
)
def raw_water_manual(context: dg.AssetExecutionContext, profile: CityProfile,
                     warehouse: Warehouse) -> dg.MaterializeResult:
    feed = profile.load().feed("water_manual")
    session = make_session() if feed.is_http else None

    def read(month: dt.date) -> tuple[pl.DataFrame, str]:
        content, source = read_manual_file(feed, month, session)
        return parse_manual_file(content, source, month), source

    months = [dt.date.fromisoformat(k) for k in context.partition_keys]
    return load_raw(context, warehouse, "water_manual", "raw.water_manual", "month = ?", months, read)

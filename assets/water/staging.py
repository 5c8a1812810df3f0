"""staging.water_auto and staging.water_manual: typed water samples, validated by Great Expectations
before they are written (blocking checks: data failing the suite never reaches these tables)."""


import datetime as dt

import dagster as dg
import polars as pl

from assets import owners
from assets.water.raw import raw_water_auto, raw_water_manual
from expectations import runner
from expectations.water import water_auto_suite, water_manual_suite
from pipelines.partitions import daily, monthly
from pipelines.resources import CityProfile
from sources.water import RAW_AUTO_SCHEMA, RAW_MANUAL_SCHEMA, stage_auto, stage_manual
from warehouse.resource import Warehouse, query_frame, replace_rows

AUTO_KEY = dg.AssetKey(["staging", "water_auto"])
MANUAL_KEY = dg.AssetKey(["staging", "water_manual"])
AUTO_CHECK = "gx_water_auto"
MANUAL_CHECK = "gx_water_manual"


def _window(context: dg.AssetExecutionContext) -> tuple[dt.date, dt.date]:
    window = context.partition_time_window
    return window.start.date(), window.end.date()


def _validate_and_write(context, warehouse: Warehouse, staged: pl.DataFrame, suite_name: str, suite: list,
                        index_columns: list[str], check_name: str, key: dg.AssetKey, table: str, where: str,
                        start: dt.date, end: dt.date, metadata: dict):
    context.log.info(f"validating {staged.height:,} staged rows of {table} ({start} to {end}, end excluded)")
    result = runner.validate(staged, suite_name, suite, index_columns=index_columns)
    check = runner.check_result(result, check_name, key, staged.height)
    if not check.passed:
        yield check
        raise dg.Failure(
            description=f"staged {table} data for {start} … {end} failed the {suite_name} suite; {table} keeps "
                        f"its previous content. {runner.failure_summary(result)}",
            metadata=check.metadata)
    with warehouse.connect() as con:
        replace_rows(con, table, staged, where, [start, end])
    yield dg.MaterializeResult(metadata={"rows": staged.height, **metadata}, check_results=[check])


@dg.asset(
    key=AUTO_KEY,
    deps=[raw_water_auto],
    group_name="water",
    kinds={"duckdb", "polars", "great_expectations"},
    owners=[owners.WATER],
    partitions_def=daily,
    backfill_policy=dg.BackfillPolicy.single_run(),
    check_specs=[dg.AssetCheckSpec(
        AUTO_CHECK, asset=AUTO_KEY, blocking=True,
        description="Great Expectations suite water_auto: columns, sections known to the profile, 水质类别 a "
                    "class, reading dates inside the partition, pH 0–14, DO 0–20 mg/L, water temperature "
                    "−1–45 ℃, other values ≥ 0, one reading per section and time.")],
    description="Automatic-station readings, typed: section, local time (year from the file day), the "
                "published 水质类别, values (a below-DL result holds its DL; the items are listed), the section's "
                "code and river/lake type from the profile. Rows whose 站点情况 is 维护, 停运 or any status but "
                "正常 stay in raw and are left out here. Validated before writing.",
)
def staging_water_auto(context: dg.AssetExecutionContext, profile: CityProfile, warehouse: Warehouse):
    prof = profile.load()
    start, end = _window(context)
    with warehouse.connect() as con:
        raw = query_frame(con, f"SELECT {', '.join(RAW_AUTO_SCHEMA)} FROM raw.water_auto "
                               "WHERE file_date >= ? AND file_date < ?", [start, end]).cast(RAW_AUTO_SCHEMA)
    staged, out = stage_auto(raw, prof)
    names = [s.name for s in prof.water_sections] + [s.name for s in prof.water_other_sections]
    left_out = out.select("section_name", "monitored_at", "station_status", "source_file", "source_row")
    yield from _validate_and_write(
        context, warehouse, staged, "water_auto", water_auto_suite(names, start, end),
        ["source_file", "source_row", "section_name"], AUTO_CHECK, AUTO_KEY, "staging.water_auto",
        "file_date >= ? AND file_date < ?", start, end,
        {"city_rows": int(staged["in_city"].sum()) if staged.height else 0,
         "rows_out_of_service": out.height,
         "out_of_service": dg.MetadataValue.json(left_out.to_dicts())})


@dg.asset(
    key=MANUAL_KEY,
    deps=[raw_water_manual],
    group_name="water",
    kinds={"duckdb", "polars", "great_expectations"},
    owners=[owners.WATER],
    partitions_def=monthly,
    backfill_policy=dg.BackfillPolicy.single_run(),
    check_specs=[dg.AssetCheckSpec(
        MANUAL_CHECK, asset=MANUAL_KEY, blocking=True,
        description="Great Expectations suite water_manual: columns, section codes of the profile with their "
                    "names, sampling dates inside the month, pH 0–14, DO 0–20 mg/L, water temperature −1–45 ℃, "
                    "other values ≥ 0, one sample per section and date.")],
    description="Manual monthly samples, typed: section, sampling date and time, one value per GB 3838 item "
                "(a below-DL result holds its DL; the items are listed), river/lake type from the profile. "
                "Validated before writing.",
)
def staging_water_manual(context: dg.AssetExecutionContext, profile: CityProfile, warehouse: Warehouse):
    prof = profile.load()
    start, end = _window(context)
    with warehouse.connect() as con:
        raw = query_frame(con, f"SELECT {', '.join(RAW_MANUAL_SCHEMA)} FROM raw.water_manual "
                               "WHERE month >= ? AND month < ?", [start, end]).cast(RAW_MANUAL_SCHEMA)
    staged = stage_manual(raw, prof)
    yield from _validate_and_write(
        context, warehouse, staged, "water_manual",
        water_manual_suite({s.code: s.name for s in prof.water_sections}, start, end),
        ["source_file", "source_row", "section_code"], MANUAL_CHECK, MANUAL_KEY, "staging.water_manual",
        "month >= ? AND month < ?", start, end,
        {"sections": staged["section_code"].n_unique() if staged.height else 0})

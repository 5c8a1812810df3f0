"""staging.water_auto and staging.water_manual: typed water samples, validated by Great Expectations
before they are written (blocking checks: data failing the suite never reaches these tables)."""



import dagster as dg
import polars as pl

from assets import owners
from assets.steps import validate_and_write, window_dates
from assets.water.raw import raw_water_auto, raw_water_manual
from expectations.water import water_auto_suite, water_manual_suite
from pipelines.partitions import daily, monthly
from pipelines.resources import CityProfile
from sources.water import RAW_AUTO_SCHEMA, RAW_MANUAL_SCHEMA, stage_auto, stage_manual
from warehouse.resource import Warehouse, query_frame

AUTO_KEY = dg.AssetKey(["staging", "water_auto"])
MANUAL_KEY = dg.AssetKey(["staging", "water_manual"])
AUTO_CHECK = "gx_water_auto"
MANUAL_CHECK = "gx_water_manual"


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
        description="Great Expectations suite water_auto: columns, sections known to the profile (a section "
                    "the platform tags with the city must be listed; another unknown section is left out and "
                    "reported), 水质类别 a class, reading dates inside the partition, every value finite and "
                    "within its physical range (expectations/water.py RANGES), one reading per section and "
                    "time (after keeping the latest version of a revised reading).")],
    description="Automatic-station readings, typed: one row per section and 监测时间, the latest version "
                "when page saves revised it (versions and what changed kept), local time (year from the file "
                "day), the published 水质类别, values (the raw value 原始值 where the page gives it; a below-DL "
                "result holds its DL) and the displayed values of the five class items, the section's code and "
                "river/lake type from the profile. Rows whose 站点情况 is 维护, 停运 or any status but 正常 stay "
                "in raw and are left out here, as are sections the profile does not list (reported). Validated "
                "before writing.",
)
def staging_water_auto(context: dg.AssetExecutionContext, profile: CityProfile, warehouse: Warehouse):
    prof = profile.load()
    start, end = window_dates(context)
    with warehouse.connect() as con:
        raw = query_frame(con, f"SELECT {', '.join(RAW_AUTO_SCHEMA)} FROM raw.water_auto "
                               "WHERE file_date >= ? AND file_date < ?", [start, end]).cast(RAW_AUTO_SCHEMA)
    staged, out, unknown = stage_auto(raw, prof)
    names = [s.name for s in prof.water_sections] + [s.name for s in prof.water_other_sections]
    left_out = out.select("section_name", "monitored_at", "station_status", "source_file", "source_row")
    if unknown.height:
        context.log.warning(f"water_auto {start} … {end}: {unknown.height} row(s) of "
                            f"{unknown['section_name'].n_unique()} section(s) the profile does not list, left out: "
                            f"{', '.join(sorted(set(unknown['section_name'])))[:500]}")
    yield from validate_and_write(
        context, warehouse, staged, key=AUTO_KEY, check_name=AUTO_CHECK, suite_name="water_auto",
        suite=water_auto_suite(names, start, end), index_columns=["source_file", "source_row", "section_name"],
        table="staging.water_auto", where="file_date >= ? AND file_date < ?", params=[start, end],
        window=f"file days {start} to {end}, end excluded",
        metadata={"city_rows": int(staged["in_city"].sum()) if staged.height else 0,
                  "rows_out_of_service": out.height,
                  "out_of_service": dg.MetadataValue.json(left_out.to_dicts()),
                  "rows_unknown_section": unknown.height,
                  "unknown_sections": dg.MetadataValue.json(
                      unknown.group_by("section_name", "city", "river").len().sort("section_name").to_dicts()),
                  "readings_revised": int(staged["revisions"].is_not_null().sum()) if staged.height else 0,
                  "revisions": dg.MetadataValue.json(
                      staged.filter(pl.col("revisions").is_not_null())
                      .select("section_name", pl.col("monitored_at").cast(pl.String), "versions", "revisions")
                      .sort("section_name", "monitored_at").to_dicts())})


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
    start, end = window_dates(context)
    with warehouse.connect() as con:
        raw = query_frame(con, f"SELECT {', '.join(RAW_MANUAL_SCHEMA)} FROM raw.water_manual "
                               "WHERE month >= ? AND month < ?", [start, end]).cast(RAW_MANUAL_SCHEMA)
    staged = stage_manual(raw, prof)
    yield from validate_and_write(
        context, warehouse, staged, key=MANUAL_KEY, check_name=MANUAL_CHECK, suite_name="water_manual",
        suite=water_manual_suite({s.code: s.name for s in prof.water_sections}, start, end),
        index_columns=["source_file", "source_row", "section_code"], table="staging.water_manual",
        where="month >= ? AND month < ?", params=[start, end], window=f"months {start} to {end}, end excluded",
        metadata={"sections": staged["section_code"].n_unique() if staged.height else 0})

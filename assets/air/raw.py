"""raw.air_hourly: the national hourly files as received, one partition per file day."""


import datetime as dt

import dagster as dg
import polars as pl

from assets import owners
from assets.steps import files_loaded_check, record_rejections
from pipelines.partitions import daily
from pipelines.resources import CityProfile
from sources.air import file_name, parse_air_file, read_air_file
from sources.errors import FeedFormatError, FeedMissingError
from sources.http import FeedHTTPError, make_session
from warehouse.resource import Warehouse, replace_rows

KEY = dg.AssetKey(["raw", "air_hourly"])


@dg.asset(
    key=KEY,
    group_name="air",
    kinds={"duckdb", "polars", "csv"},
    owners=[owners.AIR],
    partitions_def=daily,
    backfill_policy=dg.BackfillPolicy.single_run(),
    check_specs=[files_loaded_check(KEY, "air")],
    description="The national hourly release (china_sites_YYYYMMDD.csv) as received, for the profile's "
                "stations: one row per non-empty cell, text values, source file, row and load time. "
                "Partition = the day in the file name. A malformed or missing file is rejected with a message "
                "naming file, row and column and keeps its previous data; the other days of the run load and "
                "flow on, and the run ends failed naming the rejected files (check air_files_loaded, table "
                "mart.feed_rejections, which also lists rejected rows such as a last row cut short).",
)
def raw_air_hourly(context: dg.AssetExecutionContext, profile: CityProfile,
                   warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    feed = prof.feed("air")
    stations = [s.code for s in prof.air_stations]
    days = [dt.date.fromisoformat(key) for key in context.partition_keys]
    session = make_session() if feed.is_http else None
    errors: list[str] = []
    absent: dict[str, list[str]] = {}
    rejected_rows: list[str] = []
    rows = 0
    with warehouse.connect() as con:
        for n, day in enumerate(days, start=1):
            now = dt.datetime.now(dt.UTC)
            try:
                content, source = read_air_file(feed, day, session)
                parsed = parse_air_file(content, source, day, stations)
            except (FeedFormatError, FeedMissingError, FeedHTTPError) as exc:
                errors.append(str(exc))
                context.log.error(f"air {day} ({n}/{len(days)}): {exc}")
                record_rejections(con, "air", day, [(file_name(day), None, True, str(exc))], context.run_id)
                continue
            frame = parsed.rows.with_columns(loaded_at=pl.lit(now))
            # Each day is its own transaction: a bad file elsewhere in the range leaves this one loaded.
            rows += replace_rows(con, "raw.air_hourly", frame, "file_date = ?", [day])
            record_rejections(con, "air", day, [(frame["source_file"][0] if frame.height else file_name(day), row,
                                                 False, why) for row, why in parsed.rejected_rows], context.run_id)
            for _, why in parsed.rejected_rows:
                rejected_rows.append(why)
                context.log.warning(f"air {day}: {why}")
            if parsed.missing_stations:
                absent[str(day)] = list(parsed.missing_stations)
            context.log.info(f"air {day} ({n}/{len(days)}): {frame.height:,} values from {source}"
                             + (f"; stations absent from the file: {', '.join(parsed.missing_stations)}"
                                if parsed.missing_stations else ""))
    check = dg.AssetCheckResult(
        check_name="air_files_loaded", passed=not errors, severity=dg.AssetCheckSeverity.ERROR,
        metadata={"days": len(days), "rejected_files": len(errors),
                  "errors": dg.MetadataValue.md("\n".join(f"- {e}" for e in errors) or "none")})
    return dg.MaterializeResult(
        metadata={
            "days": len(days),
            "days_loaded": len(days) - len(errors),
            "rows": rows,
            "stations_in_profile": len(stations),
            "stations_absent": dg.MetadataValue.json(absent),
            "rejected_rows": dg.MetadataValue.json(rejected_rows),
            "feed": feed.url,
        },
        check_results=[check],
    )

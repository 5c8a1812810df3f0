"""raw.air_hourly: the national hourly files as received, one partition per file day."""


import datetime as dt

import dagster as dg
import polars as pl

from assets import owners
from pipelines.partitions import daily
from pipelines.resources import CityProfile
from sources.air import parse_air_file, read_air_file
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
    description="The national hourly release (china_sites_YYYYMMDD.csv) as received, for the profile's "
                "stations: one row per non-empty cell, text values, source file, row and load time. "
                "Partition = the day in the file name. A malformed or missing file fails with a message "
                "naming file, row and column; the other days of the run are still loaded.",
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
    rows = 0
    with warehouse.connect() as con:
        for n, day in enumerate(days, start=1):
            try:
                content, source = read_air_file(feed, day, session)
                parsed = parse_air_file(content, source, day, stations)
            except (FeedFormatError, FeedMissingError, FeedHTTPError) as exc:
                errors.append(str(exc))
                context.log.error(f"air {day} ({n}/{len(days)}): {exc}")
                continue
            frame = parsed.rows.with_columns(loaded_at=pl.lit(dt.datetime.now(dt.UTC)))
            # Each day is its own transaction: a bad file elsewhere in the range leaves this one loaded.
            rows += replace_rows(con, "raw.air_hourly", frame, "file_date = ?", [day])
            if parsed.missing_stations:
                absent[str(day)] = list(parsed.missing_stations)
            context.log.info(f"air {day} ({n}/{len(days)}): {frame.height:,} values from {source}"
                             + (f"; stations absent from the file: {', '.join(parsed.missing_stations)}"
                                if parsed.missing_stations else ""))
    if errors:
        raise dg.Failure(
            description=f"{len(errors)} of {len(days)} air file(s) could not be loaded (the other days were "
                        "loaded; the warehouse keeps its previous data for these):\n" + "\n".join(errors),
            metadata={"failed_files": len(errors)},
        )
    return dg.MaterializeResult(metadata={
        "days": len(days),
        "rows": rows,
        "stations_in_profile": len(stations),
        "stations_absent": dg.MetadataValue.json(absent),
        "feed": feed.url,
    })

"""raw.air_file: the national hourly files as received: one row per file day, the file itself in the raw archive."""


import datetime as dt
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dagster as dg
import polars as pl

from assets import owners
from assets.steps import (
    drop_note,
    files_loaded_check,
    record_rejections,
    rejection_rows,
    row_counts_check,
    row_counts_result,
)
from pipelines.partitions import daily
from pipelines.resources import CityProfile
from sources.air import check_air_file, file_name, read_air_file, source_name, stage_air_file
from sources.errors import FeedFormatError, FeedMissingError
from sources.http import FeedHTTPError, make_session
from warehouse.resource import Warehouse, insert_rows, transaction

KEY = dg.AssetKey(["raw", "air_file"])


def archive(raw_dir: Path, day: dt.date, sha256: str, content: bytes) -> str:
    """Keep a file as received under ``raw_dir``; its path relative to ``raw_dir``.

    Named by day and content hash, so a re-delivered file with other bytes is a new file and the row it
    replaces still points at the old one until its transaction commits. Written to a temporary name and
    renamed, so a killed run never leaves half a file under a final name.
    """
    relative = f"air/{day:%Y}/{file_name(day).removesuffix('.csv')}.{sha256[:16]}.csv"
    path = raw_dir / relative
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(content)
        os.replace(tmp, path)
    return relative


def read_archived(raw_dir: Path, relative: str, sha256: str) -> bytes:
    """The bytes of an archived raw file, checked against the hash recorded when it was loaded."""
    content = (raw_dir / relative).read_bytes()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise FeedFormatError(f"{raw_dir / relative}: the archived raw file no longer matches the SHA-256 recorded "
                              "when it was loaded; re-load that day")
    return content


@dg.asset(
    key=KEY,
    group_name="air",
    kinds={"duckdb", "csv"},
    owners=[owners.AIR],
    partitions_def=daily,
    backfill_policy=dg.BackfillPolicy.single_run(),
    check_specs=[files_loaded_check(KEY, "air"), row_counts_check(KEY, "air")],
    description="The national hourly release (china_sites_YYYYMMDD.csv) as received: one row per file day with "
                "its size, SHA-256 and path in the raw archive (raw/ beside the warehouse, the file byte for "
                "byte), checked before it is kept (encoding, header, field counts, "
                "dates, hours, series types, numeric cells of the profile's stations). Partition = the day in the "
                "file name. A malformed file, or a missing one after the run's last file (not yet published), is "
                "rejected with a message naming file, row and column and keeps its previous data; the other days of "
                "the run load and flow on, and the run ends failed naming the rejected files. A day with no file "
                "before a day that has one is a gap, reported (metadata gaps, mart.feed_rejections) but not an "
                "error (check air_files_loaded, table mart.feed_rejections, which also lists "
                "rejected rows such as a last row cut short). A re-delivered file that would replace the day's "
                "station-hours by much fewer is loaded and reported (check air_row_counts).",
)
def raw_air_file(context: dg.AssetExecutionContext, profile: CityProfile,
                 warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    feed = prof.feed("air")
    stations = [s.code for s in prof.air_stations]
    days = [dt.date.fromisoformat(key) for key in context.partition_keys]
    session = make_session() if feed.is_http else None
    errors: list[str] = []
    # Runs of loaded days whose files lack the same profile stations: [first day, last day, codes]. Dagster copies
    # a run's metadata onto every partition's materialisation, so a list per day (≈ 400 codes a day on the real
    # 2019 files) grew as days²: 364 × 1.1 MB on the real year, 60 s of the raw step and 5 GB when read back.
    absent: list[list] = []
    rejected_rows: list[str] = []
    missing: list[tuple[dt.date, FeedMissingError]] = []
    gaps: list[str] = []
    last_loaded: dt.date | None = None
    size = 0
    drops: list[str] = []
    previous: dict[dt.date, str] = {}

    def fetch(day: dt.date):
        """Everything a day needs before its transaction: read, check, hash, archive (or the error); and for a
        re-delivery with other bytes, the station-hours it will stage (to compare with what it replaces)."""
        try:
            content, source = read_air_file(feed, day, session)
            checked = check_air_file(content, source, day, stations)
        except (FeedFormatError, FeedMissingError, FeedHTTPError) as exc:
            return exc
        except Exception as exc:  # noqa: BLE001 — whatever goes wrong reading a file is that file's rejection
            return FeedFormatError(f"{file_name(day)}: the file could not be read ({type(exc).__name__}: {exc})")
        sha256 = hashlib.sha256(content).hexdigest()
        hours = None
        if previous.get(day, sha256) != sha256:
            try:
                hours = stage_air_file(content, source, day, stations, prof.timezone).height
            except Exception:  # noqa: BLE001 — only a warning depends on it; staging names any problem
                hours = None
        return source, len(content), sha256, archive(warehouse.raw_dir, day, sha256, content), checked, hours

    with warehouse.connect() as con, ThreadPoolExecutor(max_workers=1) as reader:
        if days:
            previous.update(con.execute("SELECT file_date, sha256 FROM raw.air_file WHERE file_date BETWEEN ? AND ?",
                                        [days[0], days[-1]]).fetchall())
        # The next day is read and checked (Python) while this one commits (DuckDB, its WAL synced): the two
        # overlap. One day ahead at most, so memory holds two files.
        ahead = reader.submit(fetch, days[0]) if days else None
        for n, day in enumerate(days, start=1):
            fetched = ahead.result()
            ahead = reader.submit(fetch, days[n]) if n < len(days) else None
            if isinstance(fetched, FeedMissingError):
                missing.append((day, fetched))  # a gap or not yet published: told apart once the run is read
                continue
            if isinstance(fetched, Exception):
                errors.append(str(fetched))
                context.log.error(f"air {day} ({n}/{len(days)}): {fetched}")
                record_rejections(con, "air", day, [(file_name(day), None, True, str(fetched))], context.run.run_id)
                context.add_asset_metadata({"status": "rejected", "reason": str(fetched)}, partition_key=str(day))
                continue
            source, length, sha256, archived, checked, hours = fetched
            name = source_name(source)
            # A re-delivery with much less data than the day has in staging: loaded (a re-run replaces its
            # partition), and reported.
            note = None if hours is None else drop_note(
                name, hours, con.execute("SELECT count(*) FROM staging.air_hourly WHERE file_date = ?",
                                         [day]).fetchone()[0], "station-hours")
            frame = pl.DataFrame([{
                "file_date": day, "source_file": name, "source": source, "size_bytes": length,
                "sha256": sha256, "archive_path": archived,
                "station_columns": len(checked.station_columns), "stations_absent": list(checked.missing_stations),
                "data_rows": checked.data_rows, "loaded_at": dt.datetime.now(dt.UTC)}],
                schema_overrides={"stations_absent": pl.List(pl.String)})
            # Each day is one transaction, its rejected rows included: a bad file elsewhere in the range
            # leaves this one loaded.
            rejected = rejection_rows("air", day, [(name, row, False, why) for row, why in checked.rejected_rows]
                                      + ([(name, None, False, note)] if note else []), context.run.run_id)
            with transaction(con):
                con.execute("DELETE FROM raw.air_file WHERE file_date = ?", [day])
                insert_rows(con, "raw.air_file", frame)
                con.execute("DELETE FROM mart.feed_rejections WHERE feed = 'air' AND partition_date = ?", [day])
                insert_rows(con, "mart.feed_rejections", rejected)
            size += length
            for _, why in checked.rejected_rows:
                rejected_rows.append(why)
                context.log.warning(f"air {day}: {why}")
            if note:
                drops.append(note)
                context.log.warning(f"air {day}: {note}")
            if absent and absent[-1][2] == checked.missing_stations:
                absent[-1][1] = day
            else:
                absent.append([day, day, checked.missing_stations])
            context.log.info(f"air {day} ({n}/{len(days)}): {length:,} bytes, {checked.data_rows} rows from "
                             f"{source}" + (f"; {len(checked.missing_stations)} profile station(s) absent from the "
                                            f"file: {', '.join(checked.missing_stations[:20])}"
                                            if checked.missing_stations else ""))
            # The day's own figures on its materialisation (the result's metadata are the run's, on every day).
            context.add_asset_metadata({
                "status": "loaded", "source": source, "bytes": length, "sha256": sha256,
                "dagster/row_count": checked.data_rows,
                "stations_absent": dg.MetadataValue.json(list(checked.missing_stations)),
                "rejected_rows": dg.MetadataValue.json([why for _, why in checked.rejected_rows]),
                **({"row_count_drop": note} if note else {})}, partition_key=str(day))
            last_loaded = day
        # A day with no file before a day that has one is a gap in the feed: the publisher skipped it and moved on
        # (2019-04-08 in the national release). It is reported, not an error: the natural day still gets its last
        # hour from the next file (hour 0), the day before loses only that hour, and the validity rules judge both.
        # A missing day after the last file is not yet published: an error, so the nightly tries again.
        for day, exc in missing:
            if last_loaded is not None and day < last_loaded:
                gaps.append(str(day))
                context.log.warning(f"air {day}: {exc}; a gap in the feed (a later day has a file), not an error")
                why = (f"{exc}; a gap in the feed (a later day has a file): the day is computed from the hours the "
                       "neighbouring files hold")
                record_rejections(con, "air", day, [(file_name(day), None, False, why)], context.run.run_id)
                context.add_asset_metadata({"status": "gap", "reason": why}, partition_key=str(day))
            else:
                errors.append(str(exc))
                context.log.error(f"air {day}: {exc}")
                record_rejections(con, "air", day, [(file_name(day), None, True, str(exc))], context.run.run_id)
                context.add_asset_metadata({"status": "rejected", "reason": str(exc)}, partition_key=str(day))
    check = dg.AssetCheckResult(
        check_name="air_files_loaded", passed=not errors, severity=dg.AssetCheckSeverity.ERROR,
        metadata={"days": len(days), "rejected_files": len(errors), "gaps": dg.MetadataValue.json(gaps),
                  "errors": dg.MetadataValue.md("\n".join(f"- {e}" for e in errors) or "none")})
    return dg.MaterializeResult(
        # The run's figures, on every day of its range; each day's own (added above) take precedence.
        metadata={
            "days": len(days),
            "days_loaded": len(days) - len(errors) - len(gaps),
            "gaps": dg.MetadataValue.json(gaps),
            "bytes": size,
            "stations_in_profile": len(stations),
            "stations_absent_in_run": dg.MetadataValue.json({
                f"{first} … {last}" if last > first else str(first): list(codes)
                for first, last, codes in absent if codes}),
            "rejected_rows": dg.MetadataValue.json(rejected_rows),
            "feed": feed.url,
        },
        check_results=[check, row_counts_result("air", len(days), drops)],
    )

"""Steps every feed's assets share: load files into raw (one transaction per file), validate staged frames
with Great Expectations before writing them (a blocking check), read a window, show a small frame in the UI.
Each feed's assets call these with their own tables, queries and suites."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import dagster as dg
import polars as pl

from expectations import runner
from sources.errors import FeedFormatError, FeedMissingError
from sources.http import FeedHTTPError
from sources.tabular import source_name
from warehouse.resource import Warehouse, insert_rows, query_frame, replace_rows, transaction


def files_loaded_check(key: dg.AssetKey, feed: str) -> dg.AssetCheckSpec:
    """The raw asset's check that every partition of the run had a well-formed file."""
    return dg.AssetCheckSpec(
        f"{feed}_files_loaded", asset=key, blocking=False,
        description="Every partition of the run had a well-formed file; the rejected ones with their error (file, "
                    "row, column). The other partitions load and flow on; the run's last step then fails naming "
                    "them (mart.feed_rejections lists them for BI).")


#: A partition whose new file holds fewer than this share of the rows it replaces is reported (not refused: a re-run
#: replaces its partition, and a re-delivery may rightly be smaller).
KEEP_SHARE = 0.9


def row_counts_check(key: dg.AssetKey, feed: str) -> dg.AssetCheckSpec:
    """The raw asset's non-blocking check that no partition was replaced by much less data than it had."""
    return dg.AssetCheckSpec(
        f"{feed}_row_counts", asset=key, blocking=False,
        description=f"Warns when a re-delivered file replaces a partition with less than {KEEP_SHARE:.0%} of the "
                    "rows it had (a re-sent file with every value empty, or cut at a line end), naming the file and "
                    "both counts. The partition is replaced all the same (a re-run replaces its partition); the "
                    "drop is also listed in mart.feed_rejections (file_rejected = false) and in the summary of "
                    "`make run`.")


def drop_note(name: str, new: int, old: int | None, unit: str) -> str | None:
    """The warning for a partition whose ``old`` rows are replaced by ``new`` (None when the drop is small)."""
    if not old or new >= KEEP_SHARE * old:
        return None
    return (f"{name}: {new:,} {unit} replace the {old:,} the partition had ({(new - old) / old:+.0%}); a shorter or "
            "emptier re-delivery? Loaded as delivered")


def row_counts_result(feed: str, partitions: int, drops: list[str]) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name=f"{feed}_row_counts", passed=not drops, severity=dg.AssetCheckSeverity.WARN,
        metadata={"partitions": partitions, "drops": dg.MetadataValue.json(drops)})


def record_rejections(con, feed: str, partition: dt.date, rejections: list[tuple], run_id: str) -> None:
    """Replace a partition's entries in mart.feed_rejections: (file, row, whole file?, reason) per rejection."""
    replace_rows(con, "mart.feed_rejections", rejection_rows(feed, partition, rejections, run_id),
                 "feed = ? AND partition_date = ?", [feed, partition])


def rejection_rows(feed: str, partition: dt.date, rejections: list[tuple], run_id: str) -> pl.DataFrame:
    """mart.feed_rejections rows of a partition: (file, row, whole file?, reason) per rejection."""
    now = dt.datetime.now(dt.UTC)
    return pl.DataFrame(
        [{"feed": feed, "partition_date": partition, "source_file": f, "source_row": r, "file_rejected": whole,
          "reason": why, "run_id": run_id, "recorded_at": now} for f, r, whole, why in rejections],
        schema={"feed": pl.String, "partition_date": pl.Date, "source_file": pl.String, "source_row": pl.Int32,
                "file_rejected": pl.Boolean, "reason": pl.String, "run_id": pl.String,
                "recorded_at": pl.Datetime("us", "UTC")})


def _as_date(partition: Any) -> dt.date:
    return dt.date(partition, 1, 1) if isinstance(partition, int) else partition


def load_raw(context: dg.AssetExecutionContext, warehouse: Warehouse, feed: str, table: str, where: str,
             partitions: list[Any], read: Callable[[Any], tuple[pl.DataFrame, str]],
             row_counts: bool = False) -> dg.MaterializeResult:
    """Load each partition's file into ``table`` (``where`` selects a partition by one bound value).

    Each file is its own transaction. A bad or missing file is rejected: its partition keeps its previous rows,
    the rejection goes to mart.feed_rejections, and the ``<feed>_files_loaded`` check fails naming it; the
    other partitions load and flow on (the run's last step fails the run when anything was rejected). Any error
    reading or parsing a file is that file's rejection (with the error's type when it is not a feed error).
    With ``row_counts`` (the asset declares :func:`row_counts_check`), a partition replaced by much less data
    than it had is reported, not refused.
    """
    errors: list[str] = []
    drops: list[str] = []
    rows = 0
    files = []
    with warehouse.connect() as con:
        for n, part in enumerate(partitions, start=1):
            try:
                frame, source = read(part)
            except Exception as exc:  # noqa: BLE001 — a file that cannot be read is rejected, the run goes on
                reason = str(exc) if isinstance(exc, FeedFormatError | FeedMissingError | FeedHTTPError) else str(
                    FeedFormatError(f"{feed} {part}: the file could not be read ({type(exc).__name__}: {exc})"))
                errors.append(reason)
                context.log.error(f"{feed} {part} ({n}/{len(partitions)}): {reason}")
                record_rejections(con, feed, _as_date(part), [(None, None, True, reason)], context.run.run_id)
                context.add_asset_metadata({"status": "rejected", "reason": reason}, partition_key=str(part))
                continue
            frame = frame.with_columns(loaded_at=pl.lit(dt.datetime.now(dt.UTC)))
            old = (con.execute(f"SELECT count(*) FROM {table} WHERE {where}", [part]).fetchone()[0]
                   if row_counts else None)
            rows += replace_rows(con, table, frame, where, [part])
            note = drop_note(source_name(source), frame.height, old, "rows")
            record_rejections(con, feed, _as_date(part), [(source_name(source), None, False, note)] if note else [],
                              context.run.run_id)
            files.append(source)
            context.log.info(f"{feed} {part} ({n}/{len(partitions)}): {frame.height:,} rows from {source}")
            # This partition's own figures on its materialisation (a single-run backfill gives every partition
            # of the range the result's metadata, the run's).
            context.add_asset_metadata({"status": "loaded", "source": source, "dagster/row_count": frame.height,
                                        **({"row_count_drop": note} if note else {})}, partition_key=str(part))
            if note:
                drops.append(note)
                context.log.warning(f"{feed} {part}: {note}")
    check = dg.AssetCheckResult(
        check_name=f"{feed}_files_loaded", passed=not errors, severity=dg.AssetCheckSeverity.ERROR,
        metadata={"partitions": len(partitions), "rejected_files": len(errors),
                  "errors": dg.MetadataValue.md("\n".join(f"- {e}" for e in errors) or "none")})
    checks = [check, row_counts_result(feed, len(partitions), drops)] if row_counts else [check]
    # The run's figures, on every partition of its range; each partition's own are added above.
    return dg.MaterializeResult(metadata={"partitions_in_run": len(partitions), "files": len(files), "rows": rows,
                                          "sources": dg.MetadataValue.json(files)}, check_results=checks)


def validate_and_write(context: dg.AssetExecutionContext, warehouse: Warehouse, staged: pl.DataFrame, *,
                       key: dg.AssetKey, check_name: str, suite_name: str, suite: list, index_columns: list[str],
                       table: str, where: str, params: list, window: str, metadata: dict | None = None,
                       view: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
                       ) -> Iterator[dg.AssetCheckResult | dg.MaterializeResult]:
    """Blocking GX check: validate ``staged`` before writing; on failure yield the failed check and stop,
    leaving ``table`` as it was. ``view`` derives validation-only columns (the frame written is ``staged``)."""
    context.log.info(f"validating {staged.height:,} staged rows of {table} ({window})")
    result = runner.validate(staged if view is None else view(staged), suite_name, suite,
                             index_columns=index_columns)
    check = runner.check_result(result, check_name, key, staged.height)
    if not check.passed:
        yield check
        raise dg.Failure(
            description=f"staged data for {window} failed the {suite_name} suite; {table} keeps its previous "
                        f"content. {runner.failure_summary(result)}",
            metadata=check.metadata)
    with warehouse.connect() as con:
        replace_rows(con, table, staged, where, params)
    yield dg.MaterializeResult(metadata={"rows": staged.height, **(metadata or {})}, check_results=[check])


def window_dates(context: dg.AssetExecutionContext) -> tuple[dt.date, dt.date]:
    """The run's partition window as local dates [start, end)."""
    window = context.partition_time_window
    return window.start.date(), window.end.date()


def month_windows(start: dt.date, end: dt.date, days: int = 31) -> Iterator[tuple[dt.date, dt.date]]:
    """[start, end) cut into windows of at most ``days`` days: long ranges are processed about a month at a time,
    so memory stays bounded whatever the length of a backfill, and a short range (the nightly's two days, even
    across a month's end) is one window."""
    while start < end:
        yield start, min(start + dt.timedelta(days=days), end)
        start = min(start + dt.timedelta(days=days), end)


def replace_window_by_month(con, table: str, start: dt.date, end: dt.date,
                            build: Callable[[dt.date, dt.date], pl.DataFrame], log: Callable[[str], None],
                            date_column: str = "day", days: int = 31) -> int:
    """Replace the rows of ``table`` with ``date_column`` in [start, end) by ``build(month_start, month_end)``, a
    month at a time, each month one transaction: memory holds a month (a year held uncommitted grew the
    process to 8.7 GB), and a failure or a kill leaves every month either as it was or wholly replaced. ``days``
    makes the windows shorter for wide tables."""
    rows = 0
    for a, b in month_windows(start, end, days):
        frame = build(a, b)
        with transaction(con):
            con.execute(f"DELETE FROM {table} WHERE {date_column} >= ? AND {date_column} < ?", [a, b])
            rows += insert_rows(con, table, frame)
        log(f"{table}: {a} … {b - dt.timedelta(days=1)}: {frame.height:,} rows")
    return rows


def replace_window_by_query(con, table: str, start: dt.date, end: dt.date, query: str, log: Callable[[str], None],
                            date_column: str = "day", days: int = 31) -> int:
    """As :func:`replace_window_by_month`, the rows computed inside DuckDB: ``INSERT INTO table BY NAME query``
    with the window's ``$start`` and ``$end`` bound, each window one transaction. No frame passes through Python,
    so the window's memory is DuckDB's, within its memory_limit."""
    rows = 0
    for a, b in month_windows(start, end, days):
        with transaction(con):
            con.execute(f"DELETE FROM {table} WHERE {date_column} >= ? AND {date_column} < ?", [a, b])
            [(inserted,)] = con.execute(f"INSERT INTO {table} BY NAME {query}", {"start": a, "end": b}).fetchall()
        rows += inserted
        log(f"{table}: {a} … {b - dt.timedelta(days=1)}: {inserted:,} rows")
    return rows


def read_window(warehouse: Warehouse, query: str, params: list | dict) -> pl.DataFrame:
    with warehouse.connect() as con:
        return query_frame(con, query, params)


def markdown_table(frame: pl.DataFrame) -> str:
    """A small frame as a markdown table (check metadata in the UI)."""
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * frame.width]
    lines += ["| " + " | ".join("" if v is None else str(v).replace("|", "/") for v in row) + " |"
              for row in frame.iter_rows()]
    return "\n".join(lines)

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
from warehouse.resource import Warehouse, query_frame, replace_rows


def load_raw(context: dg.AssetExecutionContext, warehouse: Warehouse, what: str, table: str, where: str,
             partitions: list[Any], read: Callable[[Any], tuple[pl.DataFrame, str]]) -> dg.MaterializeResult:
    """Load each partition's file into ``table`` (``where`` selects a partition by one bound value).

    Each file is its own transaction: a bad file elsewhere in the range leaves the others loaded, and the
    table keeps its previous rows for the bad one. Any failure fails the step with every message.
    """
    errors: list[str] = []
    rows = 0
    files = []
    with warehouse.connect() as con:
        for n, part in enumerate(partitions, start=1):
            try:
                frame, source = read(part)
            except (FeedFormatError, FeedMissingError, FeedHTTPError) as exc:
                errors.append(str(exc))
                context.log.error(f"{what} {part} ({n}/{len(partitions)}): {exc}")
                continue
            frame = frame.with_columns(loaded_at=pl.lit(dt.datetime.now(dt.UTC)))
            rows += replace_rows(con, table, frame, where, [part])
            files.append(source)
            context.log.info(f"{what} {part} ({n}/{len(partitions)}): {frame.height:,} rows from {source}")
    if errors:
        raise dg.Failure(
            description=f"{len(errors)} of {len(partitions)} {what} file(s) could not be loaded (the others were "
                        "loaded; the warehouse keeps its previous data for these):\n" + "\n".join(errors),
            metadata={"failed_files": len(errors)})
    return dg.MaterializeResult(metadata={"files": len(files), "rows": rows,
                                          "sources": dg.MetadataValue.json(files)})


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


def read_window(warehouse: Warehouse, query: str, params: list | dict) -> pl.DataFrame:
    with warehouse.connect() as con:
        return query_frame(con, query, params)


def markdown_table(frame: pl.DataFrame) -> str:
    """A small frame as a markdown table (check metadata in the UI)."""
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * frame.width]
    lines += ["| " + " | ".join("" if v is None else str(v).replace("|", "/") for v in row) + " |"
              for row in frame.iter_rows()]
    return "\n".join(lines)

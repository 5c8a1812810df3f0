"""staging.air_hourly: one typed row per station-hour, validated by Great Expectations month by month before it is
written.

GX validates each month's statistics (expectations.air: one aggregate pass, suite air_hourly_statistics, the same 43
rules as the row-level suite air_hourly); ``QW_AIR_GX_ROWS=1`` in the run's environment runs the row-level suite on
every station-hour instead (an audit of a month: ``QW_AIR_GX_ROWS=1 .venv/bin/python -m pipelines.run --start
2019-03-01 --end 2019-03-31``). Either way a failure names the breaking cells by file, row, station and series.
"""


import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import dagster as dg
import polars as pl

from assets import owners
from assets.air.raw import raw_air_file, read_archived
from assets.steps import markdown_table, month_windows, window_dates
from expectations import runner
from expectations.air import (
    air_hourly_statistics_suite,
    air_hourly_suite,
    columns_with_values,
    row_level_enabled,
    statistics,
    statistics_failures,
    validation_view,
    violations,
)
from pipelines.partitions import daily
from pipelines.resources import CityProfile
from sources.air import SERIES_COLUMNS, source_row, stage_air_file
from warehouse.resource import Warehouse, insert_rows, transaction

KEY = dg.AssetKey(["staging", "air_hourly"])
CHECK = "gx_air_hourly"
_SERIES_OF = {column: series for series, column in SERIES_COLUMNS.items()}
#: DuckDB's memory_limit while staging runs. The step's memory is the three months in flight in Python (parsed,
#: validated, written: ≈ 1 GB); DuckDB kept the blocks it wrote cached beside them (0.43–0.68 GB resident at the
#: step's peak of 1.64–2.10 GB on the year; 0.22–0.26 GB and 1.27–1.51 GB with this). Only the station marts read those
#: blocks, from the OS page cache then (≈ 0.25 s of CPU per pass over the year's table).
MEMORY_LIMIT = "256MB"


@dg.asset(
    key=KEY,
    deps=[raw_air_file],
    group_name="air",
    kinds={"duckdb", "polars", "great_expectations"},
    owners=[owners.AIR],
    partitions_def=daily,
    backfill_policy=dg.BackfillPolicy.single_run(),
    check_specs=[dg.AssetCheckSpec(
        CHECK, asset=KEY, blocking=True,
        description="Great Expectations on every month of the run: columns, keys present, known stations, hours "
                    "0–23 and 1–24, every series ≥ 0 and below its physical ceiling, one row per station and hour, "
                    "decided on the month's statistics (suite air_hourly_statistics; QW_AIR_GX_ROWS=1: the "
                    "row-level suite air_hourly on every station-hour). A failure names the cells (file, row, "
                    "station, series).")],
    description="Hourly air values, one typed row per station-hour with a column per series of the release "
                "(AQI, PM2.5, PM2.5_24h, … CO_24h), parsed from raw.air_file. The hour labelled h in file D ends "
                "at D h:00 (Asia/Shanghai), so hour 0 belongs to day D−1. Built a month at a time: each month is "
                "validated, then written in one transaction, so data failing the suite never reaches this table; "
                "a failing month stops the asset (earlier months of the run stay written, the marts do not run).",
)
def staging_air_hourly(context: dg.AssetExecutionContext, profile: CityProfile, warehouse: Warehouse):
    prof = profile.load()
    stations = [s.code for s in prof.air_stations]
    start, end = window_dates(context)
    rows, batches, evaluated = 0, 0, 0
    suite = "air_hourly (row level)" if row_level_enabled() else "air_hourly_statistics"

    def parse(files: list[tuple]) -> pl.DataFrame:
        if not files:  # a month with no raw file: its staging rows are removed, as a re-run of it would
            return pl.DataFrame()
        return pl.concat([
            stage_air_file(read_archived(warehouse.raw_dir, path, sha256), name, day, stations, prof.timezone)
            for day, name, path, sha256 in files])

    def write(cursor, a: dt.date, b: dt.date, staged: pl.DataFrame) -> None:
        """One month, one transaction: memory holds a month, and a kill leaves whole months."""
        with transaction(cursor):
            cursor.execute("DELETE FROM staging.air_hourly WHERE file_date >= ? AND file_date < ?", [a, b])
            insert_rows(cursor, "staging.air_hourly", staged)

    with warehouse.connect() as con, warehouse.memory_capped(con, MEMORY_LIMIT):
        files = con.execute("SELECT file_date, source_file, archive_path, sha256 FROM raw.air_file "
                            "WHERE file_date >= ? AND file_date < ? ORDER BY file_date", [start, end]).fetchall()
        months = [(a, b, [f for f in files if a <= f[0] < b]) for a, b in month_windows(start, end)]
        # Three stages overlap on the two cores: month m+1 is parsed (Polars) and month m−1 written (DuckDB, its
        # own cursor) while month m is validated (GX). At most one month waits in each stage. The parse is the
        # longest stage (Polars reads one file on one core), so each month is parsed as two halves at once, which
        # take whatever core time GX and the write leave.
        with (con.cursor() as cursor, ThreadPoolExecutor(max_workers=2) as parser,
              ThreadPoolExecutor(max_workers=1) as writer):
            def parse_month(month: list[tuple]) -> list:
                half = (len(month) + 1) // 2
                return [parser.submit(parse, part) for part in (month[:half], month[half:])]

            def parsed(halves: list) -> pl.DataFrame:
                return pl.concat([frame for frame in (half.result() for half in halves) if frame.width])

            parsing = parse_month(months[0][2]) if months else None
            writing = None
            for i, (a, b, month) in enumerate(months):
                staged = parsed(parsing) if month else pl.DataFrame()
                parsing = parse_month(months[i + 1][2]) if i + 1 < len(months) else None
                result, failed = validate(staged, stations, f"{a}…{b - dt.timedelta(days=1)}") if month else (None, [])
                if writing is not None:
                    writing.result()
                if result is not None and not result.success:
                    yield from _fail(con, warehouse, result, failed, staged, a, b)
                writing = writer.submit(write, cursor, a, b, staged)
                rows += staged.height
                batches += bool(month)
                evaluated += result.statistics["evaluated_expectations"] if result is not None else 0
                context.log.info(f"staging.air_hourly: file days {a} … {b - dt.timedelta(days=1)}: {len(month)} "
                                 f"files, {staged.height:,} station-hours validated ({i + 1}/{len(months)} months)")
            if writing is not None:
                writing.result()
    check = dg.AssetCheckResult(
        check_name=CHECK, asset_key=KEY, passed=True, severity=dg.AssetCheckSeverity.ERROR,
        metadata={"rows": rows, "batches": batches, "evaluated_expectations": evaluated,
                  "failed_expectations": 0, "success_percent": 100.0, "failures": "none", "suite": suite})
    yield dg.MaterializeResult(metadata={"rows": rows, "batches": batches,
                                         "window": f"file days {start} to {end}, end excluded"},
                               check_results=[check])


def validate(staged: pl.DataFrame, stations: list[str], batch: str) -> tuple:
    """GX on one month: the statistics suite (or the row-level suite with QW_AIR_GX_ROWS=1); the result and its
    failures named as the row-level suite names them."""
    if row_level_enabled():
        result = runner.validate(validation_view(staged), "air_hourly",
                                 air_hourly_suite(stations, columns_with_values(staged)))
        return result, runner.failures(result)
    stats = statistics(staged, batch)
    result = runner.validate(stats, "air_hourly_statistics", air_hourly_statistics_suite(stations),
                             index_columns=["column"], result_format="COMPLETE")
    return result, statistics_failures(result, stats, staged, stations) if not result.success else []


def _fail(con, warehouse: Warehouse, result, failed: list, staged: pl.DataFrame, a: dt.date, b: dt.date):
    """The failed check, with the cells that break a range rule named by file, row and station; then stop."""
    bad = violations(staged)
    located = []
    for item in bad.iter_rows(named=True):
        name, path, sha256 = con.execute("SELECT source_file, archive_path, sha256 FROM raw.air_file "
                                         "WHERE file_date = ?", [item["file_date"]]).fetchone()
        content = read_archived(warehouse.raw_dir, path, sha256)
        series = _SERIES_OF[item["column"]]
        located.append(f"source_file={name}, source_row={source_row(content, item['hour'], series)}, "
                       f"station_code={item['station_code']}: {series} = {item['value']:g} breaks {item['rule']}")
    check = runner.check_result(result, CHECK, KEY, staged.height, failed)
    metadata = {**check.metadata, "cells": dg.MetadataValue.md(markdown_table(bad) if bad.height else "none")}
    yield dg.AssetCheckResult(check_name=CHECK, asset_key=KEY, passed=False, severity=dg.AssetCheckSeverity.ERROR,
                              metadata=metadata)
    raise dg.Failure(
        description=f"staged data for file days {a} to {b}, end excluded, failed the air_hourly suite; "
                    f"staging.air_hourly keeps its previous content for these days (earlier months of the run, "
                    f"validated, are written; the marts do not run). "
                    f"{runner.failure_summary(result, failed)}" + ("; cells: " + "; ".join(located) if located else ""),
        metadata=metadata)

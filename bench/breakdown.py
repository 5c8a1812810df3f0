"""Where raw, staging and the station marts spend their time, piece by piece (evidence for bench/README.md).

    .venv/bin/python -m bench.breakdown --days 30            # after `bench.run --days 30` (copies its warehouse)
    .venv/bin/python -m bench.breakdown --days 30 --each     # + GX cost of each expectation alone

Runs the pipeline's own functions outside Dagster, one piece at a time, on the first --days files, month by
month as the assets do, and sums each piece over the months:

fixed:    the national profile load (``CityProfile.load``), ``import great_expectations``, a warehouse connect;
raw:      per file: read the bytes, ``check_air_file``, SHA-256, the file into the raw archive (when the
          pipeline keeps files there, ``assets.air.raw.archive``), ``replace_rows`` of the one-row frame
          (with the bytes as a BLOB, or the archive path) into raw.air_file;
staging:  per month: the raw query and the month's bytes (BLOBs or archived files), ``stage_air_file``
          per file (Polars read_csv + numpy reshape), ``validation_view`` + ``to_pandas``, GX
          ``runner.validate`` with the air_hourly suite (and with an empty suite: GX's fixed cost per
          validation), ``statistics`` + the air_hourly_statistics suite (what staging runs since issue 11; the
          row-level suite is what ``QW_AIR_GX_ROWS=1`` runs), the same rules as one Polars query, and
          ``insert_rows`` into staging.air_hourly (both GX ways are summed in the staging total: subtract one);
marts:    per month: the station-hour INSERT … SELECT (``station_hour_query``: the IAQIs in DuckDB SQL); the
          station-day SQL, the O3 hours and their 8-h means (``o3_8h_daily``), the Polars daily report
          (``station_day_values``), ``insert_rows``; then COMMIT.

Nothing is written to the benchmark's warehouse: it works on a scratch copy of data/bench/<days>d/warehouse.duckdb
(which holds the dimension tables the marts join) in data/bench/breakdown/, deleted at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import resource
import shutil
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from bench.pipeline import bench_warehouse

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATA = ROOT / "data" / "bench"


class Pieces:
    """Seconds per named piece, summed over calls (files, months)."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def __call__(self, label: str, fn):
        with self.time(label):
            return fn()

    @contextmanager
    def time(self, label: str):
        t = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[label] += time.perf_counter() - t
            self.calls[label] += 1

    def report(self, title: str, labels: list[str]) -> None:
        total = sum(self.seconds[k] for k in labels)
        print(f"\n{title}: {total:.2f} s")
        for k in labels:
            print(f"  {k:<64} {self.seconds[k]:8.2f} s  ({self.calls[k]} call{'s' if self.calls[k] > 1 else ''})")


def polars_rules(staged: pl.DataFrame, stations: list[str]) -> dict:
    """The air_hourly suite's rules as one Polars query: nulls in the keys, unknown stations, hours out of
    range, negative or above-ceiling values, repeated (station, hour_end)."""
    from expectations.air import SERIES_CEILINGS
    keys = ("station_code", "file_date", "hour", "hour_end", "day", "hour_ending")
    return staged.select(
        null_keys=pl.sum_horizontal(pl.col(c).is_null().sum() for c in keys),
        unknown_station=(~pl.col("station_code").is_in(stations)).sum(),
        bad_hour=(~pl.col("hour").is_between(0, 23)).sum() + (~pl.col("hour_ending").is_between(1, 24)).sum(),
        negative=pl.sum_horizontal((pl.col(c) < 0).sum() for c in SERIES_CEILINGS),
        above_ceiling=pl.sum_horizontal((pl.col(c) > v).sum() for c, v in SERIES_CEILINGS.items()),
        duplicated=pl.struct("station_code", "hour_end").is_duplicated().sum(),
    ).row(0, named=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2019, 1, 1))
    parser.add_argument("--feeds", type=Path, default=BENCH_DATA / "air")
    parser.add_argument("--warehouse", type=Path, help="default data/bench/<days>d/warehouse.duckdb")
    parser.add_argument("--each", action="store_true", help="also time GX with each expectation alone (first month)")
    args = parser.parse_args(argv)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    source = args.warehouse or bench_warehouse(f"{args.days}d")
    if not source.exists():
        print(f"{source} is missing: run `python -m bench.run --days {args.days}` first", file=sys.stderr)
        return 2

    from assets.air import raw as raw_asset
    from assets.air.indicators import o3_8h_daily, station_day_values
    from assets.air.marts import station_hour_query
    from assets.steps import month_windows
    from bench.pipeline import write_national_profile
    from expectations import runner
    from expectations.air import (
        air_hourly_statistics_suite,
        air_hourly_suite,
        columns_with_values,
        statistics,
        validation_view,
    )
    from pipelines.resources import CityProfile
    from sources.air import check_air_file, stage_air_file
    from warehouse.resource import Warehouse, insert_rows, query_frame, replace_rows, sql

    p = Pieces()
    scratch = BENCH_DATA / "breakdown" / "warehouse.duckdb"
    shutil.rmtree(scratch.parent, ignore_errors=True)
    scratch.parent.mkdir(parents=True)
    shutil.copyfile(source, scratch)
    archived = hasattr(raw_asset, "archive")  # raw keeps files in an archive beside the warehouse, not BLOBs
    profile_path = write_national_profile(args.feeds, BENCH_DATA / "breakdown_national.yaml")
    prof = p("CityProfile.load (national profile YAML)", lambda: CityProfile(path=str(profile_path)).load())
    stations = [s.code for s in prof.air_stations]
    p("import great_expectations", lambda: __import__("great_expectations.expectations"))
    warehouse = Warehouse(path=str(scratch))
    with p.time("warehouse.connect + close (schema check, checkpoint of the copied file)"), warehouse.connect():
        pass
    days = [args.start + dt.timedelta(days=n) for n in range(args.days)]
    start, end = days[0], days[-1] + dt.timedelta(days=1)
    fixed = ["CityProfile.load (national profile YAML)", "import great_expectations",
             "warehouse.connect + close (schema check, checkpoint of the copied file)"]

    with warehouse.connect() as con:
        # ── raw ──
        for day in days:
            path = args.feeds / f"china_sites_{day:%Y%m%d}.csv"
            with p.time("raw: read the file"):
                content = path.read_bytes()
            with p.time("raw: check_air_file"):
                checked = check_air_file(content, str(path), day, stations)
            with p.time("raw: sha256"):
                digest = hashlib.sha256(content).hexdigest()
            if archived:
                with p.time("raw: archive the file (assets.air.raw.archive)"):
                    kept = {"archive_path": raw_asset.archive(warehouse.raw_dir, day, digest, content)}
            else:
                kept = {"content": content}
            with p.time("raw: one-row frame"):
                frame = pl.DataFrame([{
                    "file_date": day, "source_file": path.name, "source": str(path), "size_bytes": len(content),
                    "sha256": digest, **kept, "station_columns": len(checked.station_columns),
                    "stations_absent": list(checked.missing_stations), "data_rows": checked.data_rows,
                    "loaded_at": dt.datetime.now(dt.UTC)}], schema_overrides={"stations_absent": pl.List(pl.String)})
            with p.time("raw: replace_rows raw.air_file (BLOB)"):
                replace_rows(con, "raw.air_file", frame, "file_date = ?", [day])
        raw_labels = [k for k in p.seconds if k.startswith("raw:")]

        # ── staging ──
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM staging.air_hourly WHERE file_date >= ? AND file_date < ?", [start, end])
        rows = 0
        for a, b in month_windows(start, end):
            with p.time("staging: the month's files from raw.air_file (BLOBs or archive)"):
                if archived:
                    listed = con.execute("SELECT file_date, source_file, archive_path, sha256 FROM raw.air_file "
                                         "WHERE file_date >= ? AND file_date < ? ORDER BY file_date", [a, b]).fetchall()
                    files = [(d, n, raw_asset.read_archived(warehouse.raw_dir, path, sha))
                             for d, n, path, sha in listed]
                else:
                    files = con.execute("SELECT file_date, source_file, content FROM raw.air_file WHERE file_date >= ? "
                                        "AND file_date < ? ORDER BY file_date", [a, b]).fetchall()
            with p.time("staging: stage_air_file per file + concat"):
                staged = pl.concat([stage_air_file(c, n, d, stations, prof.timezone) for d, n, c in files])
            rows += staged.height
            with p.time("staging: validation_view"):
                view = validation_view(staged)
            p("staging: (part of GX) to_pandas of the view", view.to_pandas)
            with p.time("staging: GX runner.validate, air_hourly suite (incl. to_pandas)"):
                result = runner.validate(view, "air_hourly", air_hourly_suite(stations, columns_with_values(staged)))
            with p.time("staging: GX on statistics: statistics() (one aggregate pass)"):
                stats = statistics(staged, f"{a}")
            with p.time("staging: GX on statistics: runner.validate, air_hourly_statistics suite"):
                on_stats = runner.validate(stats, "air_hourly_statistics", air_hourly_statistics_suite(stations),
                                           index_columns=["column"], result_format="COMPLETE")
            if on_stats.success != result.success:
                print(f"  the two suites disagree on {a}")
            with p.time("staging: (comparison) GX runner.validate, EMPTY suite (fixed cost, incl. to_pandas)"):
                runner.validate(view, "air_hourly", [])
            if not result.success:
                print(f"  GX failed on {a}: {runner.failure_summary(result)}")
            with p.time("staging: (comparison) the same rules as one Polars query"):
                polars_rules(staged, stations)
            with p.time("staging: insert_rows staging.air_hourly"):
                insert_rows(con, "staging.air_hourly", staged)
            if args.each and a == start:
                base = time.perf_counter()
                runner.validate(view, "air_hourly", [])
                empty = time.perf_counter() - base
                costs = []
                for exp in air_hourly_suite(stations, columns_with_values(staged)):  # fresh: GX keeps them
                    t = time.perf_counter()
                    runner.validate(view, "air_hourly", [exp])
                    label = f"{type(exp).__name__}({getattr(exp, 'column', '')})"
                    costs.append((time.perf_counter() - t - empty, label))
                costs.sort(reverse=True)
                print(f"GX, first month, each expectation alone minus the empty suite's {empty:.2f} s "
                      f"(sum {sum(c for c, _ in costs):.2f} s); top 8:")
                for c, label in costs[:8]:
                    print(f"  {c:7.2f} s  {label}")
        p("staging: COMMIT", lambda: con.execute("COMMIT"))
        staging_labels = [k for k in p.seconds if k.startswith("staging:")]
        counted = [k for k in staging_labels if "(" not in k.split(":", 1)[1][:3]]  # pipeline pieces only

        # ── marts ──
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM mart.air_station_hour WHERE day >= ? AND day < ?", [start, end])
        station_hour = station_hour_query()
        for a, b in month_windows(start, end):
            with p.time("mart.air_station_hour: INSERT … SELECT (air_station_hour.sql + hourly_aqi_sql)"):
                con.execute(f"INSERT INTO mart.air_station_hour BY NAME {station_hour}", {"start": a, "end": b})
        with p.time("mart.air_station_hour: COMMIT"):
            con.execute("COMMIT")
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM mart.air_station_day WHERE day >= ? AND day < ?", [start, end])
        for a, b in month_windows(start, end):
            window = {"start": a, "end": b}
            with p.time("mart.air_station_day: SQL (air_station_day.sql)"):
                stats = query_frame(con, sql("air_station_day"), window)
            with p.time("mart.air_station_day: O3 hours (air_station_o3.sql)"):
                o3 = query_frame(con, sql("air_station_o3"), window)
            with p.time("mart.air_station_day: O3 8-h means (o3_8h_daily, numpy)"):
                o3 = o3_8h_daily(o3, a, b)
            with p.time("mart.air_station_day: Polars (join, station_day_values)"):
                frame = station_day_values(stats.join(o3, on=["station_code", "day"], how="left")
                                           .with_columns(pl.col("o3_8h_windows").fill_null(0)))
            with p.time("mart.air_station_day: insert_rows"):
                insert_rows(con, "mart.air_station_day", frame)
        with p.time("mart.air_station_day: COMMIT"):
            con.execute("COMMIT")

    print(f"breakdown, {args.days} file days × {len(stations):,} stations ({rows:,} station-hours), "
          f"scratch copy of {source}; raw {'archive' if archived else 'BLOBs'}")
    p.report("fixed costs (paid once per run process)", fixed)
    p.report("raw.air_file", raw_labels)
    p.report("staging.air_hourly (the pipeline's pieces)", counted)
    for k in staging_labels:
        if k not in counted:
            print(f"  {k:<64} {p.seconds[k]:8.2f} s")
    for table in ("mart.air_station_hour", "mart.air_station_day"):
        p.report(table, [k for k in p.seconds if k.startswith(f"{table}:")])
    print(f"\npeak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f} GB")
    shutil.rmtree(scratch.parent, ignore_errors=True)
    profile_path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

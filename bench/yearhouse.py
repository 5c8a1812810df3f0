"""A year-sized warehouse without a year-long backfill: the 30-day warehouse replicated over 365 days.

    .venv/bin/python -m bench.yearhouse            # data/bench/30d/warehouse.duckdb → 365d_replicated/warehouse.duckdb

The nightly run's cost depends on how much the warehouse already holds (DELETE windows in raw and
staging, the unpartitioned month and year marts, the serving snapshot's comparison with mart). The
year's backfill itself now runs (``bench.run --days 365`` leaves data/bench/365d/warehouse.duckdb, and its
nightly is measured on it: prefer that); this is the quick stand-in. It copies the 30-day benchmark warehouse
(file days 2019-01-01 … 01-30, as loaded by the pipeline) and inserts it again shifted by 30, 60, …
days up to 2019-12-31 — raw.air_file (one row per file: only the date columns and the file names
move; the bytes, a BLOB or a path in the raw archive beside the warehouse, which is copied too, stay
January's), staging.air_hourly (station-hours) and the day-partitioned marts (station-hour,
station-day, city-day), with dates, timestamps and file names shifted — in SQL, outside the pipeline;
then publishes the serving snapshot of it (warehouse.snapshot.publish, as the backfill's last step
would), so the nightly starts from a published snapshot as after a real backfill.
bench.run --no-pipeline --replicated-nightly then runs the nightly for 2020-01-01 on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from pathlib import Path

import duckdb

from bench.pipeline import bench_warehouse

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATA = ROOT / "data" / "bench"
TABLES = {  # table → its date column (the partition)
    "raw.air_file": "file_date",
    "staging.air_hourly": "file_date",
    "mart.air_station_hour": "day",
    "mart.air_station_day": "day",
    "mart.air_city_day": "day",
}


def publish_serving(target: Path) -> str:
    """The serving snapshot of the replicated warehouse, beside it as bench/pipeline.py names it."""
    from bench.pipeline import serving_file
    from warehouse.snapshot import publish, serving_dir
    serving = serving_file(target)
    for suffix in ("", ".wal", ".tmp", ".tmp.wal"):
        Path(f"{serving}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(serving_dir(Path(serving)), ignore_errors=True)
    con = duckdb.connect(str(target))
    try:
        con.execute("SET TimeZone = 'Asia/Shanghai'")
        publish(con, serving)
    finally:
        con.close()
    return serving.name


def build(source: Path, target: Path, first: dt.date = dt.date(2019, 1, 1), block: int = 30,
          last: dt.date = dt.date(2019, 12, 31)) -> dict[str, int]:
    for p in (target, Path(f"{target}.wal")):
        p.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    if (source.parent / "raw").is_dir():  # the raw archive the pipeline keeps beside the warehouse
        shutil.rmtree(target.parent / "raw", ignore_errors=True)
        shutil.copytree(source.parent / "raw", target.parent / "raw")
    con = duckdb.connect(str(target))
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    end = first + dt.timedelta(days=block)
    copies = (last - first).days // block + 1
    rows = {}
    try:
        for table, key in TABLES.items():
            schema, name = table.split(".")
            cols = con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ? "
                               "AND table_name = ? ORDER BY ordinal_position", [schema, name]).fetchall()

            def shifted(column: str, kind: str, k: int) -> str:
                if kind == "DATE":
                    return f"CAST({column} + {k * block} AS DATE)"
                if kind.startswith("TIMESTAMP") and column != "loaded_at":
                    return f"{column} + INTERVAL {k * block} DAY"
                if column == "source_file":
                    return f"'china_sites_' || strftime(file_date + {k * block}, '%Y%m%d') || '.csv'"
                if column == "source":  # the path or URL: its file name moves with the day
                    return (f"replace({column}, source_file, "
                            f"'china_sites_' || strftime(file_date + {k * block}, '%Y%m%d') || '.csv')")
                return column

            con.execute("BEGIN")
            con.execute(f"DELETE FROM {table} WHERE {key} >= ? OR {key} < ?", [end, first])
            for k in range(1, copies):
                select = ", ".join(f"{shifted(c, t, k)} AS {c}" for c, t in cols)
                con.execute(f"INSERT INTO {table} SELECT * FROM (SELECT {select} FROM {table} "
                            f"WHERE {key} >= ? AND {key} < ?) WHERE {key} <= ?", [first, end, last])
            con.execute("COMMIT")
            rows[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=bench_warehouse("30d"))
    parser.add_argument("--target", type=Path, default=bench_warehouse("365d_replicated"))
    parser.add_argument("--last", type=dt.date.fromisoformat, default=dt.date(2019, 12, 31),
                        help="last file day of the replicated warehouse")
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"{args.source} is missing: run `python -m bench.run --days 30` first", file=sys.stderr)
        return 2
    t = time.perf_counter()
    rows = build(args.source, args.target, last=args.last)
    t_serving = time.perf_counter()
    serving = publish_serving(args.target)
    print(f"published {serving} in {time.perf_counter() - t_serving:.0f} s")
    print(f"replicated {args.source} over 2019 into {args.target} in {time.perf_counter() - t:.0f} s "
          f"({args.target.stat().st_size / 1e9:.2f} GB): "
          + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

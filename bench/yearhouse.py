"""A year-sized warehouse without a year-long backfill: the 30-day warehouse replicated over 365 days.

    .venv/bin/python -m bench.yearhouse            # data/bench/warehouse_30d.duckdb → warehouse_365d_replicated.duckdb

The single-run backfill of a year cannot finish on this machine (bench/README.md), yet the nightly
run's cost depends on how much the warehouse already holds (DELETE windows in raw and staging, the
unpartitioned month and year marts, the serving snapshot that copies every mart table). So this copies
the 30-day benchmark warehouse (file days 2019-01-01 … 01-30, as loaded by the pipeline) and inserts it
again shifted by 30, 60, … days up to 2019-12-31 — raw, staging and the partitioned marts, with dates,
timestamps and source file names shifted — in SQL, outside the pipeline. bench.run --replicated-nightly
then runs the nightly for 2020-01-01 on it, which measures (c) at a year's size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATA = ROOT / "data" / "bench"
TABLES = {  # table → its date column (the partition)
    "raw.air_hourly": "file_date",
    "staging.air_hourly": "file_date",
    "mart.air_station_hour": "day",
    "mart.air_station_day": "day",
    "mart.air_city_day": "day",
}


def build(source: Path, target: Path, first: dt.date = dt.date(2019, 1, 1), block: int = 30,
          last: dt.date = dt.date(2019, 12, 31)) -> dict[str, int]:
    for p in (target, Path(f"{target}.wal")):
        p.unlink(missing_ok=True)
    shutil.copyfile(source, target)
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
    parser.add_argument("--source", type=Path, default=BENCH_DATA / "warehouse_30d.duckdb")
    parser.add_argument("--target", type=Path, default=BENCH_DATA / "warehouse_365d_replicated.duckdb")
    parser.add_argument("--last", type=dt.date.fromisoformat, default=dt.date(2019, 12, 31),
                        help="last file day of the replicated warehouse")
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"{args.source} is missing: run `python -m bench.run --days 30` first", file=sys.stderr)
        return 2
    t = time.perf_counter()
    rows = build(args.source, args.target, last=args.last)
    print(f"replicated {args.source.name} over 2019 into {args.target.name} in {time.perf_counter() - t:.0f} s "
          f"({args.target.stat().st_size / 1e9:.2f} GB): "
          + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

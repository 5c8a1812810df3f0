"""The BI publish on a year of national data: a full publish, then incremental ones after a nightly's change.

    .venv/bin/python -m bench.snapshot_bench                      # scratch files in /tmp/snapshot_bench
    .venv/bin/python -m bench.snapshot_bench --runs 5 --verify    # 5 nightlies; check serving == mart each time

Builds (once; --rebuild to redo) a scratch warehouse with the real mart schema and synthetic rows of a year:
mart.air_station_hour 2,028 stations × 24 h × 366 days = 17.8 M rows, air_station_day, air_city_day and the
small tables. Then publishes with nothing published before (the full copy), and for each run rewrites two
days of the day-partitioned marts and a month of air_city_month — what a nightly changes — and publishes
again (incremental). Prints seconds (wall, and CPU of all threads: the machine may be shared), what each
publish rewrote and the file sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import time
from pathlib import Path

from warehouse import snapshot
from warehouse.resource import Warehouse

STATIONS, CITIES, DAYS = 2028, 338, 366
FIRST = dt.date(2019, 1, 1)
#: table → (FROM clause of the synthetic rows, expression of its station/area number s, day number d, hour h)
TABLES = {
    "air_station_hour": (f"range({DAYS}) r1(d), range(24) r2(h), range({STATIONS}) r3(s)", "s", "d", "h"),
    "air_station_day": (f"range({DAYS}) r1(d), range({STATIONS}) r3(s)", "s", "d", "0"),
    "air_city_day": (f"range({DAYS}) r1(d), range({CITIES}) r3(s)", "s", "d", "0"),
    "air_city_month": (f"range(12) r1(d), range({CITIES}) r3(s)", "s", "d", "0"),
    "air_city_year": (f"range({CITIES}) r3(s)", "s", "0", "0"),
    "dim_air_station": (f"range({STATIONS}) r3(s)", "s", "0", "0"),
    "dim_area": (f"range({CITIES}) r3(s)", "s", "0", "0"),
}


def value(column: str, kind: str, i: int, s: str, d: str, h: str) -> str:
    """A plausible synthetic value of a column, deterministic in (s, d, h)."""
    seed = f"hash({s}, {d}, {h}, {i})"
    special = {"station_code": f"printf('%04dA', {s})", "area_code": f"printf('%06d', {s} % {CITIES})",
               "day": f"DATE '{FIRST}' + {d}::INT", "year": "2019", "month": f"{d} + 1",
               "hour_start": f"TIMESTAMPTZ '{FIRST} 00:00:00+08' + to_hours({d} * 24 + {h})",
               "hour_end": f"TIMESTAMPTZ '{FIRST} 01:00:00+08' + to_hours({d} * 24 + {h})",
               "hour_ending": f"({h} + 1)"}
    if column in special:
        return f"CAST({special[column]} AS {kind})"
    if kind == "VARCHAR":
        return f"['优', '良', '轻度污染', '中度污染'][({seed} % 4)::INT + 1]"
    if kind == "BOOLEAN":
        return f"{seed} % 2 = 0"
    if kind == "DOUBLE":
        return f"({seed} % 3000) / 10.0"
    return f"CAST({seed} % 100 AS {kind})"


def build(path: Path) -> None:
    partial = path.with_name(path.name + ".building")  # renamed when complete: an interrupted build is redone
    partial.unlink(missing_ok=True)
    with Warehouse(path=str(partial)).connect() as con:
        for table, (source, s, d, h) in TABLES.items():
            cols = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'mart' "
                               "AND table_name = ? ORDER BY column_index", [table]).fetchall()
            exprs = ", ".join(value(c, k, i, s, d, h) for i, (c, k) in enumerate(cols))
            order = ", ".join(x for x in (d, h, s) if not x.isdigit())  # loaded day by day, like the pipeline
            con.execute(f"INSERT INTO mart.{table} SELECT {exprs} FROM {source} ORDER BY {order}")
    partial.replace(path)


def nightly(con, run: int) -> None:
    """What a nightly changes: two days of the partitioned marts, a month of air_city_month."""
    days = [FIRST + dt.timedelta(days=100 + 2 * run + k) for k in range(2)]
    for table in ("air_station_hour", "air_station_day", "air_city_day"):
        con.execute(f"UPDATE mart.{table} SET aqi = coalesce(aqi, 0) + 1 WHERE list_contains(?, day)", [days])
    con.execute("UPDATE mart.air_city_month SET good_days = good_days + 1 WHERE month = ?", [run % 12 + 1])


def differences(con, serving: Path) -> list[str]:
    """Tables whose row count or sum of whole-row hashes differs between mart and the serving file.

    (EXCEPT ALL over 17.8 M rows spills past the 2 GB memory limit; tests/test_serving.py
    compares row for row on small tables.)
    """
    con.execute(f"ATTACH '{serving}' AS pub (READ_ONLY)")
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = "
                                            "current_database() AND schema_name = 'mart'").fetchall()]
        check = "SELECT count(*), sum(hash(t)) FROM {} AS t"
        return [t for t in tables if con.execute(check.format(f"mart.{t}")).fetchall()
                != con.execute(check.format(f"pub.mart.{t}")).fetchall()]
    finally:
        con.execute("DETACH pub")


def mb(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:,.0f} MB" if path.exists() else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/snapshot_bench"))
    parser.add_argument("--runs", type=int, default=1, help="incremental publishes, each after a nightly's change")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the scratch warehouse")
    parser.add_argument("--verify", action="store_true", help="check serving == mart after each publish")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    warehouse, serving = args.dir / "warehouse.duckdb", args.dir / "serving.duckdb"
    if args.rebuild or not warehouse.exists():
        start = time.perf_counter()
        build(warehouse)
        print(f"built {warehouse} in {time.perf_counter() - start:.1f} s")
    serving.unlink(missing_ok=True)
    shutil.rmtree(snapshot.serving_dir(serving), ignore_errors=True)
    resource = Warehouse(path=str(warehouse), serving_path=str(serving))
    with resource.connect() as con:
        rows = con.execute("SELECT count(*) FROM mart.air_station_hour").fetchone()[0]
        print(f"warehouse {mb(warehouse)}, mart.air_station_hour {rows:,} rows")
        for run in range(args.runs + 1):
            if run:
                nightly(con, run)
            start, cpu = time.perf_counter(), time.process_time()
            published = snapshot.publish(con, serving)
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
            kind = "incremental" if run else "full"
            print(f"publish {run} ({kind}, {published.version}): {took:.2f} s wall, {cpu:.2f} s CPU; "
                  f"wrote {published.changed}")
            if args.verify:
                print(f"  tables differing between mart and serving: {differences(con, serving)}")


if __name__ == "__main__":
    main()

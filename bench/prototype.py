"""What the target layout would cost: a DuckDB-only load of the same files (evidence, not the pipeline).

    .venv/bin/python -m bench.prototype --days 365 [--memory-limit 3GB]

One pass, no Python per row: DuckDB reads each file's lines as text (as bench/bounds.py does), splits them,
groups the 15 series rows of each file hour (24 groups per file) and unnests the station lists side by
side into ONE typed row per station-hour with a column per series (SMALLINT, CO DECIMAL(5,1)); then the
air_hourly suite's value rules and key uniqueness as one SQL query, then station-day means. It shows
how far the pipeline's layout (one text row per cell in raw, one typed row per cell in staging,
validation on a pandas copy) is from what the same machine does with a station × hour layout; see
bench/README.md, "Recommendations".
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
from pathlib import Path

import duckdb

from bench.bounds import _stations, day_files
from bench.realstats import TYPES

ROOT = Path(__file__).resolve().parent.parent


def col(series: str) -> str:
    return series.lower().replace(".", "_")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2019, 1, 1))
    parser.add_argument("--feeds", type=Path, default=ROOT / "data" / "bench" / "air")
    parser.add_argument("--memory-limit", help="DuckDB memory_limit, e.g. 3GB")
    parser.add_argument("--chunk-days", type=int, default=31,
                        help="files per INSERT (bounds memory: the 24 × 15 lines of a file are grouped in memory)")
    args = parser.parse_args(argv)
    files = day_files(args.feeds, args.start, args.start + dt.timedelta(days=args.days - 1))
    path = ROOT / "data" / "bench" / "prototype.duckdb"
    for p in (path, Path(f"{path}.wal")):
        p.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    if args.memory_limit:
        con.execute(f"SET memory_limit = '{args.memory_limit}'")
    total = 0.0

    def step(name: str, query: str, params: dict | None = None):
        nonlocal total
        t = time.perf_counter()
        out = con.execute(query, params).fetchall()
        total += time.perf_counter() - t
        print(f"  {name:<52} {time.perf_counter() - t:7.2f} s  {out[0] if out else ''}", flush=True)

    lists = ",\n".join(f"max(p[4:]) FILTER (WHERE p[3] = '{t}') AS l_{col(t)}" for t in TYPES)
    sql_type = {t: "DECIMAL(5,1)" if t.startswith("CO") else "SMALLINT" for t in TYPES}
    values = ",\n".join(f"CAST(NULLIF(unnest(l_{col(t)}), '') AS {sql_type[t]}) AS {col(t)}" for t in TYPES)
    print(f"prototype, {args.days} days, {len(_stations(files))} station columns:")
    select = f"""
        SELECT file_date, hour, unnest($codes) AS station_code, {values}
        FROM (SELECT CAST(strptime(p[1], '%Y%m%d') AS DATE) AS file_date, CAST(p[2] AS SMALLINT) AS hour, {lists}
              FROM (SELECT string_split(line, ',') AS p
                    FROM read_csv($files, header = true, columns = {{'line': 'VARCHAR'}}, delim = '\t', quote = '',
                                  escape = ''))
              GROUP BY ALL)"""
    t = time.perf_counter()
    for i in range(0, len(files), args.chunk_days):
        chunk = {"codes": _stations(files), "files": files[i: i + args.chunk_days]}
        con.execute(("CREATE TABLE station_hour AS " if i == 0 else "INSERT INTO station_hour ") + select, chunk)
    total += time.perf_counter() - t
    print(f"  {'load: lines → one typed row per station-hour':<52} {time.perf_counter() - t:7.2f} s  "
          f"({args.chunk_days} files per INSERT)", flush=True)
    step("rows, non-empty PM2.5 and CO", "SELECT count(*), count(pm2_5), count(co) FROM station_hour")
    step("rules: negatives, ceilings, unique (station, file, hour)", """
        SELECT count(*) FILTER (WHERE least(aqi, pm2_5, pm10, so2, no2, o3, co) < 0 OR aqi > 500 OR pm2_5 > 2000
                                OR pm10 > 5000 OR so2 > 5000 OR no2 > 2000 OR o3 > 2000 OR co > 150),
               count(*) - count(DISTINCT (station_code, file_date, hour))
        FROM station_hour""")
    step("station-day means of the six pollutants", """
        CREATE TABLE station_day AS
        SELECT station_code, file_date - CAST(hour = 0 AS INTEGER) AS day, avg(pm2_5) AS pm2_5, avg(pm10) AS pm10,
               avg(so2) AS so2, avg(no2) AS no2, max(o3) AS o3_1h_max, avg(co) AS co, count(pm2_5) AS pm2_5_hours
        FROM station_hour GROUP BY ALL""")
    con.execute("CHECKPOINT")
    con.close()
    print(f"  {'total':<52} {total:7.2f} s; file {path.stat().st_size / 1e6:,.0f} MB; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f} GB")
    for p in (path, Path(f"{path}.wal")):
        p.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

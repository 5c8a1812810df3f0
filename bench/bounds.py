"""The bare lower bound: the plainest fast script over the same files, Polars alone and DuckDB alone.

Each reads the day files, keeps the six 1-h pollutant rows (PM2.5, PM10, SO2, NO2, O3, CO), unpivots the
station columns, drops empty cells and computes station × natural-day × pollutant means (hour 0 of file
D belongs to day D−1, as in the pipeline). No validation, no warehouse, no history: the work any
pipeline over these files cannot avoid. Results come back as a Polars frame so both are checked
against each other.

    .venv/bin/python -m bench.bounds polars data/bench/air 2019-01-01 2019-12-31
    .venv/bin/python -m bench.bounds duckdb /work/air2019 2019-01-01 2019-12-30 --gaps   # real files: gaps allowed
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import polars as pl

POLLUTANTS = ["PM2.5", "PM10", "SO2", "NO2", "O3", "CO"]


def day_files(directory: str | Path, start: dt.date, end: dt.date, gaps: bool = False) -> list[str]:
    """The day files of [start, end]; ``gaps``: a real directory, whose missing days are left out (the pipeline
    records them as gaps) instead of an error."""
    days = (end - start).days + 1
    files = [Path(directory) / f"china_sites_{start + dt.timedelta(days=n):%Y%m%d}.csv" for n in range(days)]
    missing = [str(f) for f in files if not f.exists()]
    if missing and not gaps:
        raise FileNotFoundError(f"{len(missing)} day file(s) missing, e.g. {missing[0]}")
    return [str(f) for f in files if f.exists()]


def _stations(files: list[str]) -> list[str]:
    with open(files[0], encoding="utf-8-sig") as fh:
        return fh.readline().strip().split(",")[3:]


def _first_copies(codes: list[str]) -> list[str | None]:
    """The station codes of a header with a repeated column's later copies as None (the pipeline reads the first)."""
    seen: set[str] = set()
    out: list[str | None] = []
    for code in codes:
        out.append(None if code in seen else code)
        seen.add(code)
    return out


def by_header(files: list[str]) -> list[list[str]]:
    """Consecutive files with the same header, in order: real files gain stations during a year (2019-06-01),
    synthetic ones share one header. Each script reads each group with its own station columns."""
    groups: list[list[str]] = []
    last = None
    for f in files:
        header = _stations([f])
        if header != last:
            groups.append([])
            last = header
        groups[-1].append(f)
    return groups


def polars_bound(files: list[str]) -> pl.DataFrame:
    parts = []
    for group in by_header(files):
        codes = _first_copies(_stations(group))
        names = [code or f"repeat {i}" for i, code in enumerate(codes)]  # a repeated column (real files) is read once
        stations = [code for code in codes if code]
        schema = {"date": pl.String, "hour": pl.Int16, "type": pl.String, **{n: pl.Float64 for n in names}}
        parts.append(
            pl.scan_csv(group, schema=schema, has_header=False, skip_rows=1)
            .filter(pl.col("type").is_in(POLLUTANTS))
            .unpivot(on=stations, index=["date", "hour", "type"], variable_name="station_code", value_name="value")
            .drop_nulls("value"))
    return (
        pl.concat(parts)
        .with_columns(day=pl.col("date").str.to_date("%Y%m%d") - pl.duration(days=(pl.col("hour") == 0).cast(pl.Int64)))
        .group_by("station_code", "day", "type")
        .agg(mean=pl.col("value").mean(), hours=pl.len())
        .collect()
    )


def duckdb_bound(files: list[str]) -> pl.DataFrame:
    """DuckDB reading each line as one text field and splitting it.

    DuckDB's ``read_csv`` is slow on these files: binding 2,031 typed columns costs ≈ 0.3–1.6 s per
    file (:func:`duckdb_read_csv_bound`, measured in bench/README.md), so the fastest DuckDB script
    reads lines and splits them itself.
    """
    import duckdb
    con = duckdb.connect()
    try:
        query = """
            SELECT station_code, day, type, avg(CAST(v AS DOUBLE)) AS mean, count(*) AS hours
            FROM (
                SELECT day, type, unnest(p[4:]) AS v, unnest($codes) AS station_code
                FROM (
                    SELECT CAST(strptime(p[1], '%Y%m%d') AS DATE) - CAST(p[2] = '0' AS INTEGER) AS day,
                           p[3] AS type, p
                    FROM (SELECT string_split(line, ',') AS p
                          FROM read_csv($files, header = true, columns = {'line': 'VARCHAR'}, delim = '\t',
                                        quote = '', escape = ''))
                    WHERE p[3] IN ('PM2.5', 'PM10', 'SO2', 'NO2', 'O3', 'CO')))
            WHERE v <> '' AND station_code IS NOT NULL
            GROUP BY ALL"""
        parts = [con.sql(query, params={"files": group, "codes": _first_copies(_stations(group))}).to_arrow_table()
                 for group in by_header(files)]
        frame = pl.concat([pl.from_arrow(t) for t in parts])
        if len(parts) == 1:
            return frame
        # a station-day spanning two header groups (hour 0 of the first file of a group belongs to the day before)
        return frame.group_by("station_code", "day", "type").agg(
            mean=(pl.col("mean") * pl.col("hours")).sum() / pl.col("hours").sum(), hours=pl.col("hours").sum())
    finally:
        con.close()


def duckdb_read_csv_bound(files: list[str]) -> pl.DataFrame:
    """The obvious DuckDB script (read_csv with typed columns, UNPIVOT): correct, but slow on wide files."""
    import duckdb
    stations = _stations(files)
    columns = {"date": "VARCHAR", "hour": "INTEGER", "type": "VARCHAR", **{s: "DOUBLE" for s in stations}}
    con = duckdb.connect()
    try:
        query = """
            SELECT station_code,
                   CAST(strptime(date, '%Y%m%d') AS DATE) - CAST(hour = 0 AS INTEGER) AS day,
                   type, avg(value) AS mean, count(*) AS hours
            FROM (UNPIVOT (SELECT * FROM read_csv($files, header = true, columns = $columns)
                           WHERE type IN ('PM2.5', 'PM10', 'SO2', 'NO2', 'O3', 'CO'))
                  ON COLUMNS(* EXCLUDE (date, hour, type)) INTO NAME station_code VALUE value)
            GROUP BY ALL"""
        return pl.from_arrow(con.sql(query, params={"files": files, "columns": columns}).to_arrow_table())
    finally:
        con.close()


BOUNDS = {"polars": polars_bound, "duckdb": duckdb_bound, "duckdb_read_csv": duckdb_read_csv_bound}


def run(engine: str, files: list[str]) -> dict:
    t = time.perf_counter()
    frame = BOUNDS[engine](files)
    seconds = time.perf_counter() - t
    return {"engine": engine, "seconds": round(seconds, 3), "groups": frame.height,
            "values": int(frame["hours"].sum()), "mean_of_means": round(float(frame["mean"].mean()), 6)}


def main(argv: list[str] | None = None) -> int:
    import json
    argv = sys.argv[1:] if argv is None else argv
    engine, directory, start, end = argv[:4]
    files = day_files(directory, dt.date.fromisoformat(start), dt.date.fromisoformat(end), gaps="--gaps" in argv)
    print(json.dumps(run(engine, files)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where raw and staging spend their time, piece by piece, on the benchmark's files (evidence for README).

    .venv/bin/python -m bench.breakdown --days 7            # after `bench.run --days 7` (reads its warehouse)

Runs the pipeline's own functions outside Dagster, one piece at a time, on the first --days files:

raw:      parse_air_file per file (Polars read + checks + unpivot), and replace_rows per file (DuckDB insert of
          the long text rows), against the same rows inserted with a typed value (DOUBLE) and as the
          wide file (one row per hour × series, one DOUBLE column per station);
staging:  the raw query, stage_air_rows, Polars → pandas, GX with the whole air_hourly suite, GX with each
          expectation alone (the per-validation fixed cost measured with an empty suite is subtracted), the
          same rules written as one Polars query and as one DuckDB query over the staged table, and the
          staging insert.

Nothing is written to the benchmark's warehouse: the inserts go to a scratch DuckDB file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import duckdb
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATA = ROOT / "data" / "bench"


class Timer:
    def __init__(self):
        self.rows: list[tuple[str, float, str]] = []

    def __call__(self, label: str, fn, note: str = ""):
        t = time.perf_counter()
        out = fn()
        self.rows.append((label, time.perf_counter() - t, note))
        print(f"  {label:<58} {self.rows[-1][1]:8.2f} s  {note}", flush=True)
        return out


def polars_rules(staged: pl.DataFrame, stations: list[str]) -> dict:
    """The air_hourly suite's rules as one Polars query (what each expectation counts as unexpected)."""
    from expectations.air import CEILINGS
    from sources.air import SERIES_UNITS
    ceiling = pl.col("series").str.split("_").list.first().replace_strict(CEILINGS, return_dtype=pl.Float64)
    counts = staged.select(
        **{f"null_{c}": pl.col(c).is_null().sum() for c in ("station_code", "hour_end", "series", "value", "unit")},
        unknown_station=(~pl.col("station_code").is_in(stations)).sum(),
        unknown_series=(~pl.col("series").is_in(list(SERIES_UNITS))).sum(),
        bad_hour=(~pl.col("hour").is_between(0, 23)).sum(),
        bad_hour_ending=(~pl.col("hour_ending").is_between(1, 24)).sum(),
        negative=(pl.col("value") < 0).sum(),
        above_ceiling=(pl.col("value") > ceiling).sum(),
        duplicated=pl.struct("station_code", "hour_end", "series").is_duplicated().sum(),
    ).row(0, named=True)
    counts["value_is_float64"] = staged.schema["value"] == pl.Float64
    return counts


DUCKDB_RULES = """
SELECT count(*) FILTER (WHERE station_code IS NULL OR hour_end IS NULL OR series IS NULL OR value IS NULL
                               OR unit IS NULL)                                         AS nulls,
       count(*) FILTER (WHERE station_code NOT IN (SELECT unnest($stations)))            AS unknown_station,
       count(*) FILTER (WHERE series NOT IN (SELECT unnest($series)))                    AS unknown_series,
       count(*) FILTER (WHERE hour NOT BETWEEN 0 AND 23 OR hour_ending NOT BETWEEN 1 AND 24) AS bad_hour,
       count(*) FILTER (WHERE value < 0)                                                 AS negative,
       count(*) FILTER (WHERE value > CASE split_part(series, '_', 1) WHEN 'PM2.5' THEN 2000 WHEN 'PM10' THEN 5000
                        WHEN 'SO2' THEN 5000 WHEN 'NO2' THEN 2000 WHEN 'O3' THEN 2000 WHEN 'CO' THEN 150
                        ELSE 500 END)                                                    AS above_ceiling,
       count(*) - (SELECT count(*) FROM (SELECT DISTINCT station_code, hour_end, series FROM staged)) AS duplicated
FROM staged"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2019, 1, 1))
    parser.add_argument("--feeds", type=Path, default=BENCH_DATA / "air")
    parser.add_argument("--each", action="store_true", help="also time GX with each expectation alone (slow)")
    args = parser.parse_args(argv)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

    from sources.air import parse_air_file, stage_air_rows
    from sources.station_list import read_station_list
    from warehouse.resource import SCHEMA_SQL, replace_rows
    stations = read_station_list()["code"].sort().to_list()
    days = [args.start + dt.timedelta(days=n) for n in range(args.days)]
    timer = Timer()
    scratch = BENCH_DATA / "breakdown_scratch.duckdb"
    scratch.unlink(missing_ok=True)
    con = duckdb.connect(str(scratch))
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    con.execute(SCHEMA_SQL)
    con.execute("CREATE TABLE raw_typed (file_date DATE, hour SMALLINT, series VARCHAR, station_code VARCHAR, "
                "value DOUBLE, source_row INTEGER)")

    print(f"raw, {args.days} files × {len(stations)} listed stations:")
    contents = [(d, (args.feeds / f"china_sites_{d:%Y%m%d}.csv").read_bytes()) for d in days]
    parsed = timer("parse_air_file (all files)", lambda: [
        parse_air_file(c, str(args.feeds / f"china_sites_{d:%Y%m%d}.csv"), d, stations) for d, c in contents])
    frames = [p.rows.with_columns(loaded_at=pl.lit(dt.datetime.now(dt.UTC))) for p in parsed]
    n_raw = sum(f.height for f in frames)
    timer("replace_rows raw.air_hourly (text values, as the pipeline)", lambda: [
        replace_rows(con, "raw.air_hourly", f, "file_date = ?", [d]) for f, d in zip(frames, days, strict=True)],
          f"{n_raw:,} rows")
    typed = [f.select("file_date", "hour", "series", "station_code", pl.col("value").cast(pl.Float64), "source_row")
             for f in frames]
    timer("insert the same rows, value DOUBLE, no file name/load time", lambda: [
        con.execute("INSERT INTO raw_typed SELECT * FROM f") for f in typed])

    def wide(path: Path, day: dt.date) -> pl.DataFrame:
        header = path.open(encoding="utf-8-sig").readline().strip().split(",")
        schema = {"date": pl.String, "hour": pl.Int16, "type": pl.String, **{c: pl.Float64 for c in header[3:]}}
        return pl.read_csv(path, schema=schema).with_columns(pl.lit(day).alias("file_date"))

    def insert_wide():
        for i, d in enumerate(days):
            frame = wide(args.feeds / f"china_sites_{d:%Y%m%d}.csv", d)  # noqa: F841 (read by DuckDB)
            if i == 0:
                con.execute("CREATE TABLE raw_wide AS SELECT * FROM frame")
            else:
                con.execute("INSERT INTO raw_wide SELECT * FROM frame")
    timer("read typed wide (Polars) + insert wide (1 row per hour×series)", insert_wide)
    sizes = con.execute("SELECT table_name, estimated_size FROM duckdb_tables() WHERE table_name IN "
                        "('air_hourly', 'raw_typed', 'raw_wide') AND schema_name IN ('raw', 'main')").fetchall()
    print(f"  rows: {dict(sizes)}")

    print(f"\nstaging, {args.days} file days:")
    raw = timer("query raw (as staging does)", lambda: pl.from_arrow(con.sql(
        "SELECT file_date, hour, series, station_code, value, source_file, source_row FROM raw.air_hourly"
    ).to_arrow_table()))
    staged = timer("stage_air_rows", lambda: stage_air_rows(raw, "Asia/Shanghai"), f"{raw.height:,} rows")
    print(f"  staged frame: {staged.estimated_size() / 1e9:.2f} GB in Polars")
    t = time.perf_counter()
    import great_expectations as gx
    import great_expectations.expectations as gxe  # noqa: F401
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from expectations.air import air_hourly_suite, validation_view
    timer.rows.append(("import great_expectations", time.perf_counter() - t, ""))
    print(f"  {'import great_expectations':<58} {time.perf_counter() - t:8.2f} s")
    pdf = timer("Polars → pandas (validation view, .to_pandas())", lambda: validation_view(staged).to_pandas())
    print(f"  pandas frame: {pdf.memory_usage(deep=True).sum() / 1e9:.2f} GB (deep)")

    def gx_validate(expectations: list):
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        asset = context.data_sources.add_pandas("frames").add_dataframe_asset("air_hourly")
        batch = asset.add_batch_definition_whole_dataframe("whole").get_batch(batch_parameters={"dataframe": pdf})
        suite = context.suites.add(gx.ExpectationSuite(name="air_hourly", expectations=expectations))
        return batch.validate(suite, result_format={"result_format": "SUMMARY", "partial_unexpected_count": 5,
                                                    "unexpected_index_column_names": ["source_file", "source_row",
                                                                                      "station_code"]})
    suite = air_hourly_suite(stations)
    result = timer(f"GX validate, whole suite ({len(suite)} expectations)", lambda: gx_validate(suite))
    print(f"  GX success: {result.success}")
    if args.each:
        base = timer("GX validate, empty suite (fixed cost)", lambda: gx_validate([]))  # noqa: F841
        fixed = timer.rows[-1][1]
        costs = []
        for exp in air_hourly_suite(stations):
            t = time.perf_counter()
            gx_validate([exp])
            label = f"{type(exp).__name__}({getattr(exp, 'column', '') or ''}" + (
                f", {exp.row_condition}" if getattr(exp, "row_condition", None) else "") + ")"
            costs.append((time.perf_counter() - t - fixed, label))
        costs.sort(reverse=True)
        print(f"  GX, each expectation alone (minus the fixed {fixed:.2f} s), sum {sum(c for c, _ in costs):.1f} s:")
        for c, label in costs:
            print(f"    {c:7.2f} s  {label}")
    counts = timer("the same rules as one Polars query", lambda: polars_rules(staged, stations))
    print(f"  Polars rule counts: {counts}")
    con.register("staged", staged.to_arrow())
    from sources.air import SERIES_UNITS
    dd = timer("the same rules as one DuckDB query", lambda: con.execute(
        DUCKDB_RULES, {"stations": stations, "series": list(SERIES_UNITS)}).fetchall()[0])
    print(f"  DuckDB rule counts: {dd}")
    con.unregister("staged")
    timer("replace_rows staging.air_hourly", lambda: replace_rows(
        con, "staging.air_hourly", staged, "file_date >= ? AND file_date < ?", [days[0], days[-1] + dt.timedelta(1)]))
    timer("staging in SQL: INSERT … SELECT from raw (no Python round trip)", lambda: con.execute("""
        CREATE OR REPLACE TEMP TABLE staging_sql AS
        SELECT station_code,
               CAST(file_date AS TIMESTAMP) + hour * INTERVAL 1 HOUR - INTERVAL 1 HOUR AS hour_start,
               CAST(file_date AS TIMESTAMP) + hour * INTERVAL 1 HOUR AS hour_end,
               file_date - CAST(hour = 0 AS INTEGER) AS day,
               CASE WHEN hour = 0 THEN 24 ELSE hour END AS hour_ending,
               file_date, hour, series, CAST(value AS DOUBLE) AS value, source_file, source_row
        FROM raw.air_hourly"""))
    con.close()
    scratch.unlink(missing_ok=True)
    Path(f"{scratch}.wal").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What good staged air data looks like (staging.air_hourly: one row per station-hour, a column per series).

Two Great Expectations suites state the same 43 rules (:data:`RULES`):

- ``air_hourly`` (:func:`air_hourly_suite`), row level: GX reads every station-hour of a batch (a pandas copy).
- ``air_hourly_statistics`` (:func:`air_hourly_statistics_suite`), the blocking check of record: GX validates the
  :func:`statistics` of a batch — one aggregate pass giving, per staged column, its null count, min and max, and
  per batch rows − distinct (station, hour) keys, the set of station codes and the column set. Every rule is
  decided by those figures, so both suites give the same verdict per rule (tests/test_air_statistics.py runs both
  on every fixture and corpus file); :func:`statistics_failures` then names the failing cells with the project's
  own queries, in the row-level suite's words.

Staging validates statistics; ``QW_AIR_GX_ROWS=1`` in the environment of a run (:data:`ROW_LEVEL_SWITCH`) makes it
run the row-level suite instead, e.g. to audit a month:
``QW_AIR_GX_ROWS=1 .venv/bin/python -m pipelines.run --start 2019-03-01 --end 2019-03-31``.
"""

from __future__ import annotations

import os
from typing import Any

import polars as pl

from expectations import import_gx
from expectations.runner import Failure, describe
from sources.air import SERIES_COLUMNS

#: Physical ceilings: far above anything measured, below instrument nonsense.
#: A value above its ceiling is a defect of the feed, not pollution. PM: the measuring range of the particulate
#: monitors the national network runs (0–10,000 µg/m³); the real 2019 release holds dust-storm hours of PM10 up to
#: 9,985 (2702A, March), PM10 24-h means up to 6,192 and PM2.5 up to 2,273, which 5,000 and 2,000 refused.
CEILINGS = {
    "PM2.5": 10000, "PM10": 10000, "SO2": 5000, "NO2": 2000, "O3": 2000, "CO": 150,
    "AQI": 500,
}

#: The physical ceiling of each series column (pm2_5_24h has PM2.5's, …).
SERIES_CEILINGS = {column: float(CEILINGS[series.split("_")[0]]) for series, column in SERIES_COLUMNS.items()}

#: The staged columns, in table order.
STAGED_COLUMNS = ["station_code", "file_date", "hour", "hour_end", "day", "hour_ending", *SERIES_COLUMNS.values()]


def validation_view(staged: pl.DataFrame) -> pl.DataFrame:
    """The frame GX validates: the staged frame (which is written unchanged) with ``station_code`` categorical and
    the hours int64, so GX's pandas engine works on vectorised columns instead of Python objects."""
    return staged.with_columns(pl.col("station_code").cast(pl.Categorical),
                               pl.col("hour", "hour_ending").cast(pl.Int64))


def air_hourly_suite(stations: list[str], columns_with_values: list[str] | None = None) -> list:
    """The expectations for staged station-hours of a profile's ``stations`` (suite air_hourly), evaluated on
    :func:`validation_view`.

    Range rules are column minima and maxima: "every value ≥ 0 and ≤ the ceiling" is "the column's min ≥ 0 and
    max ≤ the ceiling", which GX computes with one vectorised pass per column (the failing cells are then named
    by :func:`violations`). A series column with no value in the batch has nothing to check, so its two rules are
    left out (``columns_with_values``; default every series column).
    """
    import_gx()
    import great_expectations.expectations as gxe

    suite: list = [gxe.ExpectTableColumnsToMatchSet(column_set=STAGED_COLUMNS, exact_match=True)]
    for column in ("station_code", "file_date", "hour", "hour_end", "day", "hour_ending"):
        suite.append(gxe.ExpectColumnValuesToNotBeNull(column=column))
    suite.append(gxe.ExpectColumnDistinctValuesToBeInSet(column="station_code", value_set=stations))
    # A batch with no station-hour (a re-delivered day with every value empty) has no hour to range-check: GX
    # fails a min or max of no values, the statistics suite has nothing to compare. A station-hour with every
    # cell empty has no row, so a batch has rows exactly when some series column has a value.
    if columns_with_values is None or columns_with_values:
        suite.append(gxe.ExpectColumnMinToBeBetween(column="hour", min_value=0))
        suite.append(gxe.ExpectColumnMaxToBeBetween(column="hour", max_value=23))
        suite.append(gxe.ExpectColumnMinToBeBetween(column="hour_ending", min_value=1))
        suite.append(gxe.ExpectColumnMaxToBeBetween(column="hour_ending", max_value=24))
    for column in columns_with_values if columns_with_values is not None else SERIES_CEILINGS:
        suite.append(gxe.ExpectColumnMinToBeBetween(column=column, min_value=0,
                                                    meta={"why": "a concentration or an AQI is never negative"}))
        suite.append(gxe.ExpectColumnMaxToBeBetween(
            column=column, max_value=SERIES_CEILINGS[column],
            meta={"why": "a value above its series' physical ceiling is not physical: "
                         + ", ".join(f"{k} {v}" for k, v in CEILINGS.items())}))
    suite.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=["station_code", "hour_end"]))
    return suite


def columns_with_values(staged: pl.DataFrame) -> list[str]:
    """The series columns holding at least one value."""
    counts = staged.select(pl.col(list(SERIES_CEILINGS)).count()).row(0, named=True)
    return [column for column, n in counts.items() if n]


def violations(staged: pl.DataFrame, limit: int = 20) -> pl.DataFrame:
    """The cells breaking a range rule (negative or above the series' ceiling), first ``limit`` of them:
    file day, hour, station, series column, value and rule — to name them when the suite fails."""
    found = [
        staged.filter((pl.col(column) < 0) | (pl.col(column) > ceiling)).select(
            "file_date", "hour", "station_code", pl.lit(column).alias("column"), pl.col(column).alias("value"),
            pl.when(pl.col(column) < 0).then(pl.lit("value ≥ 0"))
            .otherwise(pl.lit(f"value ≤ {ceiling:g} (physical ceiling)")).alias("rule"))
        for column, ceiling in SERIES_CEILINGS.items()
    ]
    return pl.concat(found).sort("file_date", "hour", "station_code").head(limit)


# ── the same rules on statistics ───────────────────────────────────────────────────────────────────────────────
#: Environment variable: set to 1 (true, yes) for the row-level suite in staging instead of the statistics suite.
ROW_LEVEL_SWITCH = "QW_AIR_GX_ROWS"

#: Key columns: never null.
KEY_COLUMNS = ("station_code", "file_date", "hour", "hour_end", "day", "hour_ending")

#: (min, max) allowed per column: the hours and every series (≥ 0, ≤ its physical ceiling).
RANGES: dict[str, tuple[float, float]] = {"hour": (0, 23), "hour_ending": (1, 24),
                                          **{column: (0, ceiling) for column, ceiling in SERIES_CEILINGS.items()}}

#: Every rule of the air_hourly suite as (expectation type, column); ``None``: a table rule.
RULES: list[tuple[str, str | None]] = [
    ("expect_table_columns_to_match_set", None),
    *(("expect_column_values_to_not_be_null", column) for column in KEY_COLUMNS),
    ("expect_column_distinct_values_to_be_in_set", "station_code"),
    *((kind, column) for column in RANGES
      for kind in ("expect_column_min_to_be_between", "expect_column_max_to_be_between")),
    ("expect_compound_columns_to_be_unique", None),
]


def row_level_enabled() -> bool:
    """Whether :data:`ROW_LEVEL_SWITCH` asks for the row-level suite."""
    return os.environ.get(ROW_LEVEL_SWITCH, "").strip().lower() in ("1", "true", "yes")


def statistics(staged: pl.DataFrame, batch: str = "") -> pl.DataFrame:
    """The statistics GX validates for one batch, from one aggregate pass over ``staged``.

    One row per staged column (``batch``, ``column``, ``rows``, ``nulls``, ``min`` and ``max`` of the range-checked
    columns, ``duplicate_keys`` = rows − distinct (station_code, hour_end) among rows with both), then one row per
    distinct station code
    of the batch (``column`` = "station_code", the code in ``station_code``, first seen first; the other figures
    null): the column set is the ``column`` values, the station-code set the ``station_code`` values.
    """
    columns = staged.columns
    ranged = [c for c in columns if c in RANGES]
    keys = [c for c in ("station_code", "hour_end") if c in columns]
    figures = staged.select(
        pl.len().alias("rows"),
        *(pl.col(c).null_count().alias(f"nulls {c}") for c in columns),
        *(pl.col(c).min().cast(pl.Float64).alias(f"min {c}") for c in ranged),
        *(pl.col(c).max().cast(pl.Float64).alias(f"max {c}") for c in ranged),
        *([_key().drop_nulls().n_unique().alias("distinct keys"), _key().count().alias("keys")]
          if len(keys) == 2 else []),
        *([pl.col("station_code").drop_nulls().unique(maintain_order=True).cast(pl.String).implode().alias("codes")]
          if "station_code" in columns else []),
    ).row(0, named=True)
    rows = figures["rows"]
    duplicates = figures["keys"] - figures["distinct keys"] if "distinct keys" in figures else None
    codes = figures.get("codes") or []
    n, m = len(columns), len(codes)
    return pl.DataFrame({
        "batch": [batch] * (n + m),
        "column": [*columns, *(["station_code"] * m)],
        "rows": [rows] * n + [None] * m,
        "nulls": [figures[f"nulls {c}"] for c in columns] + [None] * m,
        "min": [figures.get(f"min {c}") for c in columns] + [None] * m,
        "max": [figures.get(f"max {c}") for c in columns] + [None] * m,
        "duplicate_keys": [duplicates] * n + [None] * m,
        "station_code": [None] * n + list(codes),
    }, schema={"batch": pl.String, "column": pl.String, "rows": pl.Int64, "nulls": pl.Int64, "min": pl.Float64,
               "max": pl.Float64, "duplicate_keys": pl.Int64, "station_code": pl.String})


def _key() -> pl.Expr:
    """(station_code, hour_end) as one integer: the code's dictionary number and the hour's epoch second (exact,
    and ten times cheaper to count distinct than a struct of the two: 0.05 against 0.5 s a month)."""
    return (pl.col("station_code").cast(pl.Categorical).to_physical().cast(pl.Int64) * (1 << 40)
            + pl.col("hour_end").dt.epoch("s"))


def air_hourly_statistics_suite(stations: list[str]) -> list:
    """The air_hourly rules as expectations on :func:`statistics` (suite air_hourly_statistics): 12 expectations,
    each covering the rules named in its ``meta`` (``rule`` and, for column rules, the ``columns`` its row
    condition selects; the failing rows' ``column`` tell which of them broke)."""
    import_gx()
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    def between(stat: str, rule: str, columns: list[str], **limits) -> Any:
        return gxe.ExpectColumnValuesToBeBetween(column=stat, row_condition=Column("column").is_in(columns),
                                                 meta={"rule": rule, "columns": columns}, **limits)

    series = list(SERIES_CEILINGS)
    suite: list = [
        gxe.ExpectColumnDistinctValuesToEqualSet(column="column", value_set=STAGED_COLUMNS,
                                                 meta={"rule": "expect_table_columns_to_match_set"}),
        between("nulls", "expect_column_values_to_not_be_null", list(KEY_COLUMNS), max_value=0),
        gxe.ExpectColumnDistinctValuesToBeInSet(column="station_code", value_set=stations,
                                                meta={"rule": "expect_column_distinct_values_to_be_in_set",
                                                      "columns": ["station_code"]}),
        between("min", "expect_column_min_to_be_between", ["hour", *series], min_value=0),
        between("min", "expect_column_min_to_be_between", ["hour_ending"], min_value=1),
        between("max", "expect_column_max_to_be_between", ["hour"], max_value=23),
        between("max", "expect_column_max_to_be_between", ["hour_ending"], max_value=24),
    ]
    for ceiling in sorted(set(SERIES_CEILINGS.values())):
        suite.append(between("max", "expect_column_max_to_be_between",
                             [c for c in series if SERIES_CEILINGS[c] == ceiling], max_value=ceiling))
    suite.append(gxe.ExpectColumnValuesToBeBetween(column="duplicate_keys", max_value=0,
                                                   meta={"rule": "expect_compound_columns_to_be_unique"}))
    return suite


def row_level_verdicts(result: Any) -> dict[tuple[str, str | None], bool]:
    """Verdict per rule of a row-level (air_hourly) result; a rule left out of the suite (a series with no value)
    passes."""
    verdicts = dict.fromkeys(RULES, True)
    for r in result.results:
        config = r.expectation_config
        verdicts[config.type, config.kwargs.get("column")] = bool(r.success)
    return verdicts


def statistics_verdicts(result: Any) -> dict[tuple[str, str | None], bool]:
    """Verdict per rule of an air_hourly_statistics result (validated with ``index_columns=["column"]`` and the
    COMPLETE result format, so that every failing row is listed)."""
    verdicts = dict.fromkeys(RULES, True)
    for r in result.results:
        if r.success:
            continue
        meta = r.expectation_config.meta or {}
        columns = meta.get("columns") or [None]
        listed = r.result.get("unexpected_index_list") if len(columns) > 1 else None
        failed = {item["column"] for item in listed or [] if isinstance(item, dict) and item.get("column") in columns}
        for column in failed or columns:  # an exception (no rows listed) fails every rule of the expectation
            verdicts[meta["rule"], column] = False
    return verdicts


def statistics_failures(result: Any, stats: pl.DataFrame, staged: pl.DataFrame,
                        stations: list[str]) -> list[Failure]:
    """The rules an air_hourly_statistics result failed, each described as the row-level suite describes it (its
    expectation with its arguments, its unexpected count and first samples; the breaking cells themselves are
    named by :func:`violations`)."""
    verdicts = statistics_verdicts(result)
    failed = [rule for rule in RULES if not verdicts[rule]]
    if not failed:
        return []
    configs = {(c.type, c.kwargs.get("column")): c for c in (
        e.configuration for e in air_hourly_suite(stations, [c for c in SERIES_CEILINGS if c in staged.columns]))}
    figures = {row["column"]: row for row in stats.filter(pl.col("rows").is_not_null()).iter_rows(named=True)}
    out = []
    for kind, column in failed:
        count: Any = "?"  # column minima, maxima and the column set have no unexpected count (as in GX)
        samples: list[str] = []
        if kind == "expect_column_values_to_not_be_null":
            count = figures[column]["nulls"]
            shown = [c for c in ("file_date", "hour", "station_code") if c in staged.columns and c != column]
            samples = [", ".join(f"{k}={v}" for k, v in row.items())
                       for row in staged.filter(pl.col(column).is_null()).select(shown).head(3).iter_rows(named=True)]
        elif kind == "expect_column_distinct_values_to_be_in_set":
            unknown = sorted(set(stats["station_code"].drop_nulls().to_list()) - set(stations))
            count, samples = len(unknown), unknown
        elif kind == "expect_compound_columns_to_be_unique":
            repeated = staged.filter(pl.struct("station_code", "hour_end").is_duplicated())
            count = repeated.height
            samples = [f"station_code={s}, hour_end={h}" for s, h in
                       repeated.select("station_code", "hour_end").unique(maintain_order=True).head(3).rows()]
        config = configs.get((kind, column))  # None: the rule's column is not in the batch (a GX exception)
        out.append(Failure(describe(config) if config is not None else f"{kind}(column={column})", count, samples))
    return out

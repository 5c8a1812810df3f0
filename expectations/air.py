"""What good staged air data looks like (staging.air_hourly: one row per station-hour, a column per series)."""

from __future__ import annotations

import polars as pl

from sources.air import SERIES_COLUMNS

#: Physical ceilings: far above anything measured, below instrument nonsense.
#: A value above its ceiling is a defect of the feed, not pollution.
CEILINGS = {
    "PM2.5": 2000, "PM10": 5000, "SO2": 5000, "NO2": 2000, "O3": 2000, "CO": 150,
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
    import great_expectations.expectations as gxe

    suite: list = [gxe.ExpectTableColumnsToMatchSet(column_set=STAGED_COLUMNS, exact_match=True)]
    for column in ("station_code", "file_date", "hour", "hour_end", "day", "hour_ending"):
        suite.append(gxe.ExpectColumnValuesToNotBeNull(column=column))
    suite.append(gxe.ExpectColumnDistinctValuesToBeInSet(column="station_code", value_set=stations))
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

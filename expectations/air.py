"""What good staged air data looks like (staging.air_hourly)."""

from __future__ import annotations

import polars as pl

from sources.air import SERIES_UNITS

#: Physical ceilings: far above anything measured, below instrument nonsense.
#: A value above its ceiling is a defect of the feed, not pollution.
CEILINGS = {
    "PM2.5": 2000, "PM10": 5000, "SO2": 5000, "NO2": 2000, "O3": 2000, "CO": 150,
    "AQI": 500,
}

#: The physical ceiling of each series (PM2.5_24h has PM2.5's, …).
SERIES_CEILINGS = {series: float(CEILINGS[series.split("_")[0]]) for series in SERIES_UNITS}

#: The staged columns (the suite checks the staged table's shape on the view, which adds ``ceiling``).
STAGED_COLUMNS = ["station_code", "hour_start", "hour_end", "day", "hour_ending", "file_date", "hour", "series",
                  "value", "unit", "source_file", "source_row"]


def validation_view(staged: pl.DataFrame) -> pl.DataFrame:
    """The frame GX validates: the staged frame (which is written unchanged) with

    - ``ceiling``: the physical ceiling of the row's series (null for an unknown series, which the series
      rule rejects), so one vectorised column-pair expectation replaces a row-conditioned one per series;
    - ``hour`` and ``hour_ending`` as Int64: GX only vectorises range checks on int64/float64 columns
      (Int16 is checked element by element in Python).
    """
    return staged.with_columns(
        pl.col("hour").cast(pl.Int64),
        pl.col("hour_ending").cast(pl.Int64),
        ceiling=pl.col("series").replace_strict(SERIES_CEILINGS, default=None, return_dtype=pl.Float64),
    )


def air_hourly_suite(stations: list[str]) -> list:
    """The expectations for staged hourly air values of a profile's ``stations`` (suite air_hourly),
    evaluated on :func:`validation_view` of the staged frame."""
    import great_expectations.expectations as gxe

    suite: list = []
    suite.append(gxe.ExpectTableColumnsToMatchSet(column_set=[*STAGED_COLUMNS, "ceiling"], exact_match=True))
    for column in ("station_code", "hour_end", "series", "value", "unit"):
        suite.append(gxe.ExpectColumnValuesToNotBeNull(column=column))
    suite.append(gxe.ExpectColumnValuesToBeOfType(column="value", type_="float64"))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="station_code", value_set=stations))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="series", value_set=list(SERIES_UNITS)))
    suite.append(gxe.ExpectColumnValuesToBeBetween(column="hour", min_value=0, max_value=23))
    suite.append(gxe.ExpectColumnValuesToBeBetween(column="hour_ending", min_value=1, max_value=24))
    suite.append(gxe.ExpectColumnValuesToBeBetween(column="value", min_value=0))
    # value ≤ the ceiling of its series; rows with a missing value (rejected above) or an unknown series
    # (no ceiling, rejected above) are left to those rules, as the row-conditioned form did.
    suite.append(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A="ceiling", column_B="value", or_equal=True, ignore_row_if="either_value_is_missing",
        meta={"why": "a value above its series' physical ceiling is not physical: "
                     + ", ".join(f"{k} {v}" for k, v in CEILINGS.items())}))
    suite.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=["station_code", "hour_end", "series"]))
    return suite

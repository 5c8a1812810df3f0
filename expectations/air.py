"""What good staged air data looks like (staging.air_hourly)."""

from __future__ import annotations

from sources.air import SERIES_UNITS

#: Physical ceilings: far above anything measured, below instrument nonsense.
#: A value above its ceiling is a defect of the feed, not pollution.
CEILINGS = {
    "PM2.5": 2000, "PM10": 5000, "SO2": 5000, "NO2": 2000, "O3": 2000, "CO": 150,
    "AQI": 500,
}


def air_hourly_suite(stations: list[str]) -> list:
    """The expectations for staged hourly air values of a profile's ``stations`` (suite air_hourly)."""
    import great_expectations.expectations as gxe

    suite: list = []
    suite.append(gxe.ExpectTableColumnsToMatchSet(column_set=[
        "station_code", "hour_start", "hour_end", "day", "hour_ending", "file_date", "hour", "series", "value",
        "unit", "source_file", "source_row"], exact_match=True))
    for column in ("station_code", "hour_end", "series", "value", "unit"):
        suite.append(gxe.ExpectColumnValuesToNotBeNull(column=column))
    suite.append(gxe.ExpectColumnValuesToBeOfType(column="value", type_="float64"))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="station_code", value_set=stations))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="series", value_set=list(SERIES_UNITS)))
    suite.append(gxe.ExpectColumnValuesToBeBetween(column="hour", min_value=0, max_value=23))
    suite.append(gxe.ExpectColumnValuesToBeBetween(column="hour_ending", min_value=1, max_value=24))
    suite.append(gxe.ExpectColumnValuesToBeBetween(column="value", min_value=0))
    for series in SERIES_UNITS:
        ceiling = CEILINGS[series.split("_")[0]]
        suite.append(gxe.ExpectColumnValuesToBeBetween(
            column="value", max_value=ceiling, row_condition=f'series=="{series}"', condition_parser="pandas",
            meta={"why": f"{series} above {ceiling} is not physical"}))
    suite.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=["station_code", "hour_end", "series"]))
    return suite

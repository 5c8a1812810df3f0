"""What good staged departmental reports look like (staging.reports)."""

from __future__ import annotations

from expectations import import_gx
from sources.reports import MET_POLLUTANTS

STAGED_COLUMNS = ["year", "indicator_id", "area_code", "level", "city_code", "county_code", "pollutant", "numerator",
                  "denominator", "value_reported", "value", "allocated", "achieved", "reporting_department",
                  "report_date", "note", "source_file", "source_row"]


def reports_suite(indicators: list[str], bounded: list[str], met: list[str], areas: list[str]) -> list:
    """Suite reports: known indicators and areas, rates and scores within 0–100, numerator <= denominator,
    reductions with allocated and achieved, one row per indicator, area, pollutant and year.

    ``bounded``: indicator ids whose value is a rate or score; ``met``: ids judged per pollutant."""
    import_gx()
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    suite: list = [gxe.ExpectTableColumnsToMatchSet(column_set=STAGED_COLUMNS, exact_match=True)]
    for column in ("year", "indicator_id", "area_code", "level", "city_code", "reporting_department", "report_date",
                   "source_file", "source_row"):
        suite.append(gxe.ExpectColumnValuesToNotBeNull(column=column))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="indicator_id", value_set=indicators))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="area_code", value_set=areas))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="pollutant", value_set=list(MET_POLLUTANTS)))
    for column in ("numerator", "denominator", "value", "allocated", "achieved"):
        suite.append(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0))
    for indicator in bounded:
        suite.append(gxe.ExpectColumnValuesToBeBetween(
            column="value", min_value=0, max_value=100, row_condition=Column("indicator_id") == indicator,
            meta={"why": f"{indicator} is a rate or score, 0-100"}))
    for indicator in met:
        for column in ("pollutant", "allocated", "achieved"):
            suite.append(gxe.ExpectColumnValuesToNotBeNull(
                column=column, row_condition=Column("indicator_id") == indicator))
    suite.append(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A="denominator", column_B="numerator", or_equal=True, ignore_row_if="either_value_is_missing"))
    suite.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=["year", "indicator_id", "area_code", "pollutant"]))
    return suite

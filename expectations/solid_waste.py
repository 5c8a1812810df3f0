"""What good staged solid-waste statistics look like (staging.solid_waste)."""

from __future__ import annotations

from expectations import import_gx
from sources.solid_waste import TONNAGES

STAGED_COLUMNS = ["year", "enterprise_code", "enterprise_name", "city_code", "county_code", "industry",
                  "waste_type", *TONNAGES, "source_file", "source_row"]


def solid_waste_suite(cities: list[str], counties: list[str]) -> list:
    """Suite solid_waste: complete rows, known areas, non-negative tonnes, "of which" items within their totals,
    one row per enterprise, waste type and year."""
    import_gx()
    import great_expectations.expectations as gxe

    suite: list = [gxe.ExpectTableColumnsToMatchSet(column_set=STAGED_COLUMNS, exact_match=True)]
    for column in STAGED_COLUMNS:
        if column not in ("county_code", "disposed_from_storage"):
            suite.append(gxe.ExpectColumnValuesToNotBeNull(column=column))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="city_code", value_set=cities))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="county_code", value_set=counties))
    suite.append(gxe.ExpectColumnValuesToBeBetween(column="year", min_value=2000))
    for column in TONNAGES:
        suite.append(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0,
                                                       meta={"why": "tonnes cannot be negative"}))
    suite.append(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A="utilised", column_B="utilised_from_storage", or_equal=True, ignore_row_if="either_value_is_missing",
        meta={"why": "综合利用往年贮存量 is an 'of which' item of 综合利用量"}))
    suite.append(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A="disposed", column_B="disposed_from_storage", or_equal=True, ignore_row_if="either_value_is_missing",
        meta={"why": "处置往年贮存量 is an 'of which' item of 处置量"}))
    suite.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=["year", "enterprise_code", "waste_type"]))
    return suite

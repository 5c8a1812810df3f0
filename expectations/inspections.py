"""What good staged inspection results look like (staging.inspections)."""

from __future__ import annotations

from expectations import import_gx
from standards.pass_rates import PROGRAMMES

STAGED_COLUMNS = ["month", "sample_id", "programme", "indicator_id", "product", "subject", "enterprise", "city_code",
                  "county_code", "sampling_date", "result_text", "passed", "failed_items", "failed_item_count",
                  "inspecting_body", "source_file", "source_row"]


def inspections_suite(cities: list[str], counties: list[str]) -> list:
    """Suite inspections: complete rows, known programmes and areas, a result for every row, failed items only on
    failed rows, one row per sample or batch number and month."""
    import_gx()
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    suite: list = [gxe.ExpectTableColumnsToMatchSet(column_set=STAGED_COLUMNS, exact_match=True)]
    for column in STAGED_COLUMNS:
        if column not in ("subject", "county_code", "failed_items"):
            suite.append(gxe.ExpectColumnValuesToNotBeNull(column=column))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="programme", value_set=list(PROGRAMMES)))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="indicator_id",
                                                 value_set=[p.indicator_id for p in PROGRAMMES.values()]))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="city_code", value_set=cities))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="county_code", value_set=counties))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="passed", value_set=[True, False]))
    suite.append(gxe.ExpectColumnValuesToBeBetween(column="failed_item_count", min_value=0))
    suite.append(gxe.ExpectColumnValuesToBeNull(
        column="failed_items", row_condition=Column("passed") == True,  # noqa: E712 — a GX condition, not a test
        meta={"why": "a passed batch or sample has no failed items"}))
    suite.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=["month", "sample_id"]))
    return suite

"""Report marts: the reported value of each indicator, area and year; the per-pollutant reductions."""

import dagster as dg

from assets import owners
from assets.reports.staging import staging_reports
from assets.solid_waste.staging import years
from assets.steps import read_window
from pipelines.partitions import yearly
from warehouse.resource import Warehouse, replace_rows, sql

_COMMON = dict(group_name="reports", owners=[owners.REPORTS], partitions_def=yearly,
               backfill_policy=dg.BackfillPolicy.single_run(), kinds={"duckdb", "polars"}, deps=[staging_reports])


@dg.asset(
    key=["mart", "reported_indicator"],
    description="The figure each lead department reported per indicator, area and year (value, or numerator / "
                "denominator). In the attainment table a value computed from a monitoring feed wins over it and "
                "the difference is shown.",
    **_COMMON,
)
def reported_indicator(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    first, last = years(context)
    frame = read_window(warehouse, sql("reported_indicator"), {"first": first, "last": last})
    with warehouse.connect() as con:
        rows = replace_rows(con, "mart.reported_indicator", frame, "year BETWEEN ? AND ?", [first, last])
    return dg.MaterializeResult(metadata={"rows": rows})


@dg.asset(
    key=["mart", "pollutant_reduction"],
    owners=[owners.SOLID_WASTE],  # 市环保局 leads the emission reductions
    description="主要污染物减排 per pollutant (COD, NH3-N, SO2, NOx), area and year: allocated (国家统一分解目标) "
                "against achieved reduction, met or not. The indicator is attained only when every pollutant is.",
    **{k: v for k, v in _COMMON.items() if k != "owners"},
)
def pollutant_reduction(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    first, last = years(context)
    frame = read_window(warehouse, sql("pollutant_reduction"), {"first": first, "last": last})
    with warehouse.connect() as con:
        rows = replace_rows(con, "mart.pollutant_reduction", frame, "year BETWEEN ? AND ?", [first, last])
    return dg.MaterializeResult(metadata={"rows": rows, "not_met": int((~frame["met"]).sum()) if rows else 0})

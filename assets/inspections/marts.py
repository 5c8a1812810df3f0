"""Inspection marts: pass rates per programme, city and county, month and year; most frequent failed items."""

import datetime as dt

import dagster as dg
import polars as pl

from assets.inspections.raw import OWNERS
from assets.inspections.staging import months, staging_inspections
from assets.steps import read_window
from pipelines.partitions import monthly
from standards.pass_rates import PROGRAMMES, pass_rate
from warehouse.resource import Warehouse, replace_rows, sql

PASS_RATE = dg.AssetKey(["mart", "inspection_pass_rate"])
FAILED_ITEMS = dg.AssetKey(["mart", "inspection_failed_items"])

_COMMON = dict(group_name="inspections", owners=OWNERS, partitions_def=monthly,
               backfill_policy=dg.BackfillPolicy.single_run(), kinds={"duckdb", "polars"})
#: The month rows of the run's window and the year rows of the years it touches (recomputed from every staged
#: month of those years, so a late month corrects its year).
_WINDOW = ("(period_type = 'month' AND month_start >= ? AND month_start < ?) "
           "OR (period_type = 'year' AND year BETWEEN ? AND ?)")


def _params(context: dg.AssetExecutionContext) -> tuple[dict, list]:
    start, end = months(context)
    first, last = start.year, (end - dt.timedelta(days=1)).year
    return ({"start": start, "end": end, "first_year": first, "last_year": last}, [start, end, first, last])


def with_rates(counts: pl.DataFrame) -> pl.DataFrame:
    """Pass rate (standards/pass_rates.py), failed count and counting unit of each count row."""
    rates = [pass_rate(r["passed"], r["total"]) for r in counts.select("passed", "total").iter_rows(named=True)]
    return counts.with_columns(
        (pl.col("total") - pl.col("passed")).alias("failed"),
        pl.Series("pass_rate", [None if r is None else float(r) for r in rates], dtype=pl.Float64),
        pl.col("programme").replace_strict({k: p.counting_unit for k, p in PROGRAMMES.items()},
                                           return_dtype=pl.String).alias("counting_unit"))


@dg.asset(
    key=PASS_RATE,
    deps=[staging_inspections],
    description="合格率 per programme (the four plan indicators), city and county, month and year: passed / total "
                "× 100 of the programme's counting unit (batches, samples, unit projects), 0.1 %, GB/T 8170 "
                "rounding, with numerator and denominator. A year is assessable when all 12 monthly files came.",
    **_COMMON,
)
def inspection_pass_rate(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    named, positional = _params(context)
    frame = with_rates(read_window(warehouse, sql("inspection_pass_rate"), named))
    with warehouse.connect() as con:
        rows = replace_rows(con, "mart.inspection_pass_rate", frame, _WINDOW, positional)
    years = frame.filter((pl.col("period_type") == "year") & (pl.col("level") == "city"))
    return dg.MaterializeResult(metadata={
        "rows": rows, **{f"{r['programme']}_{r['period']}": r["pass_rate"] for r in years.iter_rows(named=True)}})


@dg.asset(
    key=FAILED_ITEMS,
    deps=[staging_inspections],
    description="Most frequent failed items (不合格项目) per programme and product, month and year, city-wide: "
                "occurrences among the failed batches or samples, ranked.",
    **_COMMON,
)
def inspection_failed_items(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    named, positional = _params(context)
    frame = read_window(warehouse, sql("inspection_failed_items"), named)
    with warehouse.connect() as con:
        rows = replace_rows(con, "mart.inspection_failed_items", frame, _WINDOW, positional)
    top = frame.filter((pl.col("period_type") == "year") & (pl.col("rank") == 1))
    return dg.MaterializeResult(metadata={
        "rows": rows,
        "top_items": dg.MetadataValue.json({f"{r['period']} {r['product']}": r["failed_item"]
                                            for r in top.iter_rows(named=True)})})

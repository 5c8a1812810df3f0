"""Solid-waste marts: the mass balance of every enterprise waste stream (a WARN check) and the utilisation
rate per city and county and year."""

import dagster as dg
import polars as pl

from assets import owners
from assets.solid_waste.staging import staging_solid_waste, years
from assets.steps import markdown_table, read_window
from pipelines.partitions import yearly
from standards import solid_waste
from warehouse.resource import Warehouse, replace_rows, sql

BALANCE = dg.AssetKey(["mart", "solid_waste_balance"])
AREA_YEAR = dg.AssetKey(["mart", "solid_waste_area_year"])
BALANCE_CHECK = "mass_balance"

_COMMON = dict(group_name="solid_waste", owners=[owners.SOLID_WASTE], partitions_def=yearly,
               backfill_policy=dg.BackfillPolicy.single_run(), kinds={"duckdb", "polars"})


def balance_rows(staged: pl.DataFrame) -> pl.DataFrame:
    """Per enterprise waste stream: accounted tonnage, residual, tolerance and in_balance (standards/solid_waste)."""
    out = []
    for r in staged.iter_rows(named=True):
        residual = solid_waste.balance_residual(r["generated"], r["utilised"], r["utilised_from_storage"],
                                                r["disposed"], r["disposed_from_storage"], r["stored"], r["dumped"])
        tolerance = solid_waste.balance_tolerance(r["generated"], r["utilised_from_storage"],
                                                  r["disposed_from_storage"])
        out.append({**r, "accounted": float(solid_waste.exact(r["generated"]) - residual),
                    "residual": float(residual), "tolerance": float(tolerance),
                    "in_balance": abs(residual) <= tolerance})
    schema = {**staged.schema, "accounted": pl.Float64, "residual": pl.Float64, "tolerance": pl.Float64,
              "in_balance": pl.Boolean}
    return pl.DataFrame(out, schema=schema)


@dg.asset(
    key=BALANCE,
    deps=[staging_solid_waste],
    check_specs=[dg.AssetCheckSpec(
        BALANCE_CHECK, asset=BALANCE, blocking=False,
        description="WARN, not blocking: every enterprise waste stream should satisfy 产生量 = (综合利用量 − "
                    "综合利用往年贮存量) + (处置量 − 处置往年贮存量) + 贮存量 + 倾倒丢弃量 within 1 % (at least 1 t). "
                    "Lists the enterprises out of balance for the statistics office to query.")],
    description="Mass balance of each enterprise waste stream (an audit relation of the enterprise form, never "
                "used to fill a missing field): accounted tonnage, residual, tolerance, in balance or not.",
    **_COMMON,
)
def solid_waste_balance(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    first, last = years(context)
    staged = read_window(warehouse, "SELECT * FROM staging.solid_waste WHERE year BETWEEN ? AND ? "
                                    "ORDER BY year, enterprise_code, waste_type", [first, last])
    frame = balance_rows(staged)
    with warehouse.connect() as con:
        rows = replace_rows(con, "mart.solid_waste_balance", frame, "year BETWEEN ? AND ?", [first, last])
    out = frame.filter(~pl.col("in_balance"))
    listing = out.select("year", "enterprise_code", "enterprise_name", "county_code", "waste_type", "generated",
                         "accounted", "residual", "tolerance", "source_file", "source_row")
    check = dg.AssetCheckResult(
        check_name=BALANCE_CHECK, asset_key=BALANCE, passed=out.height == 0, severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "streams_checked": frame.height,
            "streams_out_of_balance": out.height,
            "enterprises_out_of_balance": out["enterprise_code"].n_unique() if out.height else 0,
            "out_of_balance": dg.MetadataValue.md(markdown_table(listing.head(100)) if out.height else "none"),
        })
    if out.height:
        context.log.warning(f"solid waste {first} … {last}: {out.height} waste stream(s) of "
                            f"{out['enterprise_code'].n_unique()} enterprise(s) out of mass balance")
    return dg.MaterializeResult(metadata={"rows": rows}, check_results=[check])


def area_year_rates(totals: pl.DataFrame) -> pl.DataFrame:
    """The utilisation rate of each area-year, in exact arithmetic from the DECIMAL totals."""
    rates = [solid_waste.utilisation_rate(r["utilised"], r["utilised_from_storage"], r["generated"])
             for r in totals.iter_rows(named=True)]
    tonnes = ["generated", "utilised", "utilised_from_storage", "disposed", "stored", "dumped"]
    return totals.with_columns(
        *[pl.col(c).cast(pl.Float64) for c in tonnes],
        pl.Series("utilisation_rate", [None if r is None else float(r) for r in rates], dtype=pl.Float64))


@dg.asset(
    key=AREA_YEAR,
    deps=[staging_solid_waste, solid_waste_balance],
    description="一般工业固体废物综合利用率 per city and county and year: 综合利用量 / (产生量 + 综合利用往年贮存量) "
                "× 100 % (环境统计报表制度, indicator explanation), 0.01 %, GB/T 8170 rounding, with the totals "
                "behind it and the number of enterprises out of mass balance.",
    **_COMMON,
)
def solid_waste_area_year(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    first, last = years(context)
    totals = read_window(warehouse, sql("solid_waste_area_year"), {"first": first, "last": last})
    frame = area_year_rates(totals)
    with warehouse.connect() as con:
        rows = replace_rows(con, "mart.solid_waste_area_year", frame, "year BETWEEN ? AND ?", [first, last])
    city = frame.filter(pl.col("level") == "city")
    rates = {f"rate_{r['area_code']}_{r['year']}": r["utilisation_rate"] for r in city.iter_rows(named=True)}
    return dg.MaterializeResult(metadata={"rows": rows, **rates})

"""mart.target_attainment: each plan target per area and period, measured value, status and gap."""


import datetime as dt

import dagster as dg
import polars as pl

from assets import owners
from pipelines.resources import CityProfile
from sources.profile import Profile
from warehouse.resource import Warehouse, query_frame, replace_rows, sql

#: The marts behind the measured values (warehouse/sql/attainment_measures.sql reads them); each feed adds its own.
MEASURED_FROM = [
    dg.AssetKey(["mart", "air_city_year"]),
    dg.AssetKey(["mart", "solid_waste_area_year"]),
    dg.AssetKey(["mart", "inspection_pass_rate"]),
    dg.AssetKey(["mart", "water_area_period"]),
]

MEASURES_SCHEMA = {"indicator_id": pl.String, "area_code": pl.String, "period": pl.String, "value": pl.Float64,
                   "assessable": pl.Boolean, "note": pl.String, "source_assets": pl.String}


def status(comparator: str, target: float | None, value: float | None, assessable: bool | None) -> str:
    """attained / not_attained / insufficient_data / no_data for one measured value."""
    if value is None:
        return "no_data"
    if not assessable:
        return "insufficient_data"
    if comparator == ">=":
        return "attained" if value >= target else "not_attained"
    if comparator == "<=":
        return "attained" if value <= target else "not_attained"
    if comparator == "=":
        return "attained" if value == target else "not_attained"
    # "met": the value is 1 when every allocated reduction is met, 0 otherwise.
    return "attained" if value >= 1 else "not_attained"


def attainment_rows(prof: Profile, measures: pl.DataFrame, computed_at: dt.datetime) -> pl.DataFrame:
    """One row per indicator × area × period with data, plus a no_data row for every city and
    indicator without any: every indicator of the profile appears."""
    areas = {a.code: a for a in prof.areas}
    cities = [a for a in prof.areas if a.level == "city"]
    rows = []
    for ind in prof.indicators:
        mine = measures.filter(pl.col("indicator_id") == ind.id)
        found = list(mine.iter_rows(named=True))
        if not found:
            found = [{"area_code": c.code, "period": str(ind.target_year), "value": None, "assessable": None,
                      "note": f"no data: the {ind.source} feed has not delivered this indicator",
                      "source_assets": "-"} for c in cities]
        for m in found:
            value = m["value"]
            gap = None if value is None or ind.target is None else round(value - ind.target, 4)
            rows.append({
                "indicator_id": ind.id, "name_zh": ind.name_zh, "name_en": ind.name_en,
                "area_code": m["area_code"], "area_name": areas[m["area_code"]].name if m["area_code"] in areas
                else m["area_code"], "period": m["period"], "unit": ind.unit, "comparator": ind.comparator,
                "target": ind.target, "target_year": ind.target_year, "value": value,
                "status": status(ind.comparator, ind.target, value, m["assessable"]),
                "gap_to_target": gap, "lead_department": ind.lead_department,
                "source_assets": m["source_assets"], "note": m["note"], "computed_at": computed_at})
    return pl.DataFrame(rows, schema={
        "indicator_id": pl.String, "name_zh": pl.String, "name_en": pl.String, "area_code": pl.String,
        "area_name": pl.String, "period": pl.String, "unit": pl.String, "comparator": pl.String,
        "target": pl.Float64, "target_year": pl.Int32, "value": pl.Float64, "status": pl.String,
        "gap_to_target": pl.Float64, "lead_department": pl.String, "source_assets": pl.String,
        "note": pl.String, "computed_at": pl.Datetime("us", "UTC")})


@dg.asset(
    key=["mart", "target_attainment"],
    deps=[*MEASURED_FROM, dg.AssetKey(["mart", "dim_indicator"]), dg.AssetKey(["mart", "dim_area"])],
    group_name="attainment",
    kinds={"duckdb", "polars"},
    owners=[owners.PLAN],
    description="The plan's targets (质量强市 实施意见 一(四)) against the measured values: one row per "
                "indicator × area × period with value, status (attained, not_attained, insufficient_data, "
                "no_data), gap to target and lead department. Every indicator of the profile has a row.",
)
def target_attainment(profile: CityProfile, warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    with warehouse.connect() as con:
        measures = query_frame(con, sql("attainment_measures")).cast(MEASURES_SCHEMA)
        frame = attainment_rows(prof, measures, dt.datetime.now(dt.UTC))
        replace_rows(con, "mart.target_attainment", frame, "true")
    counts = frame.group_by("status").len().sort("status")
    return dg.MaterializeResult(metadata={
        "rows": frame.height, "indicators": frame["indicator_id"].n_unique(),
        **{f"status_{s}": n for s, n in counts.iter_rows()}})

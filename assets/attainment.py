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
    dg.AssetKey(["mart", "pollutant_reduction"]),
    dg.AssetKey(["mart", "reported_indicator"]),
    dg.AssetKey(["mart", "water_area_period"]),
]

MEASURES_SCHEMA = {"indicator_id": pl.String, "area_code": pl.String, "period": pl.String, "value": pl.Float64,
                   "assessable": pl.Boolean, "note": pl.String, "source_assets": pl.String,
                   "data_until": pl.Date}


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


#: ``source_assets`` of the departments' reported figures, which a value computed from data replaces.
REPORTED = "mart/reported_indicator"
#: Sources judged from a department's report (not from a monitoring or statistics feed): value_origin "reported".
FROM_REPORTS = {REPORTED, "mart/pollutant_reduction"}

SCHEMA = {
    "indicator_id": pl.String, "name_zh": pl.String, "name_en": pl.String, "area_code": pl.String,
    "area_name": pl.String, "period": pl.String, "unit": pl.String, "comparator": pl.String,
    "target": pl.Float64, "target_year": pl.Int32, "value": pl.Float64, "status": pl.String,
    "gap_to_target": pl.Float64, "lead_department": pl.String, "source_assets": pl.String,
    "note": pl.String, "computed_at": pl.Datetime("us", "UTC"), "value_origin": pl.String,
    "reported_value": pl.Float64, "reported_difference": pl.Float64, "previous_period": pl.String,
    "previous_value": pl.Float64, "change_from_previous": pl.Float64, "years_to_target": pl.Int32,
    "on_track": pl.Boolean, "data_until": pl.Date, "rank": pl.Int32, "ranked_cities": pl.Int32,
    "composite_index": pl.Float64}

STANDING_COLUMNS = ("rank", "ranked_cities", "composite_index")
#: Where an indicator has a standing among the profile's cities: the ranked table behind it.
STANDING_SQL = """
    SELECT 'good_air_days_ratio' AS indicator_id, area_code, CAST(year AS VARCHAR) AS period,
           good_days_rank AS rank, ranked_cities, composite_index
    FROM mart.air_city_year"""


def _year(period: str) -> int | None:
    return int(period[:4]) if period[:4].isdigit() else None


def on_track(comparator: str, target: float | None, row_status: str, value: float | None,
             change_per_year: float | None, years_to_target: int | None) -> bool | None:
    """Attained → True. Not attained: False once the target year has come; else True when the change per year
    carried on linearly to the target year reaches the target; None when that cannot be told."""
    if row_status == "attained":
        return True
    if row_status != "not_attained" or years_to_target is None:
        return None
    if years_to_target <= 0:
        return False
    if comparator == "met" or target is None or change_per_year is None or value is None:
        return None
    projected = value + change_per_year * years_to_target
    if comparator == ">=" or (comparator == "=" and value < target):
        return projected >= target
    return projected <= target


def _reconcile(found: list[dict]) -> list[dict]:
    """A computed value wins over a reported one of the same area and period: the reported figure and the
    difference are kept on the computed row; a reported figure with no computed value stands as the value."""
    computed = [{**m, "value_origin": "reported" if m["source_assets"] in FROM_REPORTS else "computed"}
                for m in found if m["source_assets"] != REPORTED]
    out = list(computed)
    for r in (m for m in found if m["source_assets"] == REPORTED):
        same = [c for c in computed if (c["area_code"], c["period"]) == (r["area_code"], r["period"])]
        if not same:
            out.append({**r, "value_origin": "reported"})
        for row in same:
            row["reported_value"] = r["value"]
            if row["value"] is not None and r["value"] is not None:
                row["reported_difference"] = round(row["value"] - r["value"], 4)
                row["note"] = (f"{row['note']}; department figure {r['value']:g} ({r['note']}), difference "
                               f"{row['reported_difference']:+g}")
    return out


def attainment_rows(prof: Profile, measures: pl.DataFrame, computed_at: dt.datetime,
                    standing: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per indicator × area × period with data, and for every city a no_data row for each period that has
    data for any indicator (the target year when nothing has): every indicator of the profile appears.

    A computed value wins over a department's reported one (kept in reported_value, with the difference); each
    row carries the previous period with a value, the change since, the years to the target year and on_track.
    Peer cities (compared, not given the plan's targets) have no rows; ``standing`` (indicator_id, area_code,
    period, rank, ranked_cities, composite_index) says where an area stands among the profile's cities.
    """
    areas = {a.code: a for a in prof.areas}
    peers = {a.code for a in prof.areas if a.peer}
    measures = measures.filter(~pl.col("area_code").is_in(list(peers)))
    cities = [a for a in prof.areas if a.level == "city" and not a.peer]
    periods = sorted(set(measures["period"].to_list()), key=lambda p: (_year(p) or 0, p))
    rows = []
    for ind in prof.indicators:
        found = _reconcile(list(measures.filter(pl.col("indicator_id") == ind.id).iter_rows(named=True)))
        have = {(m["area_code"], m["period"]) for m in found}
        for city in cities:
            for period in periods or [str(ind.target_year)]:
                if (city.code, period) not in have:
                    found.append({"area_code": city.code, "period": period, "value": None, "assessable": None,
                                  "note": f"no data: the {ind.source} feed has not delivered this indicator"
                                          + ("" if not periods else f" for {period}"),
                                  "source_assets": "-", "value_origin": None})
        found.sort(key=lambda m: (m["area_code"], _year(m["period"]) or 0, m["period"]))
        previous: dict[str, dict] = {}
        for m in found:
            value = m["value"]
            gap = None if value is None or ind.target is None else round(value - ind.target, 4)
            row_status = status(ind.comparator, ind.target, value, m["assessable"])
            year = _year(m["period"])
            years_left = None if year is None else ind.target_year - year
            before = previous.get(m["area_code"])
            change = per_year = None
            if before is not None and value is not None:
                change = round(value - before["value"], 4)
                span = (year or 0) - (_year(before["period"]) or 0)
                per_year = change / span if span > 0 else None
            rows.append({
                "indicator_id": ind.id, "name_zh": ind.name_zh, "name_en": ind.name_en,
                "area_code": m["area_code"], "area_name": areas[m["area_code"]].name if m["area_code"] in areas
                else m["area_code"], "period": m["period"], "unit": ind.unit, "comparator": ind.comparator,
                "target": ind.target, "target_year": ind.target_year, "value": value, "status": row_status,
                "gap_to_target": gap, "lead_department": ind.lead_department,
                "source_assets": m["source_assets"], "note": m["note"], "computed_at": computed_at,
                "value_origin": m.get("value_origin"), "reported_value": m.get("reported_value"),
                "reported_difference": m.get("reported_difference"),
                "previous_period": before["period"] if before is not None and value is not None else None,
                "previous_value": before["value"] if before is not None and value is not None else None,
                "change_from_previous": change, "years_to_target": years_left,
                "on_track": on_track(ind.comparator, ind.target, row_status, value, per_year, years_left),
                "data_until": m.get("data_until")})
            if value is not None:
                previous[m["area_code"]] = m
    frame = pl.DataFrame(rows, schema={k: v for k, v in SCHEMA.items() if k not in STANDING_COLUMNS})
    if standing is not None:
        frame = frame.join(standing.select("indicator_id", "area_code", "period", *STANDING_COLUMNS),
                           on=["indicator_id", "area_code", "period"], how="left")
    return frame.with_columns(pl.lit(None).alias(c) for c in STANDING_COLUMNS if c not in frame.columns) \
        .select(list(SCHEMA)).cast(SCHEMA)


@dg.asset(
    key=["mart", "target_attainment"],
    deps=[*MEASURED_FROM, dg.AssetKey(["mart", "dim_indicator"]), dg.AssetKey(["mart", "dim_area"])],
    group_name="attainment",
    kinds={"duckdb", "polars"},
    owners=[owners.PLAN],
    description="The plan's targets (质量强市 实施意见 一(四)) against the measured values: one row per "
                "indicator × area × period with value, status (attained, not_attained, insufficient_data, "
                "no_data), gap to target and lead department. Every indicator of the profile has a row for "
                "each period with data. A value computed from a feed wins over a department's reported figure, "
                "which is kept with the difference; previous period, change and years to the target year say "
                "whether the area is on track.",
)
def target_attainment(profile: CityProfile, warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    with warehouse.connect() as con:
        measures = query_frame(con, sql("attainment_measures")).cast(MEASURES_SCHEMA)
        frame = attainment_rows(prof, measures, dt.datetime.now(dt.UTC), query_frame(con, STANDING_SQL))
        replace_rows(con, "mart.target_attainment", frame, "true")
    counts = frame.group_by("status").len().sort("status")
    return dg.MaterializeResult(metadata={
        "rows": frame.height, "indicators": frame["indicator_id"].n_unique(),
        **{f"status_{s}": n for s, n in counts.iter_rows()}})

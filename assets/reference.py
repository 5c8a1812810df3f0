"""Reference tables from the city profile: areas, air stations, the plan's indicators."""


import dagster as dg
import polars as pl

from assets import owners
from pipelines.resources import CityProfile
from warehouse.resource import Warehouse, replace_rows


@dg.asset(
    key=["mart", "dim_area"],
    group_name="reference",
    kinds={"duckdb", "yaml"},
    owners=[owners.PLAN],
    description="Areas of the city profile (cities and counties/districts) for joins and BI filters.",
)
def dim_area(profile: CityProfile, warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    frame = pl.DataFrame(
        [{"area_code": a.code, "area_name": a.name, "area_name_en": a.name_en, "level": a.level,
          "parent_code": a.parent, "peer": a.peer} for a in prof.areas],
        schema={"area_code": pl.String, "area_name": pl.String, "area_name_en": pl.String, "level": pl.String,
                "parent_code": pl.String, "peer": pl.Boolean})
    with warehouse.connect() as con:
        replace_rows(con, "mart.dim_area", frame, "true")
    return dg.MaterializeResult(metadata={"areas": frame.height, "profile": prof.path})


@dg.asset(
    key=["mart", "dim_air_station"],
    group_name="reference",
    kinds={"duckdb", "yaml"},
    owners=[owners.AIR],
    description="National air monitoring stations of the profile, with their city and whether they count "
                "for the city assessment (对照点 do not).",
)
def dim_air_station(profile: CityProfile, warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    frame = pl.DataFrame(
        [{"station_code": s.code, "station_name": s.name, "area_code": s.area, "county_code": s.county,
          "lon": s.lon, "lat": s.lat, "assessment": s.assessment} for s in prof.air_stations],
        schema={"station_code": pl.String, "station_name": pl.String, "area_code": pl.String,
                "county_code": pl.String, "lon": pl.Float64, "lat": pl.Float64, "assessment": pl.Boolean})
    with warehouse.connect() as con:
        replace_rows(con, "mart.dim_air_station", frame, "true")
    return dg.MaterializeResult(metadata={"stations": frame.height,
                                          "assessment_stations": int(frame["assessment"].sum())})


@dg.asset(
    key=["mart", "dim_indicator"],
    group_name="reference",
    kinds={"duckdb", "yaml"},
    owners=[owners.PLAN],
    description="The plan's quantitative targets (指标, 目标值, 目标年, 牵头单位) as the profile states them.",
)
def dim_indicator(profile: CityProfile, warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    frame = pl.DataFrame(
        [{"indicator_id": i.id, "name_zh": i.name_zh, "name_en": i.name_en, "unit": i.unit,
          "comparator": i.comparator, "target": i.target, "target_year": i.target_year,
          "lead_department": i.lead_department, "shared_with": ",".join(i.shared_with), "source": i.source}
         for i in prof.indicators],
        schema={"indicator_id": pl.String, "name_zh": pl.String, "name_en": pl.String, "unit": pl.String,
                "comparator": pl.String, "target": pl.Float64, "target_year": pl.Int32,
                "lead_department": pl.String, "shared_with": pl.String, "source": pl.String})
    with warehouse.connect() as con:
        replace_rows(con, "mart.dim_indicator", frame, "true")
    return dg.MaterializeResult(metadata={"indicators": frame.height})

"""Official city daily values (Tianjin, 2019-01-01 … 09) reproduced from the national hourly files.

The station daily values averaged are the platform's own station 24-h means (the _24h rows at the day's
last hour, which is hour 0 of the next file), over the city's stations except the 对照点. Day 10 is left
out: its last hour is in the file of 2019-01-11, which is not bundled.
"""

import datetime as dt

import polars as pl
import pytest
import yaml

from sources.station_list import profile_from_station_list
from tests.conftest import FEEDS, PROFILE, ROOT, materialize_range, query, write_profile

OFFICIAL = ROOT / "tests" / "data" / "tianjin_aqistudy_daily_20190101-20190110.csv"


@pytest.fixture(scope="module")
def compared(tmp_path_factory) -> pl.DataFrame:
    tmp = tmp_path_factory.mktemp("tianjin")
    doc = profile_from_station_list(yaml.safe_load(PROFILE.read_text(encoding="utf-8")), ["天津"])
    profile = write_profile(tmp / "tianjin.yaml", str(FEEDS), doc=doc)
    warehouse = tmp / "w.duckdb"
    assert materialize_range(profile, warehouse, "2019-01-01", "2019-01-10").success
    ours = pl.DataFrame(
        query(warehouse, "SELECT day, aqi, category, so2, no2, co, pm10, pm2_5, o3_8h_max "
                         "FROM mart.air_city_day WHERE area_code = '天津' ORDER BY day"),
        schema=["day", "aqi", "category", "so2", "no2", "co", "pm10", "pm2_5", "o3_8h_max"], orient="row")
    official = pl.read_csv(OFFICIAL).select(
        pl.col("time_point").str.to_date().alias("day"), "aqi", pl.col("quality").alias("category"),
        "so2", "no2", "co", "pm10", "pm2_5", pl.col("o3").alias("o3_8h_max"))
    return ours.join(official, on="day", suffix="_official").filter(pl.col("day") < dt.date(2019, 1, 10))


def days_differing(frame: pl.DataFrame, column: str) -> list[str]:
    ours, theirs = pl.col(column), pl.col(f"{column}_official")
    if frame.schema[column] == pl.String:
        differ = ours != theirs
    else:  # compare at the reported precision: integers, CO to 0.1
        scale = 10 if column == "co" else 1
        differ = (ours * scale).round(0) != (theirs * scale).round(0)
    return [str(d) for d in frame.filter(differ)["day"]]


def test_nine_days_compared(compared):
    assert compared.height == 9


@pytest.mark.parametrize("column", ["aqi", "category", "pm2_5", "pm10", "no2", "o3_8h_max"])
def test_reproduced_exactly(compared, column):
    assert days_differing(compared, column) == []


def test_known_so2_and_co_differences(compared):
    """Documented, not tolerated: these are the only days that differ, and they never set the AQI.

    SO2 on 01-01: the stations' published 24-h means average 23.57 → 24; the city figure is 23.
    CO: the published city CO differs from ours by 0.1 on six days: the January CO offset of the publication
    (2019-01-01 … 25, in 成都 too; tests/test_tianjin_2019.py), which no computation from the files reproduces.
    """
    assert days_differing(compared, "so2") == ["2019-01-01"]
    assert days_differing(compared, "co") == ["2019-01-01", "2019-01-02", "2019-01-04", "2019-01-05",
                                              "2019-01-07", "2019-01-09"]
    co = compared.filter(pl.col("day").cast(pl.String).is_in(days_differing(compared, "co")))
    assert ((co["co_official"] - co["co"]).abs().round(2) == 0.1).all()

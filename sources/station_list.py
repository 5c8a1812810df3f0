"""Profiles built from the national station list (profiles/stations.csv).

The list (监测点编码, 名称, 城市, 经度, 纬度, 对照点, 省, 地级市; converted to UTF-8 with the
header ``code,name,city,lon,lat,reference_site,province,prefecture``) has no division codes,
so areas built here are keyed by the city name. Indicators and feeds come from a base
profile, so a province or the whole country is assessed against the same catalogue.

    python -m sources.station_list --city 天津 --base profiles/hengyang.yaml > tianjin.yaml
    python -m sources.station_list --all --base profiles/hengyang.yaml > national.yaml
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl
import yaml

STATION_LIST = Path(__file__).resolve().parent.parent / "profiles" / "stations.csv"


def read_station_list(path: str | Path = STATION_LIST) -> pl.DataFrame:
    return pl.read_csv(path, schema_overrides={"code": pl.String, "lon": pl.Float64, "lat": pl.Float64})


def profile_from_station_list(base: dict, cities: list[str] | None = None,
                              path: str | Path = STATION_LIST) -> dict:
    """A profile document: ``base``'s indicators and feeds, with ``cities`` (all when None) as areas."""
    stations = read_station_list(path)
    if cities is not None:
        unknown = sorted(set(cities) - set(stations["city"].to_list()))
        if unknown:
            raise ValueError(f"not in the station list: {', '.join(unknown)}")
        stations = stations.filter(pl.col("city").is_in(cities))
    names = sorted(stations["city"].unique().to_list())
    return {
        "name": f"{'national' if cities is None else ', '.join(names)} (built from the national station list)",
        "timezone": base.get("timezone", "Asia/Shanghai"),
        "areas": [{"code": c, "name": c, "level": "city"} for c in names],
        "air": {
            **{k: v for k, v in (base.get("air") or {}).items() if k != "stations"},
            "stations": [
                {"code": r["code"], "name": r["name"], "area": r["city"], "county": None, "lon": r["lon"],
                 "lat": r["lat"], "assessment": r["reference_site"] != "Y"}
                for r in stations.sort("code").iter_rows(named=True)
            ],
        },
        "feeds": base.get("feeds", {}),
        "indicators": base["indicators"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build a profile from the national station list.")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--city", action="append", help="a city of the list (repeatable)")
    who.add_argument("--all", action="store_true", help="every city of the list")
    parser.add_argument("--base", required=True, help="profile whose indicators and feeds are copied")
    parser.add_argument("--air-url", help="override feeds.air.url")
    args = parser.parse_args(argv)
    with open(args.base, encoding="utf-8") as fh:
        base = yaml.safe_load(fh)
    doc = profile_from_station_list(base, None if args.all else args.city)
    if args.air_url:
        doc["feeds"] = {**doc["feeds"], "air": {"url": args.air_url}}
    yaml.safe_dump(doc, sys.stdout, allow_unicode=True, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Profiles built from the national station list (profiles/stations.csv).

The list (监测点编码, 名称, 城市, 经度, 纬度, 对照点, 省, 地级市; converted to UTF-8 with the
header ``code,name,city,lon,lat,reference_site,province,prefecture``) has no division codes,
so areas built here are keyed by the city name. The air feed, air settings and the air indicators come from a
base profile, so a province or the whole country is assessed against the same catalogue; the feeds that are a
city's own files (water, solid waste, inspections, reports) are left out and reported.

    python -m sources.station_list --city 天津 --base profiles/hengyang.yaml > tianjin.yaml
    python -m sources.station_list --city 衡阳 --peer 长沙 --peer 株洲 --base profiles/hengyang.yaml > hunan.yaml
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


#: Feeds a profile built from the station list keeps: the national air release covers every city. The others
#: (water sections, solid waste, inspections, reports) are a city's own files and are left out, and said so.
NATIONAL_FEEDS = {"air"}


def profile_from_station_list(base: dict, cities: list[str] | None = None, peers: list[str] = (),
                              path: str | Path = STATION_LIST) -> dict:
    """A runnable profile document for ``cities`` (all when None; ``peers`` added as peer cities).

    From ``base`` it takes the time zone, the air settings and feed, and the indicators computed from the air feed
    (their targets and departments are ``base``'s: edit them). Areas are keyed by the city's name, as the station
    list has no GB/T 2260 codes. What it leaves out is in ``left_out(base)``.
    """
    stations = read_station_list(path)
    wanted = None if cities is None else [*cities, *peers]
    if wanted is not None:
        unknown = sorted(set(wanted) - set(stations["city"].to_list()))
        if unknown:
            raise ValueError(f"not in the station list: {', '.join(unknown)}")
        stations = stations.filter(pl.col("city").is_in(wanted))
    names = sorted(stations["city"].unique().to_list())
    assessed = [c for c in names if c not in peers]
    return {
        "name": f"{'national' if cities is None else ', '.join(assessed)} (built from the national station list)",
        "timezone": base.get("timezone", "Asia/Shanghai"),
        "areas": [{"code": c, "name": c, "level": "city", **({"peer": True} if c in peers else {})} for c in names],
        "air": {
            **{k: v for k, v in (base.get("air") or {}).items() if k not in ("stations", "published_city_daily")},
            "stations": [
                {"code": r["code"], "name": r["name"], "area": r["city"], "county": None, "lon": r["lon"],
                 "lat": r["lat"], "assessment": r["reference_site"] != "Y"}
                for r in stations.sort("code").iter_rows(named=True)
            ],
        },
        "feeds": {k: v for k, v in (base.get("feeds") or {}).items() if k in NATIONAL_FEEDS},
        "indicators": [i for i in base["indicators"] if i.get("source") in NATIONAL_FEEDS],
    }


def left_out(base: dict) -> list[str]:
    """What a profile built from ``base`` does not take, one line each (the caller reports them)."""
    feeds = sorted(set(base.get("feeds") or {}) - NATIONAL_FEEDS)
    indicators = [i["id"] for i in base["indicators"] if i.get("source") not in NATIONAL_FEEDS]
    out = [f"feed {f}: the base profile's files are its own city's; add the new city's as feeds.{f}.url"
           for f in feeds]
    if indicators:
        out.append(f"{len(indicators)} indicator(s) without a feed here: {', '.join(indicators)}")
    if (base.get("water") or {}).get("sections"):
        out.append("water sections: the base profile's are its own city's; list the new city's under water:")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build a runnable profile from the national station list.")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--city", action="append", help="a city of the list to assess (repeatable)")
    who.add_argument("--all", action="store_true", help="every city of the list")
    parser.add_argument("--peer", action="append", default=[], help="a city computed and ranked beside them, "
                                                                     "given no targets (repeatable)")
    parser.add_argument("--base", required=True, help="profile whose air settings, air feed and air indicators "
                                                      "are copied")
    parser.add_argument("--air-url", help="override feeds.air.url")
    args = parser.parse_args(argv)
    with open(args.base, encoding="utf-8") as fh:
        base = yaml.safe_load(fh)
    try:
        doc = profile_from_station_list(base, None if args.all else args.city, args.peer)
    except ValueError as exc:
        parser.error(str(exc))
    if args.air_url:
        doc["feeds"] = {**doc["feeds"], "air": {"url": args.air_url}}
    yaml.safe_dump(doc, sys.stdout, allow_unicode=True, sort_keys=False)
    for line in left_out(base):
        print(f"left out: {line}", file=sys.stderr)
    print("area codes are the city names (the station list has no GB/T 2260 codes): replace them if you have "
          "them; targets and lead departments are the base profile's: edit them", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

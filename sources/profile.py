"""The city profile: areas, air stations, feed locations and the plan's indicators.

A profile is data, not code (one YAML file per city, province or the whole
country). It is read with ``yaml.safe_load`` and checked here so a mistake is
reported with the profile's path and the offending key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

COMPARATORS = {">=", "<=", "=", "met"}
SOURCES = {"air", "water", "solid_waste", "inspections", "reports"}


class ProfileError(ValueError):
    """A profile that cannot be used, with the path and key at fault."""


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str  # "city" or "county"
    parent: str | None = None
    name_en: str | None = None


@dataclass(frozen=True)
class AirStation:
    code: str
    name: str
    area: str  # code of the city the station belongs to
    county: str | None
    lon: float | None
    lat: float | None
    assessment: bool  # counts for the city's assessment (False for 对照点)


@dataclass(frozen=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    unit: str
    comparator: str
    target: float | None
    target_year: int
    lead_department: str
    shared_with: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Feed:
    """Where a feed comes from: an http(s) base URL or a local directory.

    For HTTP feeds (which cannot be listed) ``start``/``end`` or ``last_days``
    give the days to load.
    """

    url: str
    start: dt.date | None = None
    end: dt.date | None = None
    last_days: int | None = None

    @property
    def is_http(self) -> bool:
        return self.url.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Profile:
    path: str
    name: str
    timezone: str
    areas: tuple[Area, ...]
    air_stations: tuple[AirStation, ...]
    indicators: tuple[Indicator, ...]
    feeds: dict[str, Feed] = field(default_factory=dict)
    #: Share of a city's reporting assessment stations that must have a GB 3095-valid
    #: daily value (≥ 20 hours in the file) for a city pollutant value to count as valid.
    #: HJ 663 sets none; 0 (the default) follows the official practice of averaging every
    #: reporting station, which is what reproduces the published city figures.
    air_city_min_station_share: float = 0.0

    def area(self, code: str) -> Area:
        return next(a for a in self.areas if a.code == code)

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def feed(self, name: str) -> Feed:
        if name not in self.feeds:
            raise ProfileError(f"{self.path}: feeds.{name}.url is not set")
        return self.feeds[name]


def _require(mapping: dict, key: str, where: str, path: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping or mapping[key] in (None, ""):
        raise ProfileError(f"{path}: {where}.{key} is required")
    return mapping[key]


def _date(value: Any, where: str, path: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ProfileError(f"{path}: {where} must be a date YYYY-MM-DD, got {value!r}") from None


def parse_profile(doc: Any, path: str) -> Profile:
    """Check a loaded YAML document and build a :class:`Profile`."""
    if not isinstance(doc, dict):
        raise ProfileError(f"{path}: a profile is a YAML mapping, got {type(doc).__name__}")

    areas = []
    for i, raw in enumerate(_require(doc, "areas", "", path)):
        where = f"areas[{i}]"
        level = _require(raw, "level", where, path)
        if level not in ("city", "county"):
            raise ProfileError(f"{path}: {where}.level must be city or county, got {level!r}")
        areas.append(Area(code=str(_require(raw, "code", where, path)), name=_require(raw, "name", where, path),
                          level=level, parent=None if raw.get("parent") is None else str(raw["parent"]),
                          name_en=raw.get("name_en")))
    codes = [a.code for a in areas]
    if len(set(codes)) != len(codes):
        raise ProfileError(f"{path}: areas: duplicate area codes {sorted({c for c in codes if codes.count(c) > 1})}")
    for a in areas:
        if a.parent is not None and a.parent not in codes:
            raise ProfileError(f"{path}: area {a.code}: parent {a.parent!r} is not an area of the profile")

    stations = []
    for i, raw in enumerate((doc.get("air") or {}).get("stations") or []):
        where = f"air.stations[{i}]"
        area = str(_require(raw, "area", where, path))
        if area not in codes:
            raise ProfileError(f"{path}: {where}.area {area!r} is not an area of the profile")
        county = raw.get("county")
        if county is not None and str(county) not in codes:
            raise ProfileError(f"{path}: {where}.county {county!r} is not an area of the profile")
        assessment = raw.get("assessment", True)
        if not isinstance(assessment, bool):
            raise ProfileError(f"{path}: {where}.assessment must be true or false")
        stations.append(AirStation(
            code=str(_require(raw, "code", where, path)), name=str(raw.get("name") or ""), area=area,
            county=None if county is None else str(county),
            lon=None if raw.get("lon") is None else float(raw["lon"]),
            lat=None if raw.get("lat") is None else float(raw["lat"]), assessment=assessment))
    station_codes = [s.code for s in stations]
    if len(set(station_codes)) != len(station_codes):
        raise ProfileError(f"{path}: air.stations: duplicate station codes")

    indicators = []
    for i, raw in enumerate(_require(doc, "indicators", "", path)):
        where = f"indicators[{i}]"
        comparator = _require(raw, "comparator", where, path)
        if comparator not in COMPARATORS:
            raise ProfileError(f"{path}: {where}.comparator must be one of {sorted(COMPARATORS)}, got {comparator!r}")
        target = raw.get("target")
        if comparator != "met" and not isinstance(target, int | float):
            raise ProfileError(f"{path}: {where}.target must be a number for comparator {comparator!r}")
        source = _require(raw, "source", where, path)
        if source not in SOURCES:
            raise ProfileError(f"{path}: {where}.source must be one of {sorted(SOURCES)}, got {source!r}")
        indicators.append(Indicator(
            id=_require(raw, "id", where, path), name_zh=_require(raw, "name_zh", where, path),
            name_en=_require(raw, "name_en", where, path), unit=str(_require(raw, "unit", where, path)),
            comparator=comparator, target=None if target is None else float(target),
            target_year=int(_require(raw, "target_year", where, path)),
            lead_department=_require(raw, "lead_department", where, path),
            shared_with=tuple(raw.get("shared_with") or ()), source=source))
    ids = [i.id for i in indicators]
    if len(set(ids)) != len(ids):
        raise ProfileError(f"{path}: indicators: duplicate ids")

    feeds = {}
    for name, raw in (doc.get("feeds") or {}).items():
        where = f"feeds.{name}"
        url = str(_require(raw, "url", where, path))
        last_days = raw.get("last_days")
        if last_days is not None and (not isinstance(last_days, int) or last_days < 1):
            raise ProfileError(f"{path}: {where}.last_days must be a positive integer")
        feeds[name] = Feed(url=url, start=_date(raw.get("start"), f"{where}.start", path),
                           end=_date(raw.get("end"), f"{where}.end", path), last_days=last_days)

    share = (doc.get("air") or {}).get("city_min_station_share", 0.0)
    if not isinstance(share, int | float) or not 0 <= share <= 1:
        raise ProfileError(f"{path}: air.city_min_station_share must be a number from 0 to 1, got {share!r}")

    return Profile(path=path, name=str(doc.get("name") or Path(path).stem), air_city_min_station_share=float(share),
                   timezone=str(doc.get("timezone") or "Asia/Shanghai"), areas=tuple(areas),
                   air_stations=tuple(stations), indicators=tuple(indicators), feeds=feeds)


def load_profile(path: str | Path) -> Profile:
    """Read and check a profile file (safe YAML loading only)."""
    path = str(path)
    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
    except FileNotFoundError:
        raise ProfileError(f"{path}: profile file not found (set QW_PROFILE to a profile YAML)") from None
    except yaml.YAMLError as exc:
        raise ProfileError(f"{path}: not valid YAML: {exc}") from None
    return parse_profile(doc, path)

"""Shared fixtures: bundled feed files, profile copies, and running the real assets."""

import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml

from pipelines.definitions import all_assets, all_checks
from pipelines.resources import CityProfile
from warehouse.resource import Warehouse

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
FEEDS = ROOT / "feeds" / "air"
PROFILE = ROOT / "profiles" / "hengyang.yaml"


def without_peers(doc: dict) -> dict:
    """A profile document with its peer cities (and their stations) left out: 衡阳 alone, as most tests need."""
    peers = {a["code"] for a in doc["areas"] if a.get("peer")}
    air = doc.get("air") or {}
    return {**doc, "areas": [a for a in doc["areas"] if a["code"] not in peers],
            "air": {**air, "stations": [s for s in air.get("stations") or [] if s["area"] not in peers]}}


def write_profile(path: Path, air_url: str, base: Path = PROFILE, doc: dict | None = None) -> Path:
    """A copy of a profile whose air feed points at ``air_url`` (without the peer cities unless ``doc`` is given)."""
    if doc is None:
        doc = without_peers(yaml.safe_load(base.read_text(encoding="utf-8")))
    doc["feeds"] = {**doc.get("feeds", {}), "air": {"url": air_url}}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def copy_days(target: Path, days: list[str]) -> Path:
    """Copy bundled files (days as YYYYMMDD) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for day in days:
        shutil.copy(FEEDS / f"china_sites_{day}.csv", target / f"china_sites_{day}.csv")
    return target


#: What the air job materialises (pipelines/jobs.py): the air assets and the shared tables.
AIR_SELECTION = dg.AssetSelection.groups("air", "reference", "attainment", "serving")


def materialize_range(profile: Path, warehouse: Path, start: str, end: str, raise_on_error: bool = True,
                      selection=AIR_SELECTION) -> dg.ExecuteInProcessResult:
    """Materialise the real assets of one feed over a partition range in one run, as a backfill does."""
    return dg.materialize(
        [*all_assets, *all_checks],
        selection=selection,
        resources={"profile": CityProfile(path=str(profile)), "warehouse": Warehouse(path=str(warehouse))},
        tags={"dagster/asset_partition_range_start": start, "dagster/asset_partition_range_end": end},
        raise_on_error=raise_on_error,
    )


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture
def hengyang_profile(tmp_path: Path) -> Path:
    return write_profile(tmp_path / "profile.yaml", str(FEEDS))

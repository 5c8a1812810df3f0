"""Resources, configured from the environment with ``EnvVar`` at launch."""

from __future__ import annotations

from functools import cache

import dagster as dg
from pydantic import Field

from sources.profile import Profile, load_profile
from warehouse.resource import Warehouse


@cache
def _load(path: str) -> Profile:
    return load_profile(path)


class CityProfile(dg.ConfigurableResource):
    """The city profile (QW_PROFILE): areas, stations, feeds and the plan's indicators."""

    path: str = Field(description="Path of the profile YAML.")

    def load(self) -> Profile:
        return _load(self.path)


def resources() -> dict:
    """The resources of the code location; values are read from the environment at launch."""
    return {
        "profile": CityProfile(path=dg.EnvVar("QW_PROFILE")),
        "warehouse": Warehouse(path=dg.EnvVar("QW_WAREHOUSE")),
    }

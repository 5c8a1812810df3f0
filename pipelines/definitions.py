"""The one Definitions object of the code location (loaded by workspace.yaml)."""

import dagster as dg

from assets import attainment, reference, serving
from assets.air import marts as air_marts
from assets.air import raw as air_raw
from assets.air import staging as air_staging
from pipelines.jobs import air_job, air_nightly
from pipelines.resources import resources

all_assets = dg.load_assets_from_modules([reference, air_raw, air_staging, air_marts, attainment, serving])

defs = dg.Definitions(
    assets=all_assets,
    jobs=[air_job],
    schedules=[air_nightly],
    resources=resources(),
)

"""The one Definitions object of the code location (loaded by workspace.yaml)."""

import gc

import dagster as dg

from assets import attainment, reference, serving
from assets.air import marts as air_marts
from assets.air import raw as air_raw
from assets.air import staging as air_staging
from assets.inspections import marts as inspections_marts
from assets.inspections import raw as inspections_raw
from assets.inspections import staging as inspections_staging
from assets.reports import marts as reports_marts
from assets.reports import raw as reports_raw
from assets.reports import staging as reports_staging
from assets.solid_waste import marts as solid_waste_marts
from assets.solid_waste import raw as solid_waste_raw
from assets.solid_waste import staging as solid_waste_staging
from assets.water import marts as water_marts
from assets.water import raw as water_raw
from assets.water import staging as water_staging
from pipelines.jobs import (
    air_job,
    air_nightly,
    inspections_job,
    inspections_monthly,
    reports_job,
    reports_yearly,
    solid_waste_job,
    solid_waste_yearly,
    water_auto_daily,
    water_auto_job,
    water_manual_job,
    water_manual_monthly,
)
from pipelines.resources import resources
from warehouse.resource import table_metadata

all_assets = dg.load_assets_from_modules([reference, air_raw, air_staging, air_marts, attainment, serving])
all_assets += dg.load_assets_from_modules([solid_waste_raw, solid_waste_staging, solid_waste_marts])
all_assets += dg.load_assets_from_modules([inspections_raw, inspections_staging, inspections_marts])
all_assets += dg.load_assets_from_modules([reports_raw, reports_staging, reports_marts])
all_assets += dg.load_assets_from_modules([water_raw, water_staging, water_marts])
# Each asset that is a warehouse table shows its table name and its columns (types, comments) in the UI.
_TABLES = table_metadata()
all_assets = dg.map_asset_specs(
    lambda spec: spec.merge_attributes(metadata=_TABLES.get(tuple(spec.key.path), {})), all_assets)
#: Checks defined beside their assets as functions of their own (the rest come back with their asset).
all_checks = dg.load_asset_checks_from_modules([air_marts, attainment])

defs = dg.Definitions(
    assets=all_assets,
    asset_checks=all_checks,
    jobs=[air_job, solid_waste_job, inspections_job, reports_job, water_auto_job, water_manual_job],
    schedules=[air_nightly, solid_waste_yearly, inspections_monthly, reports_yearly, water_auto_daily,
               water_manual_monthly],
    resources=resources(),
    # One DuckDB writer: runs launched from the asset graph (not through a job) also run their steps in one
    # process, in order, on the run's one connection.
    executor=dg.in_process_executor,
)

# What the code location has built so far (Dagster, the definitions, the libraries' modules) lives as long as the
# process. Frozen, Python's full garbage collections stop walking it again and again: a nightly run made 8 of
# them, ≈ 1 s of CPU. New objects are collected as before.
gc.freeze()

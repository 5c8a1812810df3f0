"""Dagster assets by feed and layer: raw → staging → marts → attainment, checks beside their assets."""

import warnings

import dagster as dg

# Every partitioned asset loads a range in one run (BackfillPolicy.single_run()); Dagster marks that parameter
# beta and warns once per asset at import (23 blocks on `make ui`). This one warning, nothing else, is silenced.
warnings.filterwarnings("ignore", message=r"Parameter `backfill_policy` of function `asset` is currently in beta",
                        category=dg.BetaWarning)

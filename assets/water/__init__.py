"""The water feeds: automatic stations (daily) and manual monthly monitoring → raw → staging → GB 3838 marts.

The asset keys of each path, so the jobs (pipelines/jobs.py) select them; all are in group "water".
"""

import dagster as dg

#: Daily: the automatic-station export.
AUTO_KEYS = [dg.AssetKey(["raw", "water_auto"]), dg.AssetKey(["staging", "water_auto"]),
             dg.AssetKey(["mart", "water_auto_sample"])]
#: Monthly: the manual monitoring files.
MANUAL_KEYS = [dg.AssetKey(["raw", "water_manual"]), dg.AssetKey(["staging", "water_manual"]),
               dg.AssetKey(["mart", "water_manual_sample"])]
#: Unpartitioned, recomputed by either job: sections, section-month and -year classes, area shares.
COMMON_KEYS = [dg.AssetKey(["mart", "dim_water_section"]), dg.AssetKey(["mart", "water_section_month"]),
               dg.AssetKey(["mart", "water_section_year"]), dg.AssetKey(["mart", "water_area_period"])]

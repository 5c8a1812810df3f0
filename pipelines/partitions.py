"""Partitions: daily files (air, automatic water stations), monthly files, yearly statistics and reports.

They start at ``QW_PARTITIONS_START`` (YYYY-MM-DD, default 2018-01-01: the first data of the bundled profile), so
the UI's partition coverage counts from where the profile's data begin, not from the national release's first day
(2014-05-13). Set it, like QW_PROFILE, in the environment `make`, `dagster dev` and the daemon run with; a
partition before it cannot be loaded (pipelines.run refuses such a file by name).
"""

import datetime as dt
import os

import dagster as dg

# Read once when the code location loads: partitions are part of the definitions, not of a run's config.
START = dt.date.fromisoformat(os.environ.get("QW_PARTITIONS_START") or "2018-01-01")

#: One partition per day, in China's time zone (every profile in China uses Asia/Shanghai).
daily = dg.DailyPartitionsDefinition(start_date=START.isoformat(), timezone="Asia/Shanghai")

#: Annual statistics (solid waste) and the departments' annual reports: one partition per calendar year,
#: key "YYYY". Dagster 1.13 has no YearlyPartitionsDefinition, so a time window on 1 January at 00:00.
yearly = dg.TimeWindowPartitionsDefinition(cron_schedule="0 0 1 1 *", fmt="%Y", start=str(START.year),
                                           timezone="Asia/Shanghai")

#: Monthly result files (inspections, manual water monitoring): one partition per month, key "YYYY-MM-01".
monthly = dg.MonthlyPartitionsDefinition(start_date=START.replace(day=1).isoformat(), timezone="Asia/Shanghai")

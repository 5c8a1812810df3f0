"""Partitions: the air feed publishes one file per day, in China's time zone."""

import dagster as dg

#: The national hourly release starts in 2014; every profile in China uses Asia/Shanghai.
daily = dg.DailyPartitionsDefinition(start_date="2014-05-13", timezone="Asia/Shanghai")

#: Annual statistics (solid waste) and the departments' annual reports: one partition per calendar year,
#: key "YYYY". Dagster 1.13 has no YearlyPartitionsDefinition, so a time window on 1 January at 00:00.
yearly = dg.TimeWindowPartitionsDefinition(cron_schedule="0 0 1 1 *", fmt="%Y", start="2015",
                                           timezone="Asia/Shanghai")

#: Monthly result files (inspections): one partition per calendar month, key "YYYY-MM-01".
monthly = dg.MonthlyPartitionsDefinition(start_date="2015-01-01", timezone="Asia/Shanghai")

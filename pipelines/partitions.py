"""Partitions: the air feed publishes one file per day, in China's time zone."""

import dagster as dg

#: The national hourly release starts in 2014; every profile in China uses Asia/Shanghai.
daily = dg.DailyPartitionsDefinition(start_date="2014-05-13", timezone="Asia/Shanghai")

"""Jobs and schedules: the nightly load and the job a backfill or `make run` launches."""


import datetime as dt

import dagster as dg

from pipelines.partitions import daily

#: Runs that write the warehouse carry this tag; the run queue lets one of them run at a time
#: (DuckDB allows one writing process), see .dagster/dagster.yaml.
WRITER_TAGS = {"warehouse": "writer"}

warehouse_job = dg.define_asset_job(
    "warehouse_job",
    selection=dg.AssetSelection.all(),
    partitions_def=daily,
    executor_def=dg.in_process_executor,  # one process, one DuckDB writer, steps in order
    tags=WRITER_TAGS,
    description="Every asset: load the feed days of the partition range (raw → staging, validated), "
                "recompute the marts of those days, then the yearly tables and the attainment table.",
)


def nightly_range(scheduled: dt.datetime) -> tuple[str, str]:
    """Partition range of the nightly run at ``scheduled`` (local time): the two days before.

    Yesterday's file brings the last hour (hour 0) of the day before yesterday, which is only then
    complete; yesterday itself is recomputed the next night when today's file brings its last hour.
    """
    yesterday = scheduled.date() - dt.timedelta(days=1)
    return str(yesterday - dt.timedelta(days=1)), str(yesterday)


@dg.schedule(cron_schedule="0 2 * * *", execution_timezone="Asia/Shanghai", job=warehouse_job,
             description="Nightly at 02:00 Asia/Shanghai: loads yesterday's files and refreshes what "
                         "depends on them (the day before yesterday becomes complete).")
def nightly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    start, end = nightly_range(context.scheduled_execution_time)
    return dg.RunRequest(
        run_key=f"nightly-{end}",
        tags={"dagster/asset_partition_range_start": start, "dagster/asset_partition_range_end": end,
              **WRITER_TAGS},
    )

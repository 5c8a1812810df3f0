"""Jobs and schedules: the nightly load and the job a backfill or `make run` launches."""


import datetime as dt

import dagster as dg

from pipelines.partitions import daily

#: Runs that write the warehouse carry this tag; the run queue lets one of them run at a time
#: (DuckDB allows one writing process), see .dagster/dagster.yaml.
WRITER_TAGS = {"warehouse": "writer"}

#: Assets every feed's job refreshes after its own: reference tables, attainment, the BI snapshot.
SHARED = dg.AssetSelection.groups("reference", "attainment", "serving")


def feed_job(name: str, group: str, partitions_def: dg.PartitionsDefinition, description: str):
    """One job per feed: its assets (one partitions definition) plus the shared tables.

    Feeds arrive independently, so each loads its own partitions; the in-process
    executor keeps one DuckDB writer and runs steps in dependency order.
    """
    return dg.define_asset_job(
        name,
        selection=dg.AssetSelection.groups(group) | SHARED,
        partitions_def=partitions_def,
        executor_def=dg.in_process_executor,
        tags=WRITER_TAGS,
        description=description,
    )


air_job = feed_job(
    "air_job", "air", daily,
    "The air feed over a range of days (one run, a single-run backfill): files → raw → staging "
    "(validated) → station-hour, station-day and city-day AQI → city month and year → attainment.")


def nightly_range(scheduled: dt.datetime) -> tuple[str, str]:
    """Partition range of the nightly run at ``scheduled`` (local time): the two days before.

    Yesterday's file brings the last hour (hour 0) of the day before yesterday, which is only then
    complete; yesterday itself is recomputed the next night when today's file brings its last hour.
    """
    yesterday = scheduled.date() - dt.timedelta(days=1)
    return str(yesterday - dt.timedelta(days=1)), str(yesterday)


@dg.schedule(cron_schedule="0 2 * * *", execution_timezone="Asia/Shanghai", job=air_job,
             description="Nightly at 02:00 Asia/Shanghai: loads yesterday's files and refreshes what "
                         "depends on them (the day before yesterday becomes complete).")
def air_nightly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    start, end = nightly_range(context.scheduled_execution_time)
    return dg.RunRequest(
        run_key=f"nightly-{end}",
        tags={"dagster/asset_partition_range_start": start, "dagster/asset_partition_range_end": end,
              **WRITER_TAGS},
    )

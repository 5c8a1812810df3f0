"""Jobs and schedules: the nightly load and the job a backfill or `make run` launches."""


import datetime as dt

import dagster as dg

from assets.water import AUTO_KEYS as WATER_AUTO_KEYS
from assets.water import COMMON_KEYS as WATER_COMMON_KEYS
from assets.water import MANUAL_KEYS as WATER_MANUAL_KEYS

#: Runs that write the warehouse carry this tag; the run queue lets one of them run at a time
#: (DuckDB allows one writing process), see .dagster/dagster.yaml.
WRITER_TAGS = {"warehouse": "writer"}

#: Assets every feed's job refreshes after its own: reference tables, attainment, the BI snapshot.
SHARED = dg.AssetSelection.groups("reference", "attainment", "serving")


def feed_job(name: str, group: str, description: str, selection: dg.AssetSelection | None = None):
    """One job per feed: its assets (one partitions definition, which the job takes from them) plus the shared
    tables.

    Feeds arrive independently, so each loads its own partitions; the in-process
    executor keeps one DuckDB writer and runs steps in dependency order. ``selection``
    replaces the group when a group holds feeds of two partitions definitions (water).
    """
    return dg.define_asset_job(
        name,
        selection=(dg.AssetSelection.groups(group) if selection is None else selection) | SHARED,
        executor_def=dg.in_process_executor,
        tags=WRITER_TAGS,
        description=description,
    )


air_job = feed_job(
    "air_job", "air",
    "The air feed over a range of days (one run, a single-run backfill): files → raw → staging "
    "(validated) → station-hour, station-day and city-day AQI → city month and year → attainment.")


def nightly_range(scheduled: dt.datetime) -> tuple[str, str]:
    """Partition range of the nightly run at ``scheduled`` (local time): the two days before.

    Yesterday's file brings the last hour (hour 0) of the day before yesterday, which is only then
    complete; yesterday itself is recomputed the next night when today's file brings its last hour.
    """
    yesterday = scheduled.date() - dt.timedelta(days=1)
    return str(yesterday - dt.timedelta(days=1)), str(yesterday)


#: The nightly load tries at 02:00 and, while it has not succeeded (e.g. a file not yet published: 404), again at
#: 06:00 and 10:00; the last failure names the missing day.
NIGHTLY_TAG = "air_nightly"


@dg.schedule(cron_schedule="0 2,6,10 * * *", execution_timezone="Asia/Shanghai", job=air_job,
             description="Nightly at 02:00 Asia/Shanghai (again at 06:00 and 10:00 until it succeeds): loads "
                         "yesterday's files and refreshes what depends on them (the day before yesterday becomes "
                         "complete).")
def air_nightly(context: dg.ScheduleEvaluationContext):
    start, end = nightly_range(context.scheduled_execution_time)
    done = context.instance.get_runs(
        filters=dg.RunsFilter(tags={NIGHTLY_TAG: end}, statuses=[dg.DagsterRunStatus.SUCCESS]), limit=1)
    if done:
        return dg.SkipReason(f"the nightly load for {start} … {end} already succeeded")
    return dg.RunRequest(
        run_key=f"nightly-{end}-{context.scheduled_execution_time:%H}",
        tags={"dagster/asset_partition_range_start": start, "dagster/asset_partition_range_end": end,
              NIGHTLY_TAG: end, **WRITER_TAGS},
    )


# ── solid waste (annual enterprise statistics) ────────────────────────────────────────────────────────────
solid_waste_job = feed_job(
    "solid_waste_job", "solid_waste",
    "The solid-waste feed over a range of statistical years (one run): solid_waste_YYYY.csv/.xlsx → raw → "
    "staging (validated) → mass balance (WARN check) → utilisation rate per city and county → attainment.")


@dg.schedule(cron_schedule="0 3 1 6 *", execution_timezone="Asia/Shanghai", job=solid_waste_job,
             description="Each 1 June at 03:00 Asia/Shanghai: loads the previous year's enterprise statistics "
                         "(the annual environmental statistics are closed in spring).")
def solid_waste_yearly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    year = str(context.scheduled_execution_time.year - 1)
    return dg.RunRequest(run_key=f"solid-waste-{year}", partition_key=year, tags=WRITER_TAGS)


# ── water (automatic stations daily, manual monitoring monthly; one group "water") ─────────────────────────
water_auto_job = feed_job(
    "water_auto_job", "water",
    "The automatic-station water feed over a range of days (one run): water_auto_YYYYMMDD.csv/.xlsx → raw → "
    "staging (validated) → class per reading, reconciled with the published 水质类别 → section month/year → "
    "area shares → attainment.",
    selection=dg.AssetSelection.assets(*WATER_AUTO_KEYS, *WATER_COMMON_KEYS))

water_manual_job = feed_job(
    "water_manual_job", "water",
    "The manual monthly water feed over a range of months (one run): water_sections_YYYYMM.csv → raw → "
    "staging (validated) → class per sample → section month/year → area shares → attainment.",
    selection=dg.AssetSelection.assets(*WATER_MANUAL_KEYS, *WATER_COMMON_KEYS))


@dg.schedule(cron_schedule="30 2 * * *", execution_timezone="Asia/Shanghai", job=water_auto_job,
             description="Daily at 02:30 Asia/Shanghai: loads yesterday's automatic-station export.")
def water_auto_daily(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    day = str(context.scheduled_execution_time.date() - dt.timedelta(days=1))
    return dg.RunRequest(run_key=f"water-auto-{day}", partition_key=day, tags=WRITER_TAGS)


@dg.schedule(cron_schedule="0 3 5 * *", execution_timezone="Asia/Shanghai", job=water_manual_job,
             description="On the 5th of each month at 03:00 Asia/Shanghai: loads the previous month's manual "
                         "monitoring file.")
def water_manual_monthly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    first = context.scheduled_execution_time.date().replace(day=1)
    month = str((first - dt.timedelta(days=1)).replace(day=1))
    return dg.RunRequest(run_key=f"water-manual-{month[:7]}", partition_key=month, tags=WRITER_TAGS)


# ── inspections (monthly result files) ────────────────────────────────────────────────────────────────────
inspections_job = feed_job(
    "inspections_job", "inspections",
    "The inspection feed over a range of months (one run): inspections_YYYYMM.csv → raw → staging (validated) → "
    "pass rates per programme, city and county, month and year → most frequent failed items → attainment.")


@dg.schedule(cron_schedule="0 4 5 * *", execution_timezone="Asia/Shanghai", job=inspections_job,
             description="On the 5th of each month at 04:00 Asia/Shanghai: loads the previous month's results.")
def inspections_monthly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    first = context.scheduled_execution_time.date().replace(day=1)
    month = str((first - dt.timedelta(days=1)).replace(day=1))
    return dg.RunRequest(run_key=f"inspections-{month[:7]}", partition_key=month, tags=WRITER_TAGS)


# ── departmental reports (one file per year) ──────────────────────────────────────────────────────────────
reports_job = feed_job(
    "reports_job", "reports",
    "The departmental reports over a range of report years (one run): reports_YYYY.csv/.xlsx → raw → staging "
    "(validated) → reported values and per-pollutant reductions → attainment (computed values win, "
    "differences shown).")


@dg.schedule(cron_schedule="0 3 1 4 *", execution_timezone="Asia/Shanghai", job=reports_job,
             description="Each 1 April at 03:00 Asia/Shanghai: loads the previous year's departmental reports "
                         "(due by the end of the first quarter).")
def reports_yearly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    year = str(context.scheduled_execution_time.year - 1)
    return dg.RunRequest(run_key=f"reports-{year}", partition_key=year, tags=WRITER_TAGS)

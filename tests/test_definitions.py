"""The code location loads; its assets, checks, jobs and schedules are the ones we ship."""

import datetime as dt

import dagster as dg

from pipelines.definitions import defs
from pipelines.jobs import NIGHTLY_TAG, air_nightly, nightly_range

AIR_ASSETS = {"raw/air_file", "staging/air_hourly", "mart/air_station_hour", "mart/air_station_day",
              "mart/air_city_day", "mart/air_city_month", "mart/air_city_year"}


def test_definitions_load_with_every_asset_described_grouped_and_owned():
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert AIR_ASSETS | {"mart/target_attainment", "mart/dim_area", "mart/dim_air_station",
                         "mart/dim_indicator"} <= keys
    for spec in defs.resolve_all_asset_specs():
        assert spec.description, spec.key
        assert spec.group_name and spec.group_name != "default", spec.key
        assert spec.owners, spec.key
        assert spec.kinds, spec.key


def test_checks_sit_beside_their_assets():
    checks = {(k.asset_key.to_user_string(), k.name) for k in defs.resolve_asset_graph().asset_check_keys}
    assert ("staging/air_hourly", "gx_air_hourly") in checks
    assert ("mart/air_station_hour", "published_aqi_agreement") in checks


def test_air_job_and_nightly_schedule():
    job = defs.resolve_job_def("air_job")
    assert job.partitions_def is not None
    schedule = defs.resolve_schedule_def("air_nightly")
    assert schedule.cron_schedule == "0 2,6,10 * * *"
    assert schedule.execution_timezone == "Asia/Shanghai"


def test_nightly_loads_the_two_days_before_and_tries_again_until_it_succeeds(tmp_path):
    assert nightly_range(dt.datetime(2019, 1, 11, 2, 0)) == ("2019-01-09", "2019-01-10")
    with dg.DagsterInstance.local_temp(tempdir=str(tmp_path)) as instance:
        context = dg.build_schedule_context(instance=instance,
                                            scheduled_execution_time=dt.datetime(2019, 1, 11, 2, 0))
        request = air_nightly(context)
        assert request.tags["dagster/asset_partition_range_start"] == "2019-01-09"
        assert request.tags["dagster/asset_partition_range_end"] == "2019-01-10"

        @dg.op
        def noop() -> None:
            pass

        @dg.job
        def stand_in() -> None:
            noop()

        # with no successful load yet, 06:00 tries again (its own run key); after a success it skips
        later = dg.build_schedule_context(instance=instance, scheduled_execution_time=dt.datetime(2019, 1, 11, 6, 0))
        assert isinstance(air_nightly(later), dg.RunRequest)
        assert air_nightly(later).run_key != request.run_key
        stand_in.execute_in_process(instance=instance, tags={NIGHTLY_TAG: "2019-01-10"})
        assert isinstance(air_nightly(later), dg.SkipReason)


def test_every_run_has_one_writer_process():
    """Runs launched from the asset graph (the implicit asset job) execute in one process, like the jobs."""
    assert defs.resolve_implicit_global_asset_job_def().executor_def is dg.in_process_executor
    assert defs.resolve_job_def("air_job").executor_def is dg.in_process_executor

"""How many ASSET_MATERIALIZATION_PLANNED events Dagster writes when it creates a run over a partition range the way
the UI, a schedule and ``make run`` create it (``DagsterInstance.create_run_for_job``), per asset.

    .venv/bin/python -m bench.planned_events --days 365

Two jobs of one daily-partitioned asset and one unpartitioned asset downstream, differing only in which asset's
step key sorts last. Dagster 1.13 (``instance/runs/run_domain.py``, ``create_run``) takes the run's partitions
definition from the *last* asset output of the execution plan snapshot, whose steps are sorted by key; when that
asset is partitioned the run stores its time-window subset, and ``DagsterRun.get_resolved_partitions_subset_for_events``
then returns that subset for every asset, so the unpartitioned asset is planned once per partition as well. In
``air_job`` the last step is ``staging__air_hourly``: its 8 unpartitioned assets get 365 planned events each on the
bundled year (bench/README.md, "What is left"). Each planned event is a write (SQLite commits on a ``DAGSTER_HOME``
instance).
"""

import argparse
import datetime as dt
import tempfile
import time
import warnings
from collections import Counter

import dagster as dg


def planned_events(days: int, partitioned_name: str, unpartitioned_name: str) -> tuple[float, Counter]:
    start = dt.date(2019, 1, 1)
    daily = dg.DailyPartitionsDefinition(start_date=str(start))

    @dg.asset(name=partitioned_name, partitions_def=daily, backfill_policy=dg.BackfillPolicy.single_run())
    def partitioned() -> None:
        return None

    @dg.asset(name=unpartitioned_name, deps=[partitioned])
    def unpartitioned() -> None:
        return None

    job = dg.define_asset_job("job", selection=[partitioned, unpartitioned], partitions_def=daily)
    defs = dg.Definitions(assets=[partitioned, unpartitioned], jobs=[job])
    with tempfile.TemporaryDirectory() as home, dg.instance_for_test(temp_dir=home) as instance:
        t0 = time.perf_counter()
        run = instance.create_run_for_job(defs.resolve_job_def("job"), tags={
            "dagster/asset_partition_range_start": str(start),
            "dagster/asset_partition_range_end": str(start + dt.timedelta(days=days - 1))})
        seconds = time.perf_counter() - t0
        return seconds, Counter(
            event.dagster_event.asset_key.to_user_string() for event in instance.all_logs(run.run_id)
            if event.dagster_event and event.dagster_event.event_type_value == "ASSET_MATERIALIZATION_PLANNED")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    for partitioned, unpartitioned in (("a_partitioned", "b_unpartitioned"), ("b_partitioned", "a_unpartitioned")):
        seconds, planned = planned_events(args.days, partitioned, unpartitioned)
        print(f"last step {max(partitioned, unpartitioned)}: run over {args.days} daily partitions created in "
              f"{seconds:.2f} s (SQLite instance); planned events "
              + ", ".join(f"{key} {n}" for key, n in sorted(planned.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

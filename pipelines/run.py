"""`make run`: materialise every asset over the profile's feed days, then print the attainment table.

    python -m pipelines.run                       # every day the air feed has (directory) or the
                                                  # profile's date range (HTTP feed)
    python -m pipelines.run --start 2019-01-01 --end 2019-01-05

Days are loaded as one run per contiguous range (a single-run backfill), recorded in the
Dagster instance (DAGSTER_HOME) so the runs show in `make ui`.
"""

import argparse
import datetime as dt
import os
import sys
import warnings
from collections.abc import Callable

import dagster as dg
import duckdb

from sources import inspections, reports, solid_waste
from sources.air import local_days
from sources.profile import Feed, Profile, ProfileError, load_profile
from sources.water import local_auto_days, local_manual_months


def feed_days(feed: Feed, today: dt.date, listing=local_days, name: str = "air") -> list[dt.date]:
    """The partitions to load: every file of a local directory, or the profile's range for HTTP."""
    if not feed.is_http:
        if not os.path.isdir(feed.url):
            raise ProfileError(f"feeds.{name}.url: {feed.url} is not a directory")
        return listing(feed.url)
    if feed.last_days:
        return [today - dt.timedelta(days=n) for n in range(feed.last_days, 0, -1)]
    if feed.start and feed.end:
        return [feed.start + dt.timedelta(days=n) for n in range((feed.end - feed.start).days + 1)]
    raise ProfileError(f"feeds.{name}: an HTTP feed needs start and end dates, or last_days")


def key_ranges(keys: list[str], all_keys: list[str]) -> list[tuple[str, str]]:
    """[(first, last), …] covering ``keys`` with no gap inside a range, in the order of ``all_keys``."""
    position = {key: i for i, key in enumerate(all_keys)}
    unknown = sorted(set(keys) - set(position))
    if unknown:
        raise ProfileError(f"outside the partitions of the job: {', '.join(unknown[:5])}")
    ranges: list[tuple[str, str]] = []
    for key in sorted(set(keys), key=position.__getitem__):
        if ranges and position[key] == position[ranges[-1][1]] + 1:
            ranges[-1] = (ranges[-1][0], key)
        else:
            ranges.append((key, key))
    return ranges


def air_keys(profile: Profile, today: dt.date) -> list[str]:
    return [str(day) for day in feed_days(profile.feed("air"), today, local_days, "air")]


def water_auto_keys(profile: Profile, today: dt.date) -> list[str]:
    """Days of the automatic-station files (water_auto_YYYYMMDD.csv/.xlsx), or the profile's range."""
    return [str(day) for day in feed_days(profile.feed("water_auto"), today, local_auto_days, "water_auto")]


def water_manual_keys(profile: Profile, today: dt.date) -> list[str]:
    """Months (YYYY-MM-01) of the manual files (water_sections_YYYYMM.csv), or of the profile's range."""
    days = feed_days(profile.feed("water_manual"), today, local_manual_months, "water_manual")
    return sorted({str(day.replace(day=1)) for day in days})


#: What `make run` loads: per feed, its job and the partition keys the feed has. A feed the
#: profile does not configure is skipped.
FEED_RUNS: list[tuple[str, str, Callable[[Profile, dt.date], list[str]]]] = [
    ("air", "air_job", air_keys),
    ("water_auto", "water_auto_job", water_auto_keys),
    ("water_manual", "water_manual_job", water_manual_keys),
    ("solid_waste", "solid_waste_job", solid_waste.partition_keys),
    ("inspections", "inspections_job", inspections.partition_keys),
    ("reports", "reports_job", reports.partition_keys),
]


def print_attainment(path: str) -> None:
    """Each indicator for each city: its latest period with a value (or no_data), status and trend."""
    con = duckdb.connect(path, read_only=True)
    try:
        rows = con.execute("""
            WITH ranked AS (
                SELECT t.*, row_number() OVER (PARTITION BY t.indicator_id, t.area_code
                                               ORDER BY t.value IS NOT NULL DESC, t.period DESC) AS n
                FROM mart.target_attainment AS t JOIN mart.dim_area AS a USING (area_code)
                WHERE a.level = 'city')
            SELECT indicator_id, area_name, period, value,
                   trim(comparator || ' ' || coalesce(CAST(target AS VARCHAR), '')) AS target, status,
                   change_from_previous, on_track, value_origin, lead_department
            FROM ranked WHERE n = 1 ORDER BY area_name, indicator_id""").fetchall()
        total = con.execute("SELECT count(*), count(DISTINCT area_code) FROM mart.target_attainment").fetchone()
    finally:
        con.close()
    header = ("indicator", "area", "period", "value", "target", "status", "change", "on track", "from", "lead")
    table = [header] + [tuple("" if v is None else str(v) for v in r) for r in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    print("\nTarget attainment, latest period with data per city (mart.target_attainment):")
    for r in table:
        print("  " + "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))
    print(f"\n{total[0]} rows for {total[1]} areas (cities and counties, every period) in mart.target_attainment; "
          f"BI tools read {os.path.join(os.path.dirname(path), 'serving.duckdb')} (see README).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=dt.date.fromisoformat, help="first day to load (YYYY-MM-DD), air feed")
    parser.add_argument("--end", type=dt.date.fromisoformat, help="last day to load, inclusive")
    args = parser.parse_args(argv)

    for var in ("QW_PROFILE", "QW_WAREHOUSE"):
        if not os.environ.get(var):
            print(f"error: {var} is not set (see .env.example)", file=sys.stderr)
            return 2
    today = dt.date.today()
    plan: list[tuple[str, list[str]]] = []
    try:
        profile = load_profile(os.environ["QW_PROFILE"])
        if args.start or args.end:
            if not (args.start and args.end) or args.end < args.start:
                raise ProfileError("give both --start and --end, with start <= end")
            days = [args.start + dt.timedelta(days=n) for n in range((args.end - args.start).days + 1)]
            plan.append(("air_job", [str(d) for d in days]))
        else:
            for feed, job_name, keys_of in FEED_RUNS:
                if feed not in profile.feeds:
                    print(f"feed {feed}: not configured in {profile.path}, skipped")
                    continue
                keys = keys_of(profile, today)
                if not keys:
                    print(f"feed {feed}: {profile.feeds[feed].url} has no files, skipped")
                    continue
                plan.append((job_name, keys))
    except ProfileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not plan:
        print("error: no feed has anything to load", file=sys.stderr)
        return 2

    # BackfillPolicy is marked beta in Dagster 1.13; the warning repeats per asset and drowns the progress lines.
    warnings.filterwarnings("ignore", message=".*is currently in beta")
    from pipelines.definitions import defs  # after the checks: loading definitions takes seconds

    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    ok = True
    for job_name, keys in plan:
        job = defs.resolve_job_def(job_name)
        try:
            ranges = key_ranges(keys, job.partitions_def.get_partition_keys())
        except ProfileError as exc:
            print(f"error: {job_name}: {exc}", file=sys.stderr)
            return 2
        for n, (first, last) in enumerate(ranges, start=1):
            print(f"{job_name} [{n}/{len(ranges)}]: partitions {first} … {last} with profile {profile.path} "
                  f"into {os.environ['QW_WAREHOUSE']}", flush=True)
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                tags={"dagster/asset_partition_range_start": first, "dagster/asset_partition_range_end": last},
                run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
            )
            if not result.success:
                ok = False
                print(f"{job_name}: run {result.run_id} for {first} … {last} failed; see the messages above",
                      file=sys.stderr)
    print_attainment(os.environ["QW_WAREHOUSE"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

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

import dagster as dg
import duckdb

from sources.air import local_days
from sources.profile import Feed, ProfileError, load_profile


def feed_days(feed: Feed, today: dt.date) -> list[dt.date]:
    """The days to load: every file of a local directory, or the profile's range for HTTP."""
    if not feed.is_http:
        if not os.path.isdir(feed.url):
            raise ProfileError(f"feeds.air.url: {feed.url} is not a directory")
        return local_days(feed.url)
    if feed.last_days:
        return [today - dt.timedelta(days=n) for n in range(feed.last_days, 0, -1)]
    if feed.start and feed.end:
        return [feed.start + dt.timedelta(days=n) for n in range((feed.end - feed.start).days + 1)]
    raise ProfileError("feeds.air: an HTTP feed needs start and end dates, or last_days")


def contiguous_ranges(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """[(first, last), …] covering ``days`` with no gaps inside a range."""
    ranges: list[tuple[dt.date, dt.date]] = []
    for day in sorted(set(days)):
        if ranges and day == ranges[-1][1] + dt.timedelta(days=1):
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def print_attainment(path: str) -> None:
    con = duckdb.connect(path, read_only=True)
    try:
        rows = con.execute("""
            SELECT indicator_id, area_name, period, value, comparator || ' ' || coalesce(CAST(target AS VARCHAR), '')
                   AS target, status, gap_to_target, lead_department
            FROM mart.target_attainment ORDER BY indicator_id, area_code, period""").fetchall()
    finally:
        con.close()
    header = ("indicator", "area", "period", "value", "target", "status", "gap", "lead")
    table = [header] + [tuple("" if v is None else str(v) for v in r) for r in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    print("\nTarget attainment (mart.target_attainment):")
    for r in table:
        print("  " + "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=dt.date.fromisoformat, help="first day to load (YYYY-MM-DD)")
    parser.add_argument("--end", type=dt.date.fromisoformat, help="last day to load, inclusive")
    args = parser.parse_args(argv)

    for var in ("QW_PROFILE", "QW_WAREHOUSE"):
        if not os.environ.get(var):
            print(f"error: {var} is not set (see .env.example)", file=sys.stderr)
            return 2
    try:
        profile = load_profile(os.environ["QW_PROFILE"])
        if args.start or args.end:
            if not (args.start and args.end) or args.end < args.start:
                raise ProfileError("give both --start and --end, with start <= end")
            days = [args.start + dt.timedelta(days=n) for n in range((args.end - args.start).days + 1)]
        else:
            days = feed_days(profile.feed("air"), dt.date.today())
    except ProfileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not days:
        print(f"error: the air feed {profile.feed('air').url} has no china_sites_YYYYMMDD.csv file",
              file=sys.stderr)
        return 2

    from pipelines.definitions import defs  # after the checks: loading definitions takes seconds

    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    job = defs.resolve_job_def("warehouse_job")
    ranges = contiguous_ranges(days)
    ok = True
    for n, (first, last) in enumerate(ranges, start=1):
        print(f"[{n}/{len(ranges)}] loading {first} … {last} ({(last - first).days + 1} day(s)) "
              f"with profile {profile.path} into {os.environ['QW_WAREHOUSE']}", flush=True)
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            tags={"dagster/asset_partition_range_start": str(first),
                  "dagster/asset_partition_range_end": str(last)},
            run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
        )
        if not result.success:
            ok = False
            print(f"run {result.run_id} for {first} … {last} failed; see the messages above", file=sys.stderr)
    print_attainment(os.environ["QW_WAREHOUSE"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

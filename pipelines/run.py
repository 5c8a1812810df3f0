"""`make run`: materialise every asset over the profile's feed days, then print the attainment table.

    python -m pipelines.run                       # every day the air feed has (directory) or the
                                                  # profile's date range (HTTP feed)
    python -m pipelines.run --start 2019-01-01 --end 2019-01-05

Each feed is loaded as one run per contiguous range of partitions (a single-run backfill); the air feed's range
runs from its first file to its last, a day without a file inside it being a gap, not an error. Runs are
recorded in the Dagster instance (DAGSTER_HOME) so they show in `make ui`.
"""

import argparse
import datetime as dt
import os
import sys
import unicodedata
import warnings
from collections.abc import Callable

import dagster as dg
import duckdb

from sources import inspections, reports, solid_waste
from sources.air import local_days
from sources.profile import Feed, Profile, ProfileError, load_profile
from sources.water import local_auto_days, local_manual_months, refused_names


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
    """Every day from the feed's first file to its last, gaps included: one run, in which a day with no file
    is a gap (reported) and its neighbours still give it the hours they hold (hour 0 of the next file)."""
    days = feed_days(profile.feed("air"), today, local_days, "air")
    if not days:
        return []
    return [str(days[0] + dt.timedelta(days=n)) for n in range((days[-1] - days[0]).days + 1)]


def _report_refused(feed: Feed) -> None:
    """A water file whose name has an impossible date (water_sections_202613.csv) is refused by name, on
    stderr; the other files load."""
    if not feed.is_http and os.path.isdir(feed.url):
        for _name, why in refused_names(feed.url):
            print(f"refused: {why}", file=sys.stderr)


def water_auto_keys(profile: Profile, today: dt.date) -> list[str]:
    """Days of the automatic-station files (water_auto_YYYYMMDD.csv/.xlsx, saved pages
    water_auto_YYYYMMDDTHHMMSS.html[.gz]), or the profile's range."""
    _report_refused(profile.feed("water_auto"))
    return [str(day) for day in feed_days(profile.feed("water_auto"), today, local_auto_days, "water_auto")]


def water_manual_keys(profile: Profile, today: dt.date) -> list[str]:
    """Months (YYYY-MM-01) of the manual files (water_sections_YYYYMM.csv), or of the profile's range."""
    _report_refused(profile.feed("water_manual"))
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


def _width(text: str) -> int:
    """Terminal columns of ``text``: east-Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(header: tuple[str, ...], rows: list[tuple]) -> list[str]:
    table = [header] + [tuple("" if v is None else str(v) for v in r) for r in rows]
    widths = [max(_width(r[i]) for r in table) for i in range(len(header))]
    return ["  " + "  ".join(v + " " * (w - _width(v)) for v, w in zip(r, widths, strict=True)).rstrip()
            for r in table]


def print_attainment(path: str) -> None:
    """The assessed cities' indicators (latest period with a value, or no_data), then the ranking of the profile's
    cities, the assessed ones and their peers, by the composite index of the latest year."""
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
                   CASE WHEN rank IS NOT NULL THEN format('{}/{}', rank, ranked_cities) END,
                   change_from_previous, on_track, value_origin, lead_department
            FROM ranked WHERE n = 1 ORDER BY area_name, indicator_id""").fetchall()
        total = con.execute("SELECT count(*), count(DISTINCT area_code) FROM mart.target_attainment").fetchone()
        cities = con.execute("""
            SELECT y.year, a.area_name, CASE WHEN a.peer THEN '' ELSE '◀ assessed' END, y.good_days_ratio,
                   y.good_days_rank, format('{:.2f}', y.composite_index), y.composite_rank, y.primary_pollutant,
                   format('{}/{}', y.valid_days, y.calendar_days) || CASE WHEN y.partial THEN ' (partial)' ELSE '' END
            FROM mart.air_city_year AS y JOIN mart.dim_area AS a USING (area_code)
            WHERE y.year = (SELECT max(year) FROM mart.air_city_year)
            ORDER BY y.composite_rank NULLS LAST, a.area_name""").fetchall()
    finally:
        con.close()
    print("\nTarget attainment, latest period with data per assessed city (mart.target_attainment):")
    print("\n".join(_table(("indicator", "area", "period", "value", "target", "status", "rank", "change",
                             "on track", "from", "lead"), rows)))
    if len(cities) > 1:
        print(f"\nAir {cities[0][0]}, the profile's cities by composite index (mart.air_city_year; rank 1 = cleanest):")
        print("\n".join(_table(("city", "", "优良天数比例 %", "rank", "综合指数", "rank", "首要污染物", "days"),
                                [r[1:] for r in cities])))
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

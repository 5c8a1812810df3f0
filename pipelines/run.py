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
from collections.abc import Callable

import dagster as dg
import duckdb
import polars as pl

from sources import inspections, reports, solid_waste
from sources.air import local_days
from sources.profile import Feed, Profile, ProfileError, load_profile
from sources.water import local_auto_days, local_manual_months, refused_names
from warehouse.resource import query_frame, sql

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: Settings `make` passes (Makefile); the same defaults when the module is run directly.
DEFAULTS = {"QW_PROFILE": "profiles/hengyang.yaml", "QW_WAREHOUSE": "data/warehouse.duckdb",
            "DAGSTER_HOME": os.path.join(ROOT, ".dagster")}


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


def _shown(value: float | None, comparator: str) -> str:
    """A value as the summary prints it: met / not met for a yes-no target, else the number."""
    if value is None:
        return "-"
    if comparator == "met":
        return "met" if value >= 1 else "not met"
    return f"{value:g}"


def print_attainment(path: str, serving: str) -> None:
    """The assessed cities' indicators (latest period with a value, or no_data), with why a target is not attained,
    then the ranking of the profile's cities, the assessed ones and their peers, by the composite index."""
    con = duckdb.connect(path, read_only=True)
    try:
        rows = query_frame(con, f"SELECT * FROM ({sql('latest_attainment')}) ORDER BY area_name, indicator_id")
        total = con.execute("SELECT count(*), count(DISTINCT area_code) FROM mart.target_attainment").fetchall()[0]
        cities = con.execute("""
            SELECT y.year, a.area_name, CASE WHEN coalesce(a.peer, false) THEN '' ELSE '◀ assessed' END,
                   y.good_days_ratio, y.good_days_rank, format('{:.2f}', y.composite_index), y.composite_rank,
                   y.primary_pollutant,
                   format('{}/{}', y.valid_days, y.calendar_days) || CASE WHEN y.partial THEN ' (partial)' ELSE '' END
            FROM mart.air_city_year AS y JOIN mart.dim_area AS a USING (area_code)
            WHERE y.year = (SELECT max(year) FROM mart.air_city_year)
            ORDER BY y.composite_rank NULLS LAST, a.area_name""").fetchall()
    finally:
        con.close()
    table = []
    for r in rows.iter_rows(named=True):
        target = r["comparator"] if r["comparator"] == "met" else f"{r['comparator']} {r['target']:g}"
        gap = "" if r["gap_to_target"] is None or r["comparator"] == "met" else f"{r['gap_to_target']:+g}"
        rank = "" if r["rank"] is None else f"{r['rank']}/{r['ranked_cities']}"
        table.append((r["indicator_id"], r["area_name"], r["period"], _shown(r["value"], r["comparator"]), target,
                      r["status"].replace("_", " "), gap, rank, r["data_until"], r["lead_department"]))
    print("\nTarget attainment, latest period with data per assessed city (mart.latest_attainment):")
    print("\n".join(_table(("indicator", "area", "period", "value", "target", "status", "gap", "rank", "data up to",
                             "lead"), table)))
    for r in rows.filter(pl.col("why").is_not_null()).iter_rows(named=True):
        print(f"  why {r['indicator_id']} is {r['status'].replace('_', ' ')}: {r['why']}")
    for area, group in rows.group_by("area_name", maintain_order=True):
        attained = group.filter(pl.col("status") == "attained").height
        print(f"\n{area[0]}: {attained} of {group.height} targets attained.")
    if len(cities) > 1:
        print(f"\nAir {cities[0][0]}, the profile's cities by composite index (mart.air_city_year; rank 1 = cleanest):")
        print("\n".join(_table(("city", "", "优良天数比例 %", "rank", "综合指数", "rank", "首要污染物", "days"),
                                [r[1:] for r in cities])))
    print(f"\n{total[0]} rows for {total[1]} areas (cities and counties, every period) in mart.target_attainment; "
          f"BI tools read {serving} (see README).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=dt.date.fromisoformat, help="first day to load (YYYY-MM-DD), air feed")
    parser.add_argument("--end", type=dt.date.fromisoformat, help="last day to load, inclusive")
    args = parser.parse_args(argv)

    # The Makefile's defaults, so `python -m pipelines.run` works as the README prints it.
    for var, default in DEFAULTS.items():
        if not os.environ.get(var):
            os.environ[var] = default
            print(f"{var} not set: using {default}")
    os.makedirs(os.environ["DAGSTER_HOME"], exist_ok=True)
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

    from assets.serving import PUBLISH_TAG
    from pipelines.definitions import defs  # after the checks: loading definitions takes seconds

    instance = dg.DagsterInstance.get()
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
            last_run = job_name == plan[-1][0] and n == len(ranges)
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                # One publish for BI, at the last run: the runs before leave it (assets/serving.py).
                tags={"dagster/asset_partition_range_start": first, "dagster/asset_partition_range_end": last,
                      **({} if last_run else {PUBLISH_TAG: "false"})},
                run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
            )
            if not result.success:
                ok = False
                print(f"{job_name}: run {result.run_id} for {first} … {last} failed; see the messages above",
                      file=sys.stderr)
    print_attainment(os.environ["QW_WAREHOUSE"], os.path.join(os.path.dirname(os.environ["QW_WAREHOUSE"]),
                                                              "serving.duckdb"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

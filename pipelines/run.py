"""`make run`: materialise every asset over the profile's feed days, then print the attainment table.

    python -m pipelines.run                       # every day the air feed has (directory) or the
                                                  # profile's date range (HTTP feed)
    python -m pipelines.run --start 2019-01-01 --end 2019-01-05

Each feed is loaded as one run per contiguous range of partitions (a single-run backfill); the air feed's range
runs from its first file to its last, a day without a file inside it being a gap, not an error. Runs are
recorded in the Dagster instance (DAGSTER_HOME) as runs of workspace.yaml's code location, so they show in `make ui`
as a run launched there would (job pages, Overview timeline, partition views).

A file that cannot be a partition of its job — a date outside the job's partitions (today's file, still being
published; a year before the partitions start or in the future) or an impossible date in its name
(``china_sites_20190230.csv``) — is refused by name with the reason, and everything else loads; the command then
exits 1, as it does when a run fails. A feed whose folder cannot be listed is reported and the other feeds load.
At the end a summary lists the refused files and the partitions whose new data are much smaller than the data
they replaced (a non-blocking check: the partition is replaced all the same).

Exit status: 0 when everything loaded, 1 when a file was refused or rejected or a run failed, 2 when nothing
could start (the settings or the profile are wrong).
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

# Dagster has no public call that creates a run with a code location's origin outside the UI and the daemon; these
# internal ones are what `dagster job launch` uses, and pyproject pins dagster <1.14 so they cannot move underfoot.
from dagster._core.definitions.reconstruct import ReconstructableRepository
from dagster._core.execution.api import create_execution_plan, execute_run
from dagster._core.execution.job_execution_result import JobExecutionResult
from dagster._core.remote_origin import RemoteJobOrigin, RemoteRepositoryOrigin
from dagster._core.workspace.load import location_origins_from_yaml_paths

from sources import inspections, reports, solid_waste
from sources.air import file_name, local_days, local_listing
from sources.local import Listing
from sources.profile import Feed, Profile, ProfileError, load_profile
from sources.water import local_auto_days, local_manual_months, refused_names
from warehouse.resource import query_frame, sql

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKSPACE = os.path.join(ROOT, "workspace.yaml")
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


def inside_partitions(files: Listing, job_name: str, all_keys: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The keys of ``files`` that are partitions of the job, and (file, reason) for each file of the others."""
    known = set(all_keys)
    keys, refused = [], []
    for key, names in files.files.items():
        if key in known:
            keys.append(key)
            continue
        if all_keys and key < all_keys[0]:
            why = f"{key} is before the first partition of {job_name} ({all_keys[0]})"
        else:
            why = (f"{key} is after the last partition of {job_name} ({all_keys[-1] if all_keys else 'none'}): a "
                   "period is loaded once it has ended, so today's file (perhaps still being published) or a future "
                   "one waits")
        refused += [(name, f"{why}; not loaded") for name in names]
    return keys, refused


def air_files(profile: Profile, today: dt.date) -> Listing:
    """The air feed's days with their file names: every file of a local directory, or the profile's range."""
    feed = profile.feed("air")
    if not feed.is_http:
        if not os.path.isdir(feed.url):
            raise ProfileError(f"feeds.air.url: {feed.url} is not a directory")
        listing = local_listing(feed.url)
        return Listing({str(day): names for day, names in listing.files.items()}, listing.refused)
    return Listing({str(day): [file_name(day)] for day in feed_days(feed, today, local_days, "air")})


def fill_gaps(keys: list[str]) -> list[str]:
    """Every day from the first key to the last, gaps included: one run, in which a day with no file is a gap
    (reported) and its neighbours still give it the hours they hold (hour 0 of the next file)."""
    if not keys:
        return []
    first, last = dt.date.fromisoformat(min(keys)), dt.date.fromisoformat(max(keys))
    return [str(first + dt.timedelta(days=n)) for n in range((last - first).days + 1)]


def _water_refused(feed: Feed) -> list[tuple[str, str]]:
    """(file, reason) of the water files of a local folder whose name has an impossible date
    (water_sections_202613.csv): refused by name, the other files load."""
    if feed.is_http or not os.path.isdir(feed.url):
        return []
    return [(name, why.removeprefix(f"{name}: ")) for name, why in refused_names(feed.url)]


def water_auto_files(profile: Profile, today: dt.date) -> Listing:
    """Days of the automatic-station files (water_auto_YYYYMMDD.csv/.xlsx, saved pages
    water_auto_YYYYMMDDTHHMMSS.html[.gz]), or the profile's range."""
    feed = profile.feed("water_auto")
    days = feed_days(feed, today, local_auto_days, "water_auto")
    return Listing({str(day): [f"water_auto_{day:%Y%m%d}"] for day in days}, _water_refused(feed))


def water_manual_files(profile: Profile, today: dt.date) -> Listing:
    """Months (YYYY-MM-01) of the manual files (water_sections_YYYYMM.csv), or of the profile's range."""
    feed = profile.feed("water_manual")
    days = feed_days(feed, today, local_manual_months, "water_manual")
    return Listing({str(day.replace(day=1)): [f"water_sections_{day:%Y%m}.csv"] for day in days},
                   _water_refused(feed))


#: What `make run` loads: per feed, its job, the partitions the feed has (with their file names) and whether the
#: range between its first and last partition is loaded whole (air: a missing day inside it is a gap). A feed the
#: profile does not configure is skipped.
FEED_RUNS: list[tuple[str, str, Callable[[Profile, dt.date], Listing], bool]] = [
    ("air", "air_job", air_files, True),
    ("water_auto", "water_auto_job", water_auto_files, False),
    ("water_manual", "water_manual_job", water_manual_files, False),
    ("solid_waste", "solid_waste_job", solid_waste.partition_files, False),
    ("inspections", "inspections_job", inspections.partition_files, False),
    ("reports", "reports_job", reports.partition_files, False),
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
    plan: list[tuple[str, Listing, bool]] = []
    ok = True
    try:
        profile = load_profile(os.environ["QW_PROFILE"])
        if args.start or args.end:
            if not (args.start and args.end) or args.end < args.start:
                raise ProfileError("give both --start and --end, with start <= end")
            days = [args.start + dt.timedelta(days=n) for n in range((args.end - args.start).days + 1)]
            plan.append(("air_job", Listing({str(d): [file_name(d)] for d in days}), False))
        else:
            for feed, job_name, files_of, whole_range in FEED_RUNS:
                if feed not in profile.feeds:
                    print(f"feed {feed}: not configured in {profile.path}, skipped")
                    continue
                try:
                    files = files_of(profile, today)
                except (ValueError, OSError) as exc:  # a listing that fails stops its feed, not the others
                    if isinstance(exc, ProfileError):
                        raise
                    print(f"error: feed {feed}: {profile.feeds[feed].url} cannot be listed ({exc}); the other feeds "
                          "load", file=sys.stderr)
                    ok = False
                    continue
                if not files.files and not files.refused:
                    print(f"feed {feed}: {profile.feeds[feed].url} has no files, skipped")
                    continue
                plan.append((job_name, files, whole_range))
    except ProfileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not plan:
        print("error: no feed has anything to load", file=sys.stderr)
        return 2

    from assets.serving import PUBLISH_TAG
    from pipelines.definitions import defs  # after the checks: loading definitions takes seconds

    instance = dg.DagsterInstance.get()
    refused: list[tuple[str, str]] = []
    drops: list[str] = []
    runs: list[tuple[dg.JobDefinition, int, int, str, str]] = []  # job, range n of m, first and last partition
    for job_name, files, whole_range in plan:
        job = defs.resolve_job_def(job_name)
        all_keys = job.partitions_def.get_partition_keys()
        keys, outside = inside_partitions(files, job_name, all_keys)
        refused += files.refused + outside
        for name, why in files.refused + outside:
            print(f"{job_name}: refused {name}: {why}", file=sys.stderr)
        ranges = key_ranges(fill_gaps(keys) if whole_range else keys, all_keys)
        runs += [(job, n, len(ranges), first, last) for n, (first, last) in enumerate(ranges, start=1)]
    if not runs:
        print_summary(refused, drops)
        print("error: no file to load inside the jobs' partitions", file=sys.stderr)
        return 1
    for i, (job, n, of, first, last) in enumerate(runs):
        print(f"{job.name} [{n}/{of}]: partitions {first} … {last} with profile {profile.path} "
              f"into {os.environ['QW_WAREHOUSE']}", flush=True)
        result = launch(instance, job.name,
                        {"dagster/asset_partition_range_start": first, "dagster/asset_partition_range_end": last,
                         # One publish for BI, at the last run: the runs before leave it (assets/serving.py).
                         **({} if i == len(runs) - 1 else {PUBLISH_TAG: "false"})})
        drops += row_count_drops(result)
        if not result.success:
            ok = False
            print(f"{job.name}: run {result.run_id} for {first} … {last} failed; see the messages above",
                  file=sys.stderr)
    print_attainment(os.environ["QW_WAREHOUSE"], os.path.join(os.path.dirname(os.environ["QW_WAREHOUSE"]),
                                                              "serving.duckdb"))
    print_summary(refused, drops)
    return 0 if ok and not refused else 1


def launch(instance: dg.DagsterInstance, job_name: str, tags: dict[str, str]) -> JobExecutionResult:
    """Run the job in this process as a run of workspace.yaml's code location, as the UI or a schedule would create
    it: with the location's origin the run shows on the job's page, the Overview timeline and the asset's partition
    views (``execute_in_process`` records runs without an origin)."""
    origin = location_origins_from_yaml_paths([WORKSPACE])[0]
    recon_job = ReconstructableRepository.for_module("pipelines.definitions", "defs", ROOT).get_reconstructable_job(
        job_name)
    job_def = recon_job.get_definition()
    run_config = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
    run = instance.create_run_for_job(
        job_def=job_def, run_config=run_config, tags={**job_def.run_tags, **tags},
        execution_plan=create_execution_plan(recon_job, run_config=run_config, instance_ref=instance.get_ref()),
        remote_job_origin=RemoteJobOrigin(RemoteRepositoryOrigin(origin, recon_job.repository.get_definition().name),
                                          job_name),
        job_code_origin=recon_job.get_python_origin())
    return execute_run(recon_job, run, instance)


def row_count_drops(result: JobExecutionResult) -> list[str]:
    """The partitions a run replaced with much less data than they had (the raw assets' *_row_counts checks)."""
    lines = []
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.check_name.endswith("_row_counts") and not evaluation.passed:
            drops = evaluation.metadata.get("drops")
            lines += list(drops.value) if drops is not None else []
    return lines


def print_summary(refused: list[tuple[str, str]], drops: list[str]) -> None:
    if refused:
        print(f"\n{len(refused)} file(s) refused, not loaded (the rest was):", file=sys.stderr)
        for name, why in refused:
            print(f"  {name}: {why}", file=sys.stderr)
    if drops:
        print(f"\n{len(drops)} partition(s) replaced by much less data than they had (loaded as delivered; check "
              "the files):")
        for line in drops:
            print(f"  {line}")


if __name__ == "__main__":
    sys.exit(main())

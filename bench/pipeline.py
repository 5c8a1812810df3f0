"""One pipeline run, timed step by step: a fresh process, the national profile, the real assets.

    .venv/bin/python -m bench.pipeline backfill --feeds data/bench/air --start 2019-01-01 --end 2019-01-07 \
        --warehouse data/bench/warehouse.duckdb --json out.json [--profile data/bench/profile_7d]

``backfill`` materialises the air group plus the shared tables (reference, attainment, serving: the
selection of ``air_job``) over [start, end] in ONE run with the partition-range tags, exactly as
tests/conftest.py ``materialize_range`` does. ``nightly`` does the same for the range the nightly
schedule asks for when it fires at 02:00 the day after ``--end`` (pipelines.jobs.nightly_range: the
two days before). The serving snapshot goes to ``<warehouse stem>.serving.duckdb`` beside the
warehouse (one per warehouse: the 7-, 30- and 365-day ones do not share it). The profile is built
from the national station list (``sources.station_list.profile_from_station_list(base, None)`` on
profiles/hengyang.yaml) with feeds.air.url = the generated directory.

Times come from the run's event log (STEP_START / STEP_SUCCESS|FAILURE timestamps); the log messages
of each step come along with their timestamps, so a step can be split where it logs. A thread samples
this process's RSS every 0.1 s, so each step also gets its peak RSS. ``--profile`` wraps the run in
pyinstrument (install it into the venv, see bench/README.md) and writes a text tree, a flat self-time
list and an HTML report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parent.parent
#: The pipeline code under test: this repository, or a snapshot of a commit (bench.run --snapshot).
CODE = Path(os.environ.get("QW_BENCH_CODE") or ROOT)
BASE_PROFILE = CODE / "profiles" / "hengyang.yaml"


def bench_warehouse(name: str) -> Path:
    """A benchmark warehouse in its own directory under data/bench/ (``7d``, ``365d``, ``365d_replicated``):
    the serving snapshot and the raw archive the pipeline keeps beside the warehouse file stay its own."""
    return ROOT / "data" / "bench" / name / "warehouse.duckdb"


def serving_file(warehouse: Path) -> Path:
    """Each benchmark warehouse gets its own serving file (the snapshot may start from the last one it published)."""
    return warehouse.with_name(f"{warehouse.stem}.serving.duckdb")


def write_national_profile(feed_dir: Path, path: Path) -> Path:
    from sources.station_list import profile_from_station_list
    base = yaml.safe_load(BASE_PROFILE.read_text(encoding="utf-8"))
    doc = profile_from_station_list(base, None)
    doc["feeds"] = {**doc.get("feeds", {}), "air": {"url": str(Path(feed_dir).resolve())}}
    path.parent.mkdir(parents=True, exist_ok=True)
    # libyaml's emitter when installed: the same text as yaml.safe_dump (checked on the national profile) in a
    # quarter of the time; this runs inside the benchmark's process time.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class RssSampler(threading.Thread):
    """(time, RSS bytes) and (time, CPU seconds of all threads) of this process every ``interval`` seconds."""

    def __init__(self, interval: float = 0.1):
        super().__init__(daemon=True)
        self.interval, self.samples, self.cpu, self._halt = interval, [], [], threading.Event()
        self._page = os.sysconf("SC_PAGE_SIZE")

    def run(self) -> None:
        with open("/proc/self/statm") as fh:
            while not self._halt.is_set():
                fh.seek(0)
                self.samples.append((time.time(), int(fh.read().split()[1]) * self._page))
                times = os.times()
                self.cpu.append((self.samples[-1][0], times.user + times.system))
                self._halt.wait(self.interval)

    def stop(self) -> list[tuple[float, int]]:
        self._halt.set()
        self.join()
        return self.samples

    def peak(self, start: float, end: float) -> int:
        inside = [rss for t, rss in self.samples if start <= t <= end]
        return max(inside) if inside else 0

    def cpu_between(self, start: float, end: float) -> float | None:
        """CPU seconds the process used from ``start`` to ``end`` (to the sampling interval): on a shared machine
        a step's CPU time moves less with the other jobs than its wall time."""
        before = [c for t, c in self.cpu if t <= start]
        until = [c for t, c in self.cpu if t <= end]
        return round(until[-1] - before[-1], 2) if before and until else None


def step_table(instance, run_id: str, sampler: RssSampler) -> tuple[list[dict], list[dict]]:
    """Per step: start, end, seconds, outcome, peak RSS; and every log message with its step and time."""
    steps: dict[str, dict] = {}
    messages = []
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is not None and not event.step_key:  # run-level: start, resources, engine, end
            messages.append({"step": None, "t": entry.timestamp, "message": event.event_type_value})
        if event is None:
            if entry.step_key and entry.user_message:
                messages.append({"step": entry.step_key, "t": entry.timestamp, "message": entry.user_message[:300]})
            continue
        name = event.event_type_value
        if not event.step_key:
            continue
        step = steps.setdefault(event.step_key, {"step": event.step_key})
        if name == "STEP_START":
            step["start"] = entry.timestamp
        elif name in ("STEP_SUCCESS", "STEP_FAILURE"):
            step["end"] = entry.timestamp
            step["outcome"] = "success" if name == "STEP_SUCCESS" else "failure"
        elif name == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            step.setdefault("checks", {})[data.check_name] = {
                "passed": data.passed,
                **{k: v.value for k, v in data.metadata.items() if isinstance(v.value, int | float | str)
                   and k not in ("failures", "disagreeing_rows")}}
        elif name == "ASSET_MATERIALIZATION":
            md = event.event_specific_data.materialization.metadata
            step["rows"] = md["rows"].value if "rows" in md and isinstance(md["rows"].value, int) else None
    out = []
    for step in sorted(steps.values(), key=lambda s: s.get("start", 0)):
        if "start" in step and "end" in step:
            step["seconds"] = round(step["end"] - step["start"], 3)
            step["peak_rss"] = sampler.peak(step["start"], step["end"])
            step["cpu_seconds"] = sampler.cpu_between(step["start"], step["end"])
        out.append(step)
    return out, messages


def table_sizes(warehouse: str) -> dict:
    import duckdb
    con = duckdb.connect(warehouse, read_only=True)
    try:
        tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables() "
                             "WHERE schema_name IN ('raw', 'staging', 'mart') ORDER BY 1, 2").fetchall()
        rows = {f"{s}.{t}": con.execute(f'SELECT count(*) FROM "{s}"."{t}"').fetchone()[0] for s, t in tables}
        blocks = con.execute("SELECT total_blocks, block_size FROM pragma_database_size()").fetchone()
        return {"rows": rows, "file_bytes": os.path.getsize(warehouse),
                "used_bytes": int(blocks[0]) * int(blocks[1]) if blocks[0] is not None else None}
    finally:
        con.close()


def nightly_window(last_day: dt.date) -> tuple[str, str]:
    """The nightly schedule's range when it fires at 02:00 Asia/Shanghai on ``last_day`` + 1."""
    from pipelines.jobs import nightly_range
    fire = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(2), ZoneInfo("Asia/Shanghai"))
    return nightly_range(fire)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["backfill", "nightly"])
    parser.add_argument("--feeds", type=Path, required=True)
    parser.add_argument("--start", type=dt.date.fromisoformat, help="backfill: first day")
    parser.add_argument("--end", type=dt.date.fromisoformat, required=True,
                        help="backfill: last day; nightly: the day whose file arrived (the run covers the "
                             "day before it and it)")
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("--memory-limit", help="the warehouse resource's DuckDB memory_limit (default: its own)")
    parser.add_argument("--profile", type=Path, help="write pyinstrument reports to <this>.txt/.flat.txt/.html")
    args = parser.parse_args(argv)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

    sampler = RssSampler()
    sampler.start()
    t0 = time.time()
    import dagster as dg

    from pipelines.definitions import all_assets, all_checks
    from pipelines.jobs import SHARED
    from pipelines.resources import CityProfile
    from warehouse.resource import Warehouse
    t_import = time.time() - t0

    profile_path = write_national_profile(args.feeds, args.warehouse.parent / "national.yaml")
    if args.mode == "backfill":
        first, last = str(args.start), str(args.end)
    else:
        first, last = nightly_window(args.end)
    instance = dg.DagsterInstance.ephemeral()
    profiler = None
    if args.profile:
        from pyinstrument import Profiler
        profiler = Profiler(interval=0.005)
        profiler.start()
    t1, cpu1 = time.time(), os.times()
    result = dg.materialize(
        [*all_assets, *all_checks],
        selection=dg.AssetSelection.groups("air") | SHARED,
        resources={"profile": CityProfile(path=str(profile_path)),
                   "warehouse": Warehouse(path=str(args.warehouse), serving_path=str(serving_file(args.warehouse)),
                                          **({"memory_limit": args.memory_limit} if args.memory_limit else {}))},
        tags={"dagster/asset_partition_range_start": first, "dagster/asset_partition_range_end": last},
        instance=instance,
        raise_on_error=False,
    )
    t_run = time.time() - t1
    cpu2 = os.times()
    cpu_run = cpu2.user + cpu2.system - cpu1.user - cpu1.system
    if profiler is not None:
        profiler.stop()
        from pyinstrument.renderers import ConsoleRenderer
        args.profile.parent.mkdir(parents=True, exist_ok=True)
        Path(f"{args.profile}.txt").write_text(profiler.output_text(unicode=True, color=False))
        Path(f"{args.profile}.flat.txt").write_text(profiler.output(ConsoleRenderer(flat=True, unicode=True)))
        Path(f"{args.profile}.html").write_text(profiler.output_html())
        profiler.last_session.save(f"{args.profile}.pyisession")  # re-render: pyinstrument --load=<file> …
    rss_samples = sampler.stop()
    steps, messages = step_table(instance, result.run_id, sampler)
    out = {
        "mode": args.mode, "range": [first, last], "success": result.success,
        "import_seconds": round(t_import, 3), "run_seconds": round(t_run, 3),
        "run_cpu_seconds": round(cpu_run, 2),
        "process_seconds": round(time.time() - t0, 3), "run_window": [t1, t1 + t_run],
        "steps": steps, "messages": messages,
        "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "peak_rss_sampled": max(r for _, r in rss_samples),
        "rss_timeline": [[round(t - t1, 1), round(r / 1e9, 3)] for t, r in rss_samples[::5]],  # every 0.5 s
        "warehouse": table_sizes(str(args.warehouse)) if result.success or args.warehouse.exists() else None,
    }
    if not result.success:
        failures = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
        out["failure"] = [e.event_specific_data.error.to_string()[-3000:] for e in failures]
    args.json.write_text(json.dumps(out, indent=1, default=str))
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())

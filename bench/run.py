"""National-scale benchmark: lower bound, single-run backfill per step, one nightly day, peak memory.

    .venv/bin/python -m bench.run --days 7
    .venv/bin/python -m bench.run --days 30 --profile          # + pyinstrument reports of the backfill
    .venv/bin/python -m bench.run --days 365                   # the year, run for real (≈ 5 min with bounds)
    .venv/bin/python -m bench.run --days 365 --nightly-only    # (c) again on the year warehouse left by the above
    .venv/bin/python -m bench.run --real /work/air2019           # the real 2019 national files (364, with gaps)
    .venv/bin/python -m bench.run --days 365 --no-pipeline --replicated-nightly
                                                               # bounds + (c) on a replicated year warehouse

On the same generated files (bench/generate.py; made if missing, days+1 files from --start) it prints

(a) the bare lower bound: Polars alone and DuckDB alone (bench/bounds.py), each reading the days'
    files, unpivoting the six 1-h pollutants and computing station-day means; best of --repeat runs,
    each in a fresh process; the faster is the bound;
(b) the pipeline's single-run backfill of the days with the national profile (every station and city
    of profiles/stations.csv) through Dagster (bench/pipeline.py: dagster.materialize with the
    partition-range tags, as tests/conftest.py materialize_range), per step from the event log
    (raw.air_file: the files' bytes; staging.air_hourly: typed station-hours, GX per month; the marts);
(c) one nightly run: the day after the period loaded into the same warehouse, with the range the
    nightly schedule uses (the two days before its 02:00 firing), in a fresh process as a launched
    run would be;
(d) peak RSS of every child process (os.wait4 rusage, plus a 0.1 s sampler inside the pipeline
    process for per-step peaks);

and the ratio (b)/(a) against the targets (issue 11: ≤ 4, (b) < 45 s, (c) < 6 s, RSS < 2 GB). Every child runs
under a watchdog (--max-rss-gb, --timeout) so a run that cannot fit is stopped and reported, not
left to take the machine down. Results are saved to data/bench/results_<days>d.json (--no-pipeline:
results_<days>d_bounds.json when that exists, --nightly-only: results_<days>d_nightly.json).
--extrapolate still prints straight lines through the two largest saved smaller runs, for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.pipeline import bench_warehouse

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BENCH_DATA = ROOT / "data" / "bench"
TARGETS = {"ratio": 4.0, "backfill_s": 45.0, "nightly_s": 6.0, "rss_gb": 2.0}  # issue 11
STEP_ORDER = ["mart__dim_air_station", "mart__dim_area", "mart__dim_indicator", "raw__air_file",
              "staging__air_hourly", "mart__air_station_hour", "mart__air_station_day", "mart__air_city_day",
              "mart__air_city_month", "mart__air_city_year", "mart__target_attainment", "serving__mart_snapshot"]


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (FileNotFoundError, ProcessLookupError):
        return 0


def child(cmd: list[str], max_rss: float, timeout: float, env: dict | None = None, quiet: bool = True,
          cwd: Path = ROOT) -> dict:
    """Run ``cmd``; wall time, exit status, peak RSS (rusage of that child) and whether the watchdog
    stopped it. Output is captured (stdout returned, stderr tail kept for failures)."""
    t0 = time.perf_counter()
    out_path = BENCH_DATA / f".child_{os.getpid()}.out"
    err_path = BENCH_DATA / f".child_{os.getpid()}.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=None if not quiet else err,
                                env={**os.environ, **(env or {})})
        killed = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            rss = _rss(proc.pid)
            if rss > max_rss:
                killed = f"RSS {rss / 1e9:.1f} GB above --max-rss-gb"
            elif time.perf_counter() - t0 > timeout:
                killed = f"still running after --timeout {timeout:.0f} s"
            if killed:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text(errors="replace")
    stderr = err_path.read_text(errors="replace") if quiet else ""
    out_path.unlink(missing_ok=True)
    err_path.unlink(missing_ok=True)
    return {"cmd": cmd[2:], "seconds": round(time.perf_counter() - t0, 3), "returncode": proc.returncode,
            "peak_rss": usage.ru_maxrss * 1024, "killed": killed, "stdout": stdout,
            "stderr_tail": stderr[-3000:] if proc.returncode else ""}


def code_under_test(args: argparse.Namespace) -> tuple[Path, dict]:
    """The pipeline source tree to run and its git identity (--snapshot: HEAD exported with git archive)."""
    def git(*a: str) -> str:
        return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if args.snapshot:
        sha = git("rev-parse", args.snapshot)
        if not sha:
            raise SystemExit(f"--snapshot {args.snapshot}: not a revision of {ROOT}")
        code = BENCH_DATA / "code" / sha[:12]
        if not (code / "pipelines").is_dir():
            code.mkdir(parents=True, exist_ok=True)
            archive = subprocess.run(["git", "archive", sha], cwd=ROOT, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
        return code, {"commit": sha, "source": f"git archive {args.snapshot} → {code.relative_to(ROOT)}"}
    sha = git("rev-parse", "HEAD")
    code = (args.code or ROOT).resolve()
    dirty = bool(git("status", "--porcelain", "--", "assets", "pipelines", "sources", "expectations", "warehouse",
                     "standards", "profiles")) if code == ROOT else None
    return code, {"commit": sha, "source": str(code), "working_tree_dirty": dirty}


def real_feed(directory: Path, label: str) -> tuple[Path, list[dict]]:
    """A working copy of a real directory the pipeline can load: data/bench/<label>_feed/, a hard link per file (a
    copy across file systems; the pipeline reads only regular files, never symbolic links), except that a cell
    breaking a range rule of the air_hourly suite (negative, or above its physical ceiling) is emptied in a
    rewritten copy of its file. The blocking check would otherwise stop the backfill at the first such month (as it
    must), and the benchmark measures the year; with the ceilings at the monitors' range the 2019 year has none.
    The emptied cells are listed (results JSON, <label>_feed/blanked.csv); the real files are not touched."""
    import polars as pl

    from expectations.air import violations
    from sources.air import SERIES_COLUMNS, local_days, source_row, stage_air_file
    from sources.station_list import read_station_list

    feed = BENCH_DATA / f"{label}_feed"
    listing = feed / "blanked.csv"
    series_of = {column: series for series, column in SERIES_COLUMNS.items()}
    if listing.exists() and not any(p.is_symlink() for p in feed.iterdir()):  # links: made before links were refused
        return feed, pl.read_csv(listing).to_dicts()
    shutil.rmtree(feed, ignore_errors=True)
    feed.mkdir(parents=True)
    codes = read_station_list()["code"].to_list()
    blanked = []
    for day in local_days(directory):
        name = f"china_sites_{day:%Y%m%d}.csv"
        content = (directory / name).read_bytes()
        bad = violations(stage_air_file(content, name, day, codes, "Asia/Shanghai"), limit=10**6)
        if not bad.height:
            try:
                os.link((directory / name).resolve(), feed / name)
            except OSError:  # another file system
                shutil.copyfile(directory / name, feed / name)
            continue
        lines = content.split(b"\n")
        header = lines[0].decode("utf-8-sig").rstrip("\r").split(",")
        for cell in bad.iter_rows(named=True):
            row = source_row(content, cell["hour"], series_of[cell["column"]])
            fields = lines[row - 1].split(b",")
            for i, code in enumerate(header):
                if code == cell["station_code"]:
                    fields[i] = b"\r" if i == len(fields) - 1 and fields[i].endswith(b"\r") else b""
            lines[row - 1] = b",".join(fields)
            blanked.append({"file": name, "row": row, "station_code": cell["station_code"],
                            "series": series_of[cell["column"]], "value": cell["value"], "rule": cell["rule"]})
        (feed / name).write_bytes(b"\n".join(lines))
    pl.DataFrame(blanked, schema={"file": pl.String, "row": pl.Int64, "station_code": pl.String, "series": pl.String,
                                  "value": pl.Float64, "rule": pl.String}).write_csv(listing)
    return feed, blanked


def remove_warehouse(warehouse: Path) -> None:
    """Empty the warehouse's own directory (bench/pipeline.py bench_warehouse): the warehouse file, its serving
    snapshot files and the raw archive the pipeline keeps beside it."""
    if warehouse.parent.resolve() == BENCH_DATA.resolve():
        raise SystemExit(f"{warehouse}: a benchmark warehouse must be in its own directory under {BENCH_DATA}")
    shutil.rmtree(warehouse.parent, ignore_errors=True)
    warehouse.parent.mkdir(parents=True, exist_ok=True)


def _only_serving_failed(run: dict | None) -> bool:
    steps = (run or {}).get("steps") or []
    failed = [s["step"] for s in steps if s.get("outcome") == "failure"]
    return failed == ["serving__mart_snapshot"]


def gb(n: float | None) -> str:
    return "—" if n is None else f"{n / 1e9:.2f} GB"


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    mem = next(int(line.split()[1]) * 1024 for line in meminfo if line.startswith("MemTotal"))
    import duckdb
    import polars
    return {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "cpus": os.cpu_count(),
            "cpu": cpu, "memory": mem, "python": platform.python_version(), "polars": polars.__version__,
            "duckdb": duckdb.__version__, "load_1min_at_start": os.getloadavg()[0]}


# ── extrapolation from saved results ──────────────────────────────────────────────────────────────────
def extrapolate(days: int) -> dict | None:
    """Per step and totals, a straight line through the two largest saved pipeline results below ``days``."""
    saved = []
    for path in BENCH_DATA.glob("results_*d.json"):
        r = json.loads(path.read_text())
        if (r.get("backfill") or {}).get("success") and r["days"] < days:
            saved.append(r)
    saved.sort(key=lambda r: r["days"])
    if len(saved) < 2:
        return None
    lo, hi = saved[-2], saved[-1]

    def line(y0: float, y1: float) -> float:
        slope = (y1 - y0) / (hi["days"] - lo["days"])
        return y1 + slope * (days - hi["days"])

    steps = {}
    for name in STEP_ORDER:
        a = next((s for s in lo["backfill"]["steps"] if s["step"] == name), None)
        b = next((s for s in hi["backfill"]["steps"] if s["step"] == name), None)
        if a and b and "seconds" in a and "seconds" in b:
            steps[name] = {"seconds": line(a["seconds"], b["seconds"]), "peak_rss": line(a["peak_rss"], b["peak_rss"])}
    return {"from_days": [lo["days"], hi["days"]], "steps": steps,
            "run_seconds": line(lo["backfill"]["run_seconds"], hi["backfill"]["run_seconds"]),
            "process_seconds": line(lo["backfill"]["process_seconds"], hi["backfill"]["process_seconds"]),
            "peak_rss": line(lo["backfill"]["peak_rss"], hi["backfill"]["peak_rss"]),
            "nightly_seconds": line(lo["nightly"]["process_seconds"], hi["nightly"]["process_seconds"])
            if (lo.get("nightly") or {}).get("success") and (hi.get("nightly") or {}).get("success") else None,
            "source": [f"results_{lo['days']}d.json", f"results_{hi['days']}d.json"]}


# ── report ────────────────────────────────────────────────────────────────────────────────────────────
def month_batches(run: dict, step_name: str) -> str:
    """Staging and the station marts log one line per month of the window: their count and the range of
    times between consecutive lines (the first from the step's start)."""
    step = next((s for s in run["steps"] if s["step"] == step_name and "start" in s), None)
    if not step or "end" not in step:
        return ""
    table = step_name.replace("__", ".", 1)
    times = [m["t"] for m in run["messages"] if m["step"] == step_name and m["message"].startswith(f"{table}: ")]
    if not times:
        return ""
    spans = [b - a for a, b in zip([step["start"], *times[:-1]], times, strict=True)]
    return (f" ({len(times)} monthly batch{'es' if len(times) > 1 else ''}, "
            f"{min(spans):.1f}–{max(spans):.1f} s each, from step start to each month's log line)")


def print_run(title: str, run: dict) -> None:
    print(f"\n{title}: range {run['range'][0]} … {run['range'][1]}, "
          f"{'success' if run['success'] else 'FAILED'}; process {run['process_seconds']:.1f} s = imports "
          f"{run['import_seconds']:.1f} s + run {run['run_seconds']:.1f} s (+ profile/teardown); peak RSS "
          f"{gb(run['peak_rss'])}" + (f"; the run's CPU {run['run_cpu_seconds']:.1f} s (all threads)"
                                      if run.get("run_cpu_seconds") is not None else ""))
    print(f"  {'step':<26} {'seconds':>9} {'share':>6} {'CPU s':>6} {'peak RSS':>10} {'rows':>12}")
    total = sum(s.get("seconds", 0) for s in run["steps"])
    for s in run["steps"]:
        if "seconds" not in s:
            print(f"  {s['step']:<26} {'(not run)':>9}")
            continue
        extra = month_batches(run, s["step"])
        rows = f"{s['rows']:,}" if s.get("rows") is not None else ""
        cpu = f"{s['cpu_seconds']:.1f}" if s.get("cpu_seconds") is not None else ""
        print(f"  {s['step']:<26} {s['seconds']:>9.2f} {s['seconds'] / total:>6.0%} {cpu:>6} {gb(s['peak_rss']):>10} "
              f"{rows:>12}{extra}")
        for name, check in (s.get("checks") or {}).items():
            shown = {k: v for k, v in check.items() if k != "passed"}
            print(f"  {'':<26} check {name}: passed={check['passed']} {shown}")
    print(f"  {'sum of steps':<26} {total:>9.2f}; Dagster overhead outside steps "
          f"{run['run_seconds'] - total:.2f} s")
    if run.get("warehouse"):
        w = run["warehouse"]
        print(f"  warehouse file {gb(w['file_bytes'])}; raw.air_file {w['rows'].get('raw.air_file', 0):,} files, "
              f"staging.air_hourly {w['rows'].get('staging.air_hourly', 0):,} station-hours, "
              f"mart.air_station_hour {w['rows'].get('mart.air_station_hour', 0):,} rows")
    if run.get("failure"):  # the exceptions of each failed step (the whole trace is in the saved JSON)
        print("  failure:", *(line for f in run["failure"] for line in f.splitlines()
                              if re.match(r"[\w.]+(Error|Exception|Failure)\b", line)), sep="\n    ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2019, 1, 1))
    parser.add_argument("--feeds", type=Path, default=BENCH_DATA / "air", help="generated feed directory")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each bound (the best counts)")
    parser.add_argument("--no-pipeline", action="store_true", help="measure the bounds only")
    parser.add_argument("--extrapolate", action="store_true",
                        help="print (b) and (c) extrapolated from the two largest saved smaller runs")
    parser.add_argument("--replicated-nightly", action="store_true",
                        help="measure (c) on a year-sized warehouse built by replicating the 30-day benchmark "
                             "warehouse over the period (bench/yearhouse.py), when the backfill itself is not run")
    parser.add_argument("--nightly-only", action="store_true",
                        help="skip (a) and (b): run (c) again on data/bench/<days>d/warehouse.duckdb left by a "
                             "previous run of the same --days (its serving snapshot included)")
    parser.add_argument("--profile", action="store_true", help="pyinstrument the backfill (data/bench/profile_*)")
    parser.add_argument("--snapshot", nargs="?", const="HEAD", metavar="REV",
                        help="run the pipeline from a `git archive REV` export (default HEAD; data/bench/code/<sha>), "
                             "not the working tree: measures committed code while others edit the tree")
    parser.add_argument("--code", type=Path, help="run the pipeline from this source tree instead of the repository")
    parser.add_argument("--real", type=Path, metavar="DIR",
                        help="real national files (china_sites_YYYYMMDD.csv, e.g. /work/air2019) instead of the "
                             "synthetic ones: nothing is generated; (a) and (b) cover the first file's day to the day "
                             "before the last file's (missing days are gaps, as the pipeline records them), (c) is the "
                             "nightly run for the last day; warehouse data/bench/real_<DIR name>/, results "
                             "results_real_<DIR name>.json (--days and --start are taken from the files)")
    parser.add_argument("--max-rss-gb", type=float, default=16.0, help="watchdog: stop a child above this RSS")
    parser.add_argument("--timeout", type=float, default=1800.0, help="watchdog: stop a child after this long")
    args = parser.parse_args(argv)
    label = f"{args.days}d"
    if args.real:
        from sources.air import local_days
        args.feeds = args.real
        days = local_days(args.real)
        if len(days) < 2:
            raise SystemExit(f"--real {args.real}: fewer than two china_sites_YYYYMMDD.csv files")
        args.start, args.days = days[0], (days[-1] - days[0]).days
        label = f"real_{args.real.resolve().name}"
    args.feeds = args.feeds.resolve()
    BENCH_DATA.mkdir(parents=True, exist_ok=True)
    max_rss = args.max_rss_gb * 1e9
    end = args.start + dt.timedelta(days=args.days - 1)
    after = end + dt.timedelta(days=1)
    info = machine()
    print(f"bench.run {'--real ' + str(args.real) if args.real else ''}--days {args.days}: {args.start} … {end} "
          f"(+ {after} for the nightly run); "
          f"{info['cpus']} CPUs ({info['cpu']}), {gb(info['memory'])} RAM; Python {info['python']}, "
          f"Polars {info['polars']}, DuckDB {info['duckdb']}; load average {info['load_1min_at_start']:.2f}; "
          f"{info['date']}", flush=True)
    if info["load_1min_at_start"] > 0.7:
        print("  note: the machine is busy (1-min load average above 0.7); times include that contention")

    code, identity = code_under_test(args)
    info.update(identity)
    print(f"pipeline code: {identity['source']} (commit {identity['commit'][:12]}"
          + (", working tree has uncommitted pipeline changes" if identity.get("working_tree_dirty") else "") + ")")
    code_env = {"QW_BENCH_CODE": str(code), "PYTHONPATH": os.pathsep.join([str(code), str(ROOT)])}
    if args.real:
        from bench.bounds import _stations, by_header, day_files
        files = day_files(args.feeds, args.start, after, gaps=True)
        args.feeds, blanked = real_feed(args.feeds, label)
        info["blanked_cells"] = blanked
        print(f"real files: {len(blanked)} cell(s) above a physical ceiling or negative emptied in the working copy "
              f"{args.feeds.relative_to(ROOT)} (listed in its blanked.csv), so the backfill runs through", flush=True)
        headers = [len(_stations(group)) for group in by_header(files)]
        gen = {"returncode": 0, "stdout": f"real files: {len(files)} of {args.days + 1} days in {args.feeds} "
                                          f"({sum(os.path.getsize(f) for f in files) / 1e6:.0f} MB), "
                                          f"{' then '.join(map(str, headers))} stations\n"}
    else:
        gen = child([PY, "-m", "bench.generate", "--days", str(args.days + 1), "--start", str(args.start),
                     "--out", str(args.feeds)], max_rss, args.timeout)
    if gen["returncode"]:
        print("generation failed:\n" + gen["stderr_tail"], file=sys.stderr)
        return 1
    print(f"feeds: {gen['stdout'].strip().splitlines()[-1]}", flush=True)
    results: dict = {"days": args.days, "start": str(args.start), "machine": info, "generate": gen}

    # (a) lower bound
    bounds = {}
    for engine in () if args.nightly_only else ("polars", "duckdb"):
        runs = []
        for _ in range(args.repeat):
            r = child([PY, "-m", "bench.bounds", engine, str(args.feeds), str(args.start), str(end),
                       *(["--gaps"] if args.real else [])], max_rss, args.timeout)
            if r["returncode"]:
                print(f"bound {engine} failed ({r['killed'] or r['stderr_tail']})", file=sys.stderr)
                break
            runs.append({**json.loads(r["stdout"]), "process_seconds": r["seconds"], "peak_rss": r["peak_rss"]})
        if runs:
            best = min(runs, key=lambda x: x["seconds"])
            bounds[engine] = {**best, "all_seconds": [x["seconds"] for x in runs]}
    results["bounds"] = bounds
    print(f"\n(a) lower bound, {args.days} days (best of {args.repeat}; query time in the process, "
          "imports excluded):")
    for engine, b in bounds.items():
        print(f"  {engine:<7} {b['seconds']:8.2f} s  (runs {', '.join(f'{s:.2f}' for s in b['all_seconds'])}; "
              f"process {b['process_seconds']:.2f} s; peak RSS {gb(b['peak_rss'])}; {b['groups']:,} station-day-"
              f"pollutant means of {b['values']:,} values)")
    if len({(b["groups"], b["values"], b["mean_of_means"]) for b in bounds.values()}) > 1:
        print("  WARNING: the two bounds disagree on the result")
    bound = min(bounds.values(), key=lambda b: b["seconds"]) if bounds else None
    if bound:
        print(f"  bound = {bound['engine']} {bound['seconds']:.2f} s")

    # (b) backfill and (c) nightly
    backfill = nightly = None
    if not args.no_pipeline:
        warehouse = bench_warehouse(label)
        common = ["--feeds", str(args.feeds), "--warehouse", str(warehouse)]
        jb, jn = BENCH_DATA / f"backfill_{label}.json", BENCH_DATA / f"nightly_{label}.json"
        jn.unlink(missing_ok=True)
        if args.nightly_only:
            if not warehouse.exists():
                print(f"--nightly-only: {warehouse} is missing: run bench.run with the same --days / --real first",
                      file=sys.stderr)
                return 2
            backfill = {"success": True, "reused": str(warehouse)}
            print(f"\n(b) not run: reusing {warehouse.relative_to(ROOT)} and its serving snapshot")
        else:
            remove_warehouse(warehouse)
            cmd = [PY, "-m", "bench.pipeline", "backfill", "--start", str(args.start), "--end", str(end), *common,
                   "--json", str(jb)]
            if args.profile:
                cmd += ["--profile", str(BENCH_DATA / f"profile_{label}")]
            jb.unlink(missing_ok=True)
            r = child(cmd, max_rss, args.timeout, env=code_env, cwd=code)
            if r["killed"] or not jb.exists():
                backfill = {"success": False, "killed": r["killed"], "seconds": r["seconds"],
                            "peak_rss": r["peak_rss"], "stderr_tail": r["stderr_tail"]}
                print(f"\n(b) backfill STOPPED: {r['killed'] or 'crashed'} after {r['seconds']:.0f} s "
                      f"(peak RSS {gb(r['peak_rss'])})\n{r['stderr_tail'][-1500:]}")
            else:
                backfill = {**json.loads(jb.read_text()), "child_seconds": r["seconds"],
                            "child_peak_rss": r["peak_rss"]}
                print_run("(b) backfill", backfill)
        # A failed serving step (the last one) still leaves raw, staging and the marts loaded: measure (c) anyway.
        if backfill.get("success") or _only_serving_failed(backfill):
            r = child([PY, "-m", "bench.pipeline", "nightly", "--end", str(after), *common, "--json", str(jn)],
                      max_rss, args.timeout, env=code_env, cwd=code)
            if r["killed"] or not jn.exists():
                nightly = {"success": False, "killed": r["killed"], "seconds": r["seconds"]}
                print(f"\n(c) nightly STOPPED: {r['killed'] or 'crashed'}\n{r['stderr_tail'][-1500:]}")
            else:
                nightly = {**json.loads(jn.read_text()), "child_seconds": r["seconds"], "child_peak_rss": r["peak_rss"]}
                print_run("(c) nightly (fresh process, as a launched run)", nightly)
    if args.no_pipeline and args.replicated_nightly:
        source = bench_warehouse("30d")
        target = bench_warehouse(f"{args.days}d_replicated")
        if target.exists() and source.exists() and target.stat().st_mtime > source.stat().st_mtime:
            r = {"returncode": 0}
            print(f"\nreusing {target.name} (newer than {source.name})")
        else:
            r = child([PY, "-m", "bench.yearhouse", "--source", str(source), "--target", str(target),
                       "--last", str(end)], max_rss, args.timeout)
            print(f"\n{r['stdout'].strip() or r['stderr_tail']}")
        if not r["returncode"]:
            jn = BENCH_DATA / f"nightly_{args.days}d_replicated.json"
            jn.unlink(missing_ok=True)
            r = child([PY, "-m", "bench.pipeline", "nightly", "--end", str(after), "--feeds", str(args.feeds),
                       "--warehouse", str(target), "--json", str(jn)], max_rss, args.timeout, env=code_env, cwd=code)
            if jn.exists():
                nightly = {**json.loads(jn.read_text()), "child_seconds": r["seconds"], "child_peak_rss": r["peak_rss"],
                           "replicated": True}
                print_run("(c) nightly on the replicated year warehouse (fresh process, as a launched run)", nightly)
            else:
                print(f"(c) nightly failed: {r['killed'] or r['stderr_tail'][-1500:]}")
    results["backfill"], results["nightly"] = backfill, nightly
    results["machine"]["load_1min_at_end"] = os.getloadavg()[0]

    # summary
    stations = gen['stdout'].split(' stations')[0].rsplit(' ', 1)[-1] if not args.real else gen['stdout'].split(
        "), ")[-1].split(" stations")[0]
    print(f"\nSummary, {'real files, ' if args.real else ''}{args.days} days × {stations} stations "
          f"(targets: (b)/(a) ≤ {TARGETS['ratio']:g}, (b) < {TARGETS['backfill_s']:g} s, "
          f"(c) < {TARGETS['nightly_s']:g} s, peak RSS < {TARGETS['rss_gb']:g} GB):")
    if bound:
        print(f"  (a) Polars {bounds.get('polars', {}).get('seconds', float('nan')):.2f} s, DuckDB "
              f"{bounds.get('duckdb', {}).get('seconds', float('nan')):.2f} s → bound {bound['seconds']:.2f} s")
    if backfill and backfill.get("run_seconds") is not None and (backfill.get("success")
                                                                 or _only_serving_failed(backfill)):
        ratio = backfill["run_seconds"] / bound["seconds"] if bound else float("nan")
        print(f"  (b) backfill run {backfill['run_seconds']:.1f} s (process incl. imports "
              f"{backfill['process_seconds']:.1f} s" + (f"; CPU {backfill['run_cpu_seconds']:.1f} s"
                                                        if backfill.get("run_cpu_seconds") is not None else "")
              + f") → (b)/(a) = {ratio:.1f}"
              + ("" if backfill["success"] else " — the serving step FAILED (see above); its time is included"))
        results["ratio"] = ratio
    if nightly and nightly.get("run_seconds") is not None:
        failed = "" if nightly["success"] else " (FAILED, see above)"
        print(f"  (c) nightly{failed} {nightly['process_seconds']:.1f} s end to end in a fresh process (run "
              f"{nightly['run_seconds']:.1f} s)" + (" on the replicated year warehouse" if nightly.get("replicated")
                                                   else ""))
    peaks = {"bounds": max((b["peak_rss"] for b in bounds.values()), default=0),
             "backfill": (backfill or {}).get("child_peak_rss") or (backfill or {}).get("peak_rss"),
             "nightly": (nightly or {}).get("child_peak_rss")}
    driver = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"  (d) peak RSS: backfill process {gb(peaks['backfill'])}, nightly process {gb(peaks['nightly'])}, "
          f"bound processes {gb(peaks['bounds'])}, this driver {gb(driver)}")
    if args.extrapolate:
        ex = extrapolate(args.days)
        results["extrapolated"] = ex
        if ex is None:
            print("  (extrapolation needs two saved successful runs with fewer days: run --days 7 and --days 30)")
        else:
            print(f"\n  EXTRAPOLATED to {args.days} days (straight line through the saved {ex['from_days'][0]}- and "
                  f"{ex['from_days'][1]}-day runs, {', '.join(ex['source'])}; not measured):")
            for name, s in ex["steps"].items():
                print(f"    {name:<26} {s['seconds']:>9.0f} s")
            ratio = ex["run_seconds"] / bound["seconds"] if bound else float("nan")
            print(f"    (b) backfill run ≈ {ex['run_seconds']:.0f} s ({ex['run_seconds'] / 60:.0f} min) → (b)/(a) ≈ "
                  f"{ratio:.0f}; peak RSS ≈ {gb(ex['peak_rss'])}")
            if ex["nightly_seconds"] is not None and not (nightly and nightly.get("success")):
                print(f"    (c) nightly ≈ {ex['nightly_seconds']:.1f} s (a line through two noisy points: prefer "
                      "--replicated-nightly)")
    out = BENCH_DATA / f"results_{label}.json"
    if args.no_pipeline and out.exists():
        out = BENCH_DATA / f"results_{label}_bounds.json"
    elif args.nightly_only:
        out = BENCH_DATA / f"results_{label}_nightly.json"
    out.write_text(json.dumps(results, indent=1, default=str))
    print(f"\nresults saved to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

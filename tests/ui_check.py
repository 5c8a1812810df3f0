"""Check the Dagster UI pages users look at, in a real browser (headless Chromium), after `make run`.

    make run && .venv/bin/python -m tests.ui_check          # needs Debian's chromium (apt-get install chromium)

Starts `dagster dev` on a free port with the Makefile's settings, loads each page in headless Chromium (its
rendered DOM and a screenshot in data/ui/), checks that the page shows what it should, and prints one line per
page. Exit 1 if any page does not. Not part of `make test`: it needs a browser and a loaded warehouse.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "ui"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1600,1100", "--virtual-time-budget=20000"]

#: page name → (path, texts the rendered page must contain)
PAGES = {
    "job_runs": ("/locations/pipelines.definitions/jobs/air_job/runs", ["air_job", "qw/publish"]),
    "timeline": ("/overview/activity/timeline", ["pipelines.definitions", "air_job", "reports_job"]),
    "partitions": ("/assets/raw/air_file?view=partitions", ["Materialized (365)", "2018-01-01"]),
    "partition_day": ("/assets/raw/air_file?view=partitions&partition=2019-04-08",
                      ["2019-04-08", "a gap in the feed", "status"]),
    "attainment": ("/assets/mart/target_attainment", ["latest_attainment", "good_air_days_ratio", "Row count"]),
    "attainment_checks": ("/assets/mart/target_attainment?view=checks", ["every_indicator_present"]),
    "air_month": ("/assets/mart/air_city_month", ["优良天数比例 by month", "ranks_latest_month", "composite_index",
                                                  "warehouse.mart.air_city_month"]),
    "city_day": ("/assets/mart/air_city_day", ["Freshness"]),
    "city_day_checks": ("/assets/mart/air_city_day?view=checks", ["published_city_daily_agreement"]),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium(*args: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([shutil.which("chromium") or "chromium", *CHROMIUM_FLAGS,
                               f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120).stdout


def main() -> int:
    if not shutil.which("chromium"):
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 2
    env = {**os.environ, "QW_PROFILE": os.environ.get("QW_PROFILE", "profiles/hengyang.yaml"),
           "QW_WAREHOUSE": os.environ.get("QW_WAREHOUSE", "data/warehouse.duckdb"),
           "DAGSTER_HOME": os.environ.get("DAGSTER_HOME", str(ROOT / ".dagster")), "GX_ANALYTICS_ENABLED": "false"}
    port = free_port()
    ui = subprocess.Popen([str(ROOT / ".venv" / "bin" / "dagster"), "dev", "-w", "workspace.yaml", "-h",
                           "127.0.0.1", "-p", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    ok = True
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/server_info", timeout=2)
                break
            except OSError:
                time.sleep(1)
        else:
            print("dagster dev did not answer in 120 s", file=sys.stderr)
            return 1
        OUT.mkdir(parents=True, exist_ok=True)
        for name, (path, texts) in PAGES.items():
            dom = chromium("--dump-dom", base + path)
            chromium(f"--screenshot={OUT / (name + '.png')}", base + path)
            missing = [t for t in texts if t not in dom]
            ok &= not missing
            print(f"{'ok  ' if not missing else 'FAIL'} {name:<17} {path}"
                  + (f"  missing: {missing}" if missing else f"  (screenshot data/ui/{name}.png)"))
    finally:
        os.killpg(ui.pid, 15)
        ui.wait(timeout=60)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

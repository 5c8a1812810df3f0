"""A run killed with SIGKILL in the middle of a load loses nothing: every day is either as it was or wholly
loaded (each day's write is one transaction), the file opens cleanly, and a re-run gives exactly the marts of an
uninterrupted run."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

from sources.station_list import profile_from_station_list
from tests.conftest import FEEDS, PROFILE, ROOT, materialize_range, query, write_profile

DAYS = ("2019-01-02", "2019-01-04")
RUN = textwrap.dedent("""
    import sys
    from tests.conftest import materialize_range
    materialize_range(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4])
""")
MARTS = ("mart.air_station_hour", "mart.air_station_day", "mart.air_city_day", "mart.air_city_year")


def national_profile(tmp: Path) -> Path:
    """Every station of the list, so each day's raw write is large enough to be caught in the middle."""
    doc = profile_from_station_list(yaml.safe_load(PROFILE.read_text(encoding="utf-8")), None)
    return write_profile(tmp / "national.yaml", str(FEEDS), doc=doc)


def test_sigkill_mid_load_then_rerun(tmp_path):
    profile = national_profile(tmp_path)
    killed = tmp_path / "killed.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", RUN, str(profile), str(killed), *DAYS], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in proc.stdout:  # kill as soon as the first day is committed: the second is being written
            if "air 2019-01-02 (1/3)" in line:
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL

    # The file opens (DuckDB replays or drops its write-ahead log) and holds whole days only.
    loaded = dict(query(killed, "SELECT file_date::VARCHAR, sha256 FROM raw.air_file"))
    assert "2019-01-02" in loaded
    assert "2019-01-04" not in loaded or len(loaded) == 3
    reference = tmp_path / "reference.duckdb"
    assert materialize_range(profile, reference, *DAYS).success
    full = dict(query(reference, "SELECT file_date::VARCHAR, sha256 FROM raw.air_file"))
    assert all(loaded[d] == full[d] for d in loaded)  # no day half-written

    assert materialize_range(profile, killed, *DAYS).success
    for table in MARTS:
        sql = f"SELECT * FROM {table} ORDER BY ALL"
        assert query(killed, sql) == query(reference, sql), table

"""BI reads a published snapshot while the pipeline writes; the swap is atomic and leaves nothing behind."""

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from tests.conftest import copy_days, materialize_range, query, write_profile

READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    def snapshot():
        return con.execute("SELECT count(*), min(day), max(day) FROM mart.air_city_day").fetchone()
    print("before", *snapshot(), flush=True)
    sys.stdin.readline()            # hold the file open until the test says the pipeline has published
    print("after", *snapshot(), flush=True)
""")


def test_reader_keeps_its_version_while_a_new_one_is_published(tmp_path):
    feed = copy_days(tmp_path / "feed", ["20190102", "20190103", "20190104"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    warehouse = tmp_path / "w.duckdb"
    serving = tmp_path / "serving.duckdb"
    assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-02").success
    assert query(serving, "SELECT count(*) FROM mart.air_city_day")[0][0] == 1

    reader = subprocess.Popen([sys.executable, "-c", READER, str(serving)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().split()[:2] == ["before", "1"]
        # The pipeline writes and publishes while the BI process holds the serving file open.
        assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-04").success
        reader.stdin.write("go\n")
        reader.stdin.flush()
        held = reader.stdout.readline().split()
    finally:
        reader.communicate(timeout=30)
    assert held == ["after", "1", "2019-01-02", "2019-01-02"]  # the old version, whole
    assert query(serving, "SELECT count(*) FROM mart.air_city_day")[0][0] == 3  # a new reader sees the new one
    assert query(serving, "SELECT comment FROM duckdb_tables() WHERE table_name = 'air_city_day'")[0][0]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".wal", ".tmp")) == []


def test_a_reader_of_the_working_file_would_block_the_pipeline(tmp_path):
    """Negative control: why BI must not open the working file."""
    working = tmp_path / "w.duckdb"
    duckdb.connect(str(working)).close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, duckdb
        con = duckdb.connect({str(working)!r}, read_only=True)
        print("holding", flush=True)
        sys.stdin.readline()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(duckdb.IOException, match="lock"):
            duckdb.connect(str(working))
    finally:
        holder.communicate("done\n", timeout=30)


def test_snapshot_holds_only_mart(tmp_path: Path):
    feed = copy_days(tmp_path / "feed", ["20190102"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    assert materialize_range(profile, tmp_path / "w.duckdb", "2019-01-02", "2019-01-02").success
    schemas = {r[0] for r in query(tmp_path / "serving.duckdb",
                                   "SELECT DISTINCT schema_name FROM duckdb_tables()")}
    assert schemas == {"mart"}


LOOP = textwrap.dedent("""
    import json, sys, time, duckdb
    path, stop = sys.argv[1], sys.argv[2]
    import os
    seen, errors, n = {}, [], 0
    while not os.path.exists(stop) or n < 200:
        try:
            con = duckdb.connect(path, read_only=True)   # a new connection each time sees the latest version
            try:
                row = con.execute(
                    "SELECT (SELECT count(*) FROM mart.target_attainment), "
                    "(SELECT count(*) FROM mart.air_city_day), (SELECT sum(aqi) FROM mart.air_station_hour)"
                ).fetchone()
            finally:
                con.close()
            seen[json.dumps(row)] = seen.get(json.dumps(row), 0) + 1
        except Exception as exc:  # every error is a failure of the promise
            errors.append(repr(exc))
        n += 1
    print(json.dumps({"queries": n, "errors": errors, "seen": seen}))
""")


STATE = ("SELECT (SELECT count(*) FROM mart.target_attainment), (SELECT count(*) FROM mart.air_city_day), "
         "(SELECT sum(aqi) FROM mart.air_station_hour)")


def published_state(serving: Path) -> list:
    return list(query(serving, STATE)[0])


def test_tight_read_loop_during_a_multi_day_load(tmp_path):
    """≥ 200 reads in another process while a multi-day load runs: no errors, each read one published run."""
    import json

    feed = copy_days(tmp_path / "feed", ["20190102", "20190103", "20190104", "20190105"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    warehouse, serving, stop = tmp_path / "w.duckdb", tmp_path / "serving.duckdb", tmp_path / "stop"
    assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-02").success
    first = published_state(serving)

    reader = subprocess.Popen([sys.executable, "-c", LOOP, str(serving), str(stop)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-05").success
    finally:
        stop.touch()
        out, _ = reader.communicate(timeout=120)
    second = published_state(serving)
    report = json.loads(out)
    assert report["errors"] == []
    assert report["queries"] >= 200
    assert {tuple(json.loads(k)) for k in report["seen"]} <= {tuple(first), tuple(second)}
    assert first != second

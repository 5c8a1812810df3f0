"""BI reads the published Parquet versions through the catalog while the pipeline writes (warehouse/snapshot.py)."""

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from tests.conftest import copy_days, materialize_range, query, write_profile


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


def test_the_catalog_holds_mart_views_only(tmp_path: Path):
    feed = copy_days(tmp_path / "feed", ["20190102"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    assert materialize_range(profile, tmp_path / "w.duckdb", "2019-01-02", "2019-01-02").success
    catalog = tmp_path / "serving.duckdb"
    assert query(catalog, "SELECT count(*) FROM duckdb_tables()") == [(0,)]
    views = {r[0] for r in query(catalog, "SELECT DISTINCT schema_name FROM duckdb_views() WHERE NOT internal")}
    assert views == {"mart"}
    assert query(catalog, "SELECT comment IS NOT NULL FROM duckdb_views() WHERE view_name = 'air_city_day'") == \
        [(True,)]
    # latest_attainment is the summary `make run` prints: one row per indicator of the assessed city.
    assert query(catalog, "SELECT count(*), count(DISTINCT indicator_id) FROM mart.latest_attainment") == [(17, 17)]


#: The three ways BI clients connect, each in its own process, querying every few milliseconds until told to stop
#: (and once more after): connect-query-close; one connection held for the whole run; one held and a new one
#: opened for each query (a pool). Each query reads three tables; each table's value must be one a whole publish
#: gave it (a half-written publish would show as a value no publish produced). A statement that runs across the
#: instant a publish completes may read its tables from the two latest publishes (README, "BI tools").
READER = textwrap.dedent("""
    import json, os, sys, time, duckdb
    kind, path, stop = sys.argv[1:4]
    state = ("SELECT (SELECT count(*) FROM mart.target_attainment), (SELECT count(*) FROM mart.air_city_day), "
             "(SELECT sum(aqi) FROM mart.air_station_hour)")
    held = duckdb.connect(path, read_only=True) if kind != "fresh" else None
    seen, errors, n, last, after_stop = [{}, {}, {}], [], 0, None, 0
    while after_stop < 2:
        after_stop += os.path.exists(stop)
        try:
            if kind == "fresh":
                con = duckdb.connect(path, read_only=True)
                row = con.execute(state).fetchall()[0]
                con.close()
            elif kind == "held":
                row = held.execute(state).fetchall()[0]
            else:
                con = duckdb.connect(path, read_only=True)
                row = con.execute(state).fetchall()[0]
            last = list(row)
            for i, value in enumerate(row):
                seen[i][json.dumps(value)] = seen[i].get(json.dumps(value), 0) + 1
        except Exception as exc:  # every error breaks the promise
            errors.append(repr(exc))
        n += 1
        if n == 1:
            print("ready", flush=True)  # the first publish is queried: the test starts the run
        time.sleep(0.005)
    print(json.dumps({"queries": n, "errors": errors[:5], "seen": seen, "last": last}))
""")


STATE = ("SELECT (SELECT count(*) FROM mart.target_attainment), (SELECT count(*) FROM mart.air_city_day), "
         "(SELECT sum(aqi) FROM mart.air_station_hour)")


def published_state(serving: Path) -> list:
    return list(query(serving, STATE)[0])


def test_every_kind_of_reader_sees_each_publish_and_never_half_of_one(tmp_path):
    """Three BI readers in separate processes during a multi-day load: no errors, every table read whole from a
    complete publish, and every reader, the held and pooled connections too, sees the new publish."""
    import json

    feed = copy_days(tmp_path / "feed", ["20190102", "20190103", "20190104", "20190105"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    warehouse, serving, stop = tmp_path / "w.duckdb", tmp_path / "serving.duckdb", tmp_path / "stop"
    assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-02").success
    first = published_state(serving)

    readers = {kind: subprocess.Popen([sys.executable, "-c", READER, kind, str(serving), str(stop)],
                                      stdout=subprocess.PIPE, text=True) for kind in ("fresh", "held", "pooled")}
    try:
        for kind, reader in readers.items():  # every reader has read the first publish (however loaded the machine)
            assert reader.stdout.readline().strip() == "ready", kind
        assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-05").success
    finally:
        stop.touch()
        reports = {kind: json.loads(r.communicate(timeout=120)[0]) for kind, r in readers.items()}
    second = published_state(serving)
    assert first != second
    for kind, report in reports.items():
        assert report["errors"] == [], kind
        assert report["queries"] >= 20, kind  # it kept reading through the run
        for i, values in enumerate(report["seen"]):
            assert {json.loads(v) for v in values} <= {first[i], second[i]}, kind
        assert report["last"] == second, kind

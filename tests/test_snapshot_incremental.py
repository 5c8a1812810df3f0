"""The serving snapshot is rewritten incrementally, yet always ends exactly equal to mart (warehouse/snapshot.py)."""

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from warehouse import snapshot

DAY1 = dt.date(2020, 1, 1)


@pytest.fixture
def con(tmp_path: Path):
    """A scratch warehouse: a day-partitioned mart table (a null day too), a small one, a table outside mart."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE SCHEMA mart; CREATE SCHEMA staging")
    con.execute("CREATE TABLE mart.hourly (station VARCHAR NOT NULL, day DATE, hour INTEGER, aqi INTEGER)")
    con.execute("INSERT INTO mart.hourly SELECT 'S' || s, DATE '2020-01-01' + d::INT, h, (s * 7 + d * 3 + h) % 300 "
                "FROM range(30) a(d), range(24) b(h), range(5) c(s)")
    con.execute("INSERT INTO mart.hourly VALUES ('S0', NULL, 0, 1)")
    con.execute("CREATE TABLE mart.small (code VARCHAR, name VARCHAR)")
    con.execute("INSERT INTO mart.small VALUES ('a', 'Alpha'), ('b', 'Beta')")
    con.execute("CREATE TABLE staging.hidden AS SELECT 1 AS x")
    con.execute("COMMENT ON TABLE mart.hourly IS 'Hourly values'")
    con.execute("COMMENT ON COLUMN mart.hourly.aqi IS 'AQI'")
    yield con
    con.close()


def published(path: Path) -> dict:
    """Every table of the file: sorted rows, columns with types and comments."""
    with duckdb.connect(str(path), read_only=True) as c:
        tables = [r[0] for r in c.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables() "
                                          "ORDER BY 1").fetchall()]
        return {
            "rows": {t: sorted(c.execute(f"FROM {t}").fetchall(), key=repr) for t in tables},
            "columns": c.execute("SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
                                 "ORDER BY ALL").fetchall(),
            "tables": c.execute("SELECT schema_name, table_name, comment FROM duckdb_tables() ORDER BY ALL").fetchall(),
        }


def full_copy(con, tmp_path: Path) -> dict:
    """What a publish from nothing (no base) gives for the current mart."""
    fresh = tmp_path / "fresh" / "serving.duckdb"
    shutil.rmtree(fresh.parent, ignore_errors=True)
    result = snapshot.publish(con, fresh)
    assert not result.incremental
    return published(fresh)


def test_incremental_publish_equals_a_full_one(con, tmp_path):
    serving = tmp_path / "serving.duckdb"
    first = snapshot.publish(con, serving)
    assert not first.incremental and set(first.changed) == {"hourly", "small"}
    assert first.rows == {"hourly": 30 * 24 * 5 + 1, "small": 2}

    # A nightly: one day rewritten, one new day, one day gone, the null-day row changed.
    con.execute("UPDATE mart.hourly SET aqi = aqi + 1 WHERE day = DATE '2020-01-05'")
    con.execute("INSERT INTO mart.hourly SELECT station, DATE '2020-01-31', hour, aqi FROM mart.hourly "
                "WHERE day = DATE '2020-01-30'")
    con.execute("DELETE FROM mart.hourly WHERE day = DATE '2020-01-10'")
    con.execute("UPDATE mart.hourly SET aqi = 2 WHERE day IS NULL")
    second = snapshot.publish(con, serving)
    assert second.incremental
    assert second.changed == {"hourly": "4 days"}
    assert published(serving) == full_copy(con, tmp_path)
    assert second.rows["hourly"] == con.execute("SELECT count(*) FROM mart.hourly").fetchone()[0]


def test_nothing_changed_nothing_rewritten(con, tmp_path):
    serving = tmp_path / "serving.duckdb"
    snapshot.publish(con, serving)
    again = snapshot.publish(con, serving)
    assert again.incremental and again.changed == {}
    assert published(serving) == full_copy(con, tmp_path)


def test_a_changed_small_table_is_copied_again(con, tmp_path):
    serving = tmp_path / "serving.duckdb"
    snapshot.publish(con, serving)
    con.execute("UPDATE mart.small SET name = 'Beta 2' WHERE code = 'b'")
    con.execute("COMMENT ON COLUMN mart.small.name IS 'Name'")
    result = snapshot.publish(con, serving)
    assert result.changed == {"small": "whole table"}
    assert published(serving) == full_copy(con, tmp_path)


def test_most_days_changed_copies_the_table_whole(con, tmp_path):
    serving = tmp_path / "serving.duckdb"
    snapshot.publish(con, serving)
    con.execute("UPDATE mart.hourly SET aqi = aqi + 1 WHERE day > DATE '2020-01-05'")
    assert snapshot.publish(con, serving).changed == {"hourly": "whole table"}
    assert published(serving) == full_copy(con, tmp_path)


def test_schema_changes_copy_the_table_whole(con, tmp_path):
    serving = tmp_path / "serving.duckdb"
    snapshot.publish(con, serving)
    con.execute("ALTER TABLE mart.hourly ADD COLUMN level TINYINT")
    con.execute("DROP TABLE mart.small")
    con.execute("CREATE TABLE mart.new_one AS SELECT 42 AS answer")
    result = snapshot.publish(con, serving)
    assert result.incremental
    assert result.changed == {"hourly": "whole table", "new_one": "whole table"}
    assert published(serving) == full_copy(con, tmp_path)


def test_the_base_is_only_a_starting_point(con, tmp_path):
    """A base changed behind the pipeline's back, a lost record, an unreadable base: still equal to mart."""
    serving = tmp_path / "serving.duckdb"
    snapshot.publish(con, serving)
    base = tmp_path / "serving.duckdb.base"
    with duckdb.connect(str(serving)) as writer:  # a BI tool that opened the file read-write (same inode)
        writer.execute("DELETE FROM mart.hourly WHERE day = DATE '2020-01-03'")
    result = snapshot.publish(con, serving)
    assert result.incremental and result.changed == {"hourly": "1 day"}  # found by fingerprinting the file
    assert published(serving) == full_copy(con, tmp_path)

    Path(f"{base}.json").unlink()
    assert snapshot.publish(con, serving).changed == {}
    base.write_bytes(b"not a database")
    result = snapshot.publish(con, serving)
    assert not result.incremental and set(result.changed) == {"hourly", "small"}
    assert published(serving) == full_copy(con, tmp_path)


def test_a_grown_base_is_rebuilt(con, tmp_path, monkeypatch):
    serving = tmp_path / "serving.duckdb"
    snapshot.publish(con, serving)
    monkeypatch.setattr(snapshot, "MAX_GROWTH", 0.5)
    assert not snapshot.publish(con, serving).incremental


def test_atomic_swap_leaves_only_the_files_it_keeps(con, tmp_path):
    serving = tmp_path / "serving.duckdb"
    snapshot.publish(con, serving)
    con.execute("UPDATE mart.small SET name = 'x'")
    snapshot.publish(con, serving)
    names = {p.name for p in tmp_path.iterdir()} - {"w.duckdb", "w.duckdb.wal"}
    assert names == {"serving.duckdb", "serving.duckdb.base", "serving.duckdb.base.json"}
    assert os.path.samefile(serving, tmp_path / "serving.duckdb.base")  # the base is what is published
    assert published(serving)["tables"] == [("mart", "hourly", "Hourly values"), ("mart", "small", None)]


def test_a_failed_publish_leaves_the_published_file_alone(con, tmp_path, monkeypatch):
    serving = tmp_path / "serving.duckdb"
    snapshot.publish(con, serving)
    before = published(serving)
    con.execute("UPDATE mart.small SET name = 'x'")

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(snapshot, "_sync", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        snapshot.publish(con, serving)
    assert published(serving) == before
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".tmp", ".wal", ".new") and p.name != "w.duckdb.wal"]


READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    total = "SELECT count(*), sum(aqi) FROM mart.hourly"
    print(*con.execute(total).fetchone(), flush=True)
    sys.stdin.readline()            # hold the file open while the pipeline publishes
    print(*con.execute(total).fetchone(), flush=True)
""")


def test_a_held_reader_keeps_the_old_version(con, tmp_path):
    serving = tmp_path / "serving.duckdb"
    snapshot.publish(con, serving)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(serving)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        before = reader.stdout.readline().split()
        con.execute("UPDATE mart.hourly SET aqi = aqi + 1000 WHERE day = DATE '2020-01-02'")
        assert snapshot.publish(con, serving).changed == {"hourly": "1 day"}
        reader.stdin.write("go\n")
        reader.stdin.flush()
        held = reader.stdout.readline().split()
    finally:
        reader.communicate(timeout=30)
    assert held == before  # the old version, whole
    with duckdb.connect(str(serving), read_only=True) as fresh:
        assert fresh.execute("SELECT sum(aqi) FROM mart.hourly").fetchone()[0] == int(before[1]) + 1000 * 24 * 5

"""The warehouse documents itself: every table and column of raw, staging and mart has a comment."""

import re

import duckdb
import pytest

from warehouse import resource
from warehouse.resource import SCHEMA_SQL, Warehouse


def test_schema_applies_twice_and_everything_is_commented():
    con = duckdb.connect()
    con.execute(SCHEMA_SQL)
    con.execute(SCHEMA_SQL)  # idempotent: it runs on every connection
    tables = con.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables() "
                         "WHERE schema_name IN ('raw', 'staging', 'mart') AND comment IS NULL").fetchall()
    assert tables == []
    columns = con.execute("SELECT schema_name || '.' || table_name || '.' || column_name FROM duckdb_columns() "
                          "WHERE schema_name IN ('raw', 'staging', 'mart') AND comment IS NULL").fetchall()
    assert columns == []



def test_connect_applies_the_schema_once_and_again_when_it_is_missing(tmp_path, monkeypatch):
    """A run connects a dozen times; the schema is applied when the file lacks part of it, not every time."""
    probe = "CREATE TABLE IF NOT EXISTS main.applied (n INTEGER); INSERT INTO main.applied VALUES (1);"
    monkeypatch.setattr(resource, "SCHEMA_SQL", SCHEMA_SQL + probe)  # counts its applications
    path = tmp_path / "w.duckdb"
    warehouse = Warehouse(path=str(path))

    def applied() -> int:
        with warehouse.connect() as con:
            return con.execute("SELECT count(*) FROM main.applied").fetchone()[0]

    assert [applied() for _ in range(3)] == [1, 1, 1]
    with warehouse.connect() as con:  # a comment removed behind its back
        con.execute("COMMENT ON TABLE mart.feed_rejections IS NULL")
    assert applied() == 2
    path.unlink()  # deleted and created again, as tests with tmp paths do
    assert applied() == 1


def test_memory_limit_is_set_and_checked(tmp_path):
    with Warehouse(path=str(tmp_path / "w.duckdb"), memory_limit="512MiB").connect() as con:
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "512.0 MiB"
    bad = Warehouse(path=str(tmp_path / "w.duckdb"), memory_limit="1GB'; DROP SCHEMA mart CASCADE; --")
    with pytest.raises(ValueError, match="memory_limit"), bad.connect():
        pass


def test_memory_capped_lowers_the_limit_for_the_block_only_and_never_raises_it(tmp_path):
    def limit(con):
        return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]

    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"), memory_limit="1GB")
    with warehouse.connect() as con:
        with warehouse.memory_capped(con, "256MB"):
            assert limit(con) == "244.1 MiB"
        assert limit(con) == "953.6 MiB"
        with pytest.raises(RuntimeError), warehouse.memory_capped(con, "256MB"):
            raise RuntimeError("a failing step")
        assert limit(con) == "953.6 MiB"  # restored when the block raises
    small = Warehouse(path=str(tmp_path / "w.duckdb"), memory_limit="128MiB")
    with small.connect() as con, small.memory_capped(con, "256MB"):
        assert limit(con) == "128.0 MiB"
    with pytest.raises(ValueError, match="memory_limit"), small.connect() as con, small.memory_capped(con, "1TB"):
        pass


def test_a_warehouse_of_the_old_air_layout_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA raw; CREATE TABLE raw.air_hourly (file_date DATE)")
    con.close()
    with pytest.raises(RuntimeError, match=r"old air layout .* delete it \(make clean\) and re-run"), \
            Warehouse(path=str(path)).connect():
        pass


def test_a_fresh_process_skips_the_schema_the_file_already_has(tmp_path, monkeypatch):
    """Without this process's record (a new run's process), connect compares the file with the schema applied to
    an empty database: everything there, nothing applied; a comment changed behind its back, applied again."""
    probe = "CREATE TABLE IF NOT EXISTS main.applied (n INTEGER); INSERT INTO main.applied VALUES (1);"
    monkeypatch.setattr(resource, "SCHEMA_SQL", SCHEMA_SQL + probe)
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))

    def applied_in_a_fresh_process() -> int:
        monkeypatch.setattr(resource, "_APPLIED", {})
        with warehouse.connect() as con:
            return con.execute("SELECT count(*) FROM main.applied").fetchone()[0]

    assert [applied_in_a_fresh_process() for _ in range(3)] == [1, 1, 1]
    with warehouse.connect() as con:
        con.execute("COMMENT ON COLUMN mart.air_city_day.aqi IS 'something else'")
    assert applied_in_a_fresh_process() == 2


def test_the_schema_only_creates_if_missing_adds_if_missing_and_comments():
    """Why skipping it when the file holds its catalog is exact: every statement is a no-op on a database that
    already has the tables, columns and comments it would give (a view, a macro or a type change would not be)."""
    allowed = re.compile(r"(CREATE SCHEMA IF NOT EXISTS|CREATE TABLE IF NOT EXISTS|ALTER TABLE \S+ ADD COLUMN IF NOT "
                         r"EXISTS|COMMENT ON (TABLE|COLUMN)) ")
    for statement in duckdb.extract_statements(SCHEMA_SQL):
        text = " ".join(line for line in statement.query.strip().splitlines() if not line.lstrip().startswith("--"))
        assert allowed.match(" ".join(text.split())), text[:120]

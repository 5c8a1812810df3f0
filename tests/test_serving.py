"""The BI side (warehouse/snapshot.py): Parquet versions swapped in atomically, read through a catalog of views."""

import datetime as dt
import subprocess
import venv
from pathlib import Path

import duckdb
import pytest

from warehouse import snapshot


@pytest.fixture
def con(tmp_path: Path):
    """A scratch warehouse: a table with days (a null day too), a small one, a table outside mart."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE SCHEMA mart; CREATE SCHEMA staging")
    con.execute("CREATE TABLE mart.hourly (station VARCHAR NOT NULL, day DATE, hour SMALLINT, aqi INTEGER, "
                "hour_end TIMESTAMPTZ, tags VARCHAR[])")
    con.execute("INSERT INTO mart.hourly SELECT 'S' || s, DATE '2020-01-01' + d::INT, h, (s * 7 + d * 3 + h) % 300, "
                "TIMESTAMPTZ '2020-01-01 00:00:00+08' + INTERVAL (d * 24 + h) HOUR, ['a', 'b'] "
                "FROM range(60) a(d), range(24) b(h), range(5) c(s)")
    con.execute("INSERT INTO mart.hourly VALUES ('S0', NULL, 0, 1, NULL, NULL)")
    con.execute("CREATE TABLE mart.small (code VARCHAR, name VARCHAR)")
    con.execute("INSERT INTO mart.small VALUES ('a', 'Alpha'), ('b', 'Beta')")
    con.execute("CREATE TABLE mart.empty (code VARCHAR, day DATE)")
    con.execute("CREATE TABLE staging.hidden AS SELECT 1 AS x")
    con.execute("COMMENT ON TABLE mart.hourly IS 'Hourly values'")
    con.execute("COMMENT ON COLUMN mart.hourly.aqi IS 'AQI'")
    yield con
    con.close()


def served(catalog: Path) -> dict:
    """What a BI client sees: every relation of the catalog, its sorted rows, columns, types and comments."""
    with duckdb.connect(str(catalog), read_only=True) as c:
        views = [r[0] for r in c.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal "
                                         "AND schema_name = 'mart' ORDER BY 1").fetchall()]
        return {
            "rows": {v: sorted(c.execute(f"FROM mart.{v}").fetchall(), key=repr) for v in views},
            "columns": c.execute("SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
                                 "WHERE schema_name = 'mart' ORDER BY ALL").fetchall(),
            "comments": c.execute("SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'mart' "
                                  "ORDER BY ALL").fetchall(),
            "tables": c.execute("SELECT count(*) FROM duckdb_tables()").fetchall()[0][0],
        }


def mart(con) -> dict:
    rows = {t: sorted(con.execute(f"FROM mart.{t}").fetchall(), key=repr) for t in ("empty", "hourly", "small")}
    columns = con.execute("SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
                          "WHERE schema_name = 'mart' ORDER BY ALL").fetchall()
    return {"rows": rows, "columns": columns}


def test_what_bi_sees_equals_mart(con, tmp_path):
    catalog = tmp_path / "serving.duckdb"
    result = snapshot.publish(con, catalog)
    seen = served(catalog)
    assert seen["rows"] == mart(con)["rows"]
    assert seen["columns"] == mart(con)["columns"]  # types and comments survive Parquet
    assert ("hourly", "Hourly values") in seen["comments"]
    assert seen["tables"] == 0  # views only: the data live in the Parquet version
    assert result.rows == {"empty": 0, "hourly": 7201, "small": 2}
    root = tmp_path / "serving"
    assert result.publish == 1
    # A table with a day column: a file per month of it (rows without a day apart); others, and an empty table
    # (its columns need a file), one file.
    assert sorted(p.relative_to(root).as_posix() for p in root.glob("*/*/*.parquet")) == [
        "empty/publish=1/data.parquet", "hourly/publish=1/2020-01.parquet", "hourly/publish=1/2020-02.parquet",
        "hourly/publish=1/none.parquet", "small/publish=1/data.parquet"]
    assert [p.name for p in (root / "_publish").iterdir()] == ["publish=1.parquet"]
    assert (result.files_written, result.files_linked) == (5, 0)


def test_nothing_changed_nothing_written(con, tmp_path):
    catalog = tmp_path / "serving.duckdb"
    first = snapshot.publish(con, catalog)
    again = snapshot.publish(con, catalog)
    assert again.changed == [] and not again.catalog_rewritten
    assert (first.publish, again.publish) == (1, 2)
    assert (again.files_written, again.files_linked) == (0, 5)
    root = tmp_path / "serving"
    for old in root.glob("*/publish=1/*.parquet"):  # the same files, linked: nothing rewritten
        new = root / old.parent.parent.name / "publish=2" / old.name
        assert old.stat().st_ino == new.stat().st_ino, old


def test_a_changed_table_is_written_again(con, tmp_path):
    catalog = tmp_path / "serving.duckdb"
    snapshot.publish(con, catalog)
    con.execute("UPDATE mart.hourly SET aqi = aqi + 1 WHERE day = DATE '2020-02-03'")
    result = snapshot.publish(con, catalog)
    assert result.changed == ["hourly"]
    assert (result.files_written, result.files_linked) == (1, 4)  # February only: a nightly rewrites its months
    inode = {(n, m): (tmp_path / "serving" / "hourly" / f"publish={n}" / f"2020-{m}.parquet").stat().st_ino
             for n in (1, 2) for m in ("01", "02")}
    assert inode[1, "01"] == inode[2, "01"] and inode[1, "02"] != inode[2, "02"]
    assert served(catalog)["rows"] == mart(con)["rows"]


def test_months_that_appear_or_empty_follow_the_table(con, tmp_path):
    """Rows of a new month get their file, a month whose rows are all gone has none, an emptied table keeps one
    empty file (its columns), and a table that gains rows leaves its empty file: BI sees the table each time."""
    catalog = tmp_path / "serving.duckdb"
    snapshot.publish(con, catalog)
    con.execute("DELETE FROM mart.hourly WHERE day < DATE '2020-02-01'")
    con.execute("INSERT INTO mart.hourly SELECT station, day + 60, hour, aqi, hour_end, tags FROM mart.hourly "
                "WHERE day = DATE '2020-02-29'")
    con.execute("INSERT INTO mart.empty VALUES ('x', DATE '2021-06-30')")
    con.execute("DELETE FROM mart.small")
    result = snapshot.publish(con, catalog)
    root = tmp_path / "serving"
    assert sorted(p.relative_to(root).as_posix() for p in root.glob("*/publish=2/*.parquet")) == [
        "empty/publish=2/2021-06.parquet", "hourly/publish=2/2020-02.parquet", "hourly/publish=2/2020-04.parquet",
        "hourly/publish=2/none.parquet", "small/publish=2/data.parquet"]
    assert (result.files_written, result.files_linked) == (3, 2)  # 2020-02 and none unchanged
    assert served(catalog)["rows"] == mart(con)["rows"]


def test_a_schema_change_rewrites_the_table_and_the_catalog(con, tmp_path):
    catalog = tmp_path / "serving.duckdb"
    snapshot.publish(con, catalog)
    con.execute("ALTER TABLE mart.small ADD COLUMN note VARCHAR")
    con.execute("CREATE TABLE mart.new_table AS SELECT 42 AS answer")
    result = snapshot.publish(con, catalog)
    assert result.catalog_rewritten and result.changed == ["new_table", "small"]
    assert served(catalog)["rows"]["new_table"] == [(42,)]


def test_only_the_current_and_the_previous_publish_are_kept(con, tmp_path, monkeypatch):
    catalog = tmp_path / "serving.duckdb"
    for _ in range(3):
        snapshot.publish(con, catalog)
    # Within the grace period a superseded publish stays: a query may have listed its files.
    assert len(list((tmp_path / "serving" / "_publish").iterdir())) == 3
    monkeypatch.setattr(snapshot, "GRACE_SECONDS", -1)
    snapshot.publish(con, catalog)
    root = tmp_path / "serving"
    assert sorted(p.name for p in (root / "_publish").iterdir()) == ["publish=3.parquet", "publish=4.parquet"]
    assert sorted(p.name for p in (root / "hourly").iterdir()) == ["publish=3", "publish=4"]
    assert not [p for p in root.iterdir() if p.name.startswith(".")]


def test_a_failed_publish_leaves_the_published_one_alone(con, tmp_path, monkeypatch):
    catalog = tmp_path / "serving.duckdb"
    snapshot.publish(con, catalog)
    before = served(catalog)
    con.execute("DELETE FROM mart.small")

    def broken(path):
        raise OSError("disk full")

    monkeypatch.setattr(snapshot, "_sync_file", broken)
    with pytest.raises(OSError, match="disk full"):
        snapshot.publish(con, catalog)
    assert served(catalog) == before
    root = tmp_path / "serving"
    assert sorted(p.relative_to(root).as_posix() for p in root.glob("*/publish=*")) == [
        "_publish/publish=1.parquet", "empty/publish=1", "hourly/publish=1", "small/publish=1"]
    monkeypatch.undo()
    assert snapshot.publish(con, catalog).publish == 2  # the next publish goes through
    assert served(catalog)["rows"]["small"] == []


def test_a_held_connection_sees_the_next_publish(con, tmp_path):
    """What pooled BI clients do: one connection kept open across publishes."""
    catalog = tmp_path / "serving.duckdb"
    snapshot.publish(con, catalog)
    reader = duckdb.connect(str(catalog), read_only=True)
    try:
        assert reader.execute("SELECT count(*) FROM mart.small").fetchall() == [(2,)]
        con.execute("INSERT INTO mart.small VALUES ('c', 'Gamma')")
        snapshot.publish(con, catalog)
        assert reader.execute("SELECT count(*) FROM mart.small").fetchall() == [(3,)]
    finally:
        reader.close()


@pytest.fixture(scope="session")
def old_client(tmp_path_factory) -> Path:
    """DuckDB 1.x in its own environment: the client generation BI tools (JDBC drivers, older CLIs) ship."""
    env = tmp_path_factory.mktemp("duckdb1") / "venv"
    venv.create(env, with_pip=True)
    subprocess.run([env / "bin" / "pip", "install", "--quiet", "duckdb>=1.0,<2"], check=True)
    return env / "bin" / "python"


def test_an_older_client_reads_the_catalog(con, tmp_path, old_client):
    catalog = tmp_path / "serving.duckdb"
    snapshot.publish(con, catalog)
    script = ("import sys, duckdb; c = duckdb.connect(sys.argv[1], read_only=True); "
              "print(duckdb.__version__, c.execute('SELECT count(*), max(day) FROM mart.hourly').fetchall()[0], "
              "c.execute('SELECT name FROM mart.small ORDER BY code').fetchall())")
    out = subprocess.run([old_client, "-c", script, str(catalog)], capture_output=True, text=True, check=True).stdout
    version, rest = out.split(" ", 1)
    assert version.startswith("1.")
    assert rest.strip() == f"(7201, {dt.date(2020, 2, 29)!r}) [('Alpha',), ('Beta',)]"

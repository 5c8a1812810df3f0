"""The warehouse connection, decided once: one DuckDB file, one connection per run, schema applied on connect."""

from __future__ import annotations

import ctypes
import re
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
from pydantic import Field, PrivateAttr

#: The DDL of every table, one file per feed, applied in name order.
SCHEMA_SQL = "\n".join(p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent / "schema").glob("*.sql")))
SQL_DIR = Path(__file__).parent / "sql"
#: Per database path, the catalog right after this process last applied SCHEMA_SQL to it (see Warehouse.connect).
_APPLIED: dict[str, frozenset] = {}
_CATALOG = ("SELECT schema_name, table_name, column_name, data_type, comment FROM duckdb_columns() "
            "WHERE database_name = current_database() UNION ALL "
            "SELECT schema_name, table_name, NULL, NULL, comment FROM duckdb_tables() "
            "WHERE database_name = current_database()")
_MEMORY_LIMIT = re.compile(r"\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)")
_UNIT_BYTES = {"KB": 10**3, "MB": 10**6, "GB": 10**9, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30}


def _limit_bytes(limit: str) -> float:
    """Bytes of a memory_limit text (``1.5GB``, ``512MiB``), units as DuckDB reads them."""
    match = _MEMORY_LIMIT.fullmatch(limit)
    if not match:
        raise ValueError(f"memory_limit must look like 2GB or 512MiB, got {limit!r}")
    return float(limit[:match.start(2)]) * _UNIT_BYTES[match.group(2)]


def release_large_buffers() -> None:
    """Make this process hand large freed buffers back to the OS (glibc only; elsewhere nothing to do).

    glibc raises its mmap threshold each time a large block is freed (up to 32 MiB), so the month-sized numpy and
    pandas buffers of a backfill were then carved from its heaps and kept there after use: the staging step's
    RSS peaked at 4.6 GB. A fixed threshold (glibc's initial 128 KiB) maps each large buffer on its own and
    unmaps it on free: 3.1 GB, for a few more page faults (bench/README.md).
    """
    try:
        mallopt = getattr(ctypes.CDLL("libc.so.6"), "mallopt", None)
    except OSError:
        return
    if mallopt is not None:
        m_mmap_threshold = -3  # <malloc.h>
        mallopt(m_mmap_threshold, 128 * 1024)


def sql(name: str) -> str:
    """The text of ``warehouse/sql/<name>.sql``."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


class Warehouse(dg.ConfigurableResource):
    """The DuckDB file the pipeline writes (QW_WAREHOUSE). One writer at a time."""

    path: str = Field(description="Path of the DuckDB warehouse file the pipeline writes.")
    timezone: str = Field(default="Asia/Shanghai", description="Session time zone for TIMESTAMPTZ values.")
    serving_path: str | None = Field(
        default=None, description="The read-only snapshot BI tools open; default serving.duckdb beside the warehouse.")
    # 768 MB: DuckDB keeps the blocks it reads and writes cached up to memory_limit, from step to step. A year's
    # warehouse is ≈ 1 GB (staging.air_hourly and mart.air_station_hour ≈ 0.5 GB each), so at 1.5 GB the station-hour
    # mart and the snapshot kept both tables (DuckDB 1.1–1.35 GB, 1.3–1.4 GB resident; the process at 1.9–2.1 GB);
    # at 1 GB they peaked at 1.53–1.56 GB (1.7–1.95 when staging had left memory behind), at 768 MB at 1.30–1.36 GB.
    # The least recently used blocks go and are read again from the OS page cache (≈ 0.25 s of CPU per pass over a
    # 0.5 GB table; the snapshot's first publish ≈ 1 s longer). The year ran without spilling down to 512 MB.
    memory_limit: str = Field(
        default="768MB", description="DuckDB memory_limit of each connection (2GB, 1.5GB, 512MiB …); past it DuckDB "
                                   "spills to a .tmp directory beside the warehouse.")

    @property
    def serving_file(self) -> str:
        return self.serving_path or str(Path(self.path).with_name("serving.duckdb"))

    @property
    def raw_dir(self) -> Path:
        """Where raw feed files are kept as received (``raw/`` beside the warehouse): the warehouse's raw tables
        hold one row per file with its path here, size and SHA-256. Files, not BLOBs: DuckDB rewrites a table's
        BLOBs at each checkpoint, so a year of 2 MB files loaded one transaction each grows quadratically."""
        return Path(self.path).parent / "raw"

    _run_connection: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        # One connection for the whole run (Dagster opens the resource once per run with the in-process
        # executor): closing DuckDB's last connection checkpoints the file, seconds per step on a year's
        # warehouse. It is closed when the run ends, so readers then see a checkpointed file.
        release_large_buffers()
        self._run_connection = self._open()

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._run_connection is not None:
            self._run_connection.close()
            self._run_connection = None

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The run's connection when the resource runs inside Dagster; otherwise a connection of its own."""
        if self._run_connection is not None:
            yield self._run_connection
            return
        con = self._open()
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def memory_capped(self, con: duckdb.DuckDBPyConnection, limit: str) -> Iterator[None]:
        """DuckDB's memory_limit lowered to ``limit`` (never raised above the resource's) while the block runs, then
        the resource's again. For a step that writes what it will not read back: DuckDB would keep every block it
        writes cached (up to memory_limit) beside the step's own frames; the steps after it read them from the
        OS page cache instead. The limit is the database's, so it holds for every cursor of the connection."""
        capped = min((limit, self.memory_limit), key=_limit_bytes)
        con.execute(f"SET memory_limit = '{capped}'")  # checked by _limit_bytes: safe to inline
        try:
            yield
        finally:
            con.execute(f"SET memory_limit = '{self.memory_limit}'")

    def _open(self) -> duckdb.DuckDBPyConnection:
        zoneinfo.ZoneInfo(self.timezone)  # fail early on a bad zone name; it is then safe to inline
        _limit_bytes(self.memory_limit)  # inlined too (SET takes no bound parameters): fails unless it is a size
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(self.path)
        try:
            con.execute(f"SET TimeZone = '{self.timezone}'")
            con.execute(f"SET memory_limit = '{self.memory_limit}'")
            # DuckDB checkpoints whenever the write-ahead log passes 16 MiB: on a year's warehouse a nightly
            # run paid seconds of checkpoints in whichever step crossed it. With 256 MiB a nightly is
            # checkpointed once, when the run's connection closes; a backfill still checkpoints as it goes
            # (data not yet checkpointed is held in DuckDB's memory, within memory_limit).
            con.execute("SET checkpoint_threshold = '256MiB'")
            # Row order carries no meaning here (every reader sorts), and without it DuckDB writes an insert's
            # row groups in parallel straight to the file: a backfill's final checkpoint went from 5–7 s to
            # 0.7 s and the first serving snapshot from 15–20 s to 11 s.
            con.execute("SET preserve_insertion_order = false")
            # SCHEMA_SQL is idempotent but not free. Skipping it is exact when everything it left in the
            # catalog last time (tables, columns, types, comments) is still there; a deleted, recreated or
            # replaced file fails that check and gets it again. One transaction: one commit instead of one
            # per statement (3 s → 0.3 s), and all or nothing.
            if con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND "
                           "schema_name = 'raw' AND table_name = 'air_hourly'").fetchone()[0]:
                raise RuntimeError(f"{self.path} was built with the old air layout (raw.air_hourly, one row per cell); "
                                   "the station-hour layout cannot migrate it in place: delete it (make clean) and "
                                   "re-run, the marts are rebuilt from the feeds")
            # A fresh process (every run of `make run`, the benchmark) has no such record, so it also skips when
            # the file holds everything SCHEMA_SQL gives an empty database: its statements (CREATE … IF NOT
            # EXISTS, ADD COLUMN IF NOT EXISTS, COMMENT ON) then change nothing. That catalog is the in-memory
            # one table_metadata() builds anyway (a nightly: 0.12 s of CPU, and the catalog's checkpoint, saved).
            key = str(Path(self.path).resolve())
            catalog = frozenset(con.execute(_CATALOG).fetchall())
            if not (_schema_database(SCHEMA_SQL)[0] <= catalog or (key in _APPLIED and _APPLIED[key] <= catalog)):
                con.execute(f"BEGIN TRANSACTION;\n{SCHEMA_SQL}\nCOMMIT;")
                _APPLIED[key] = frozenset(con.execute(_CATALOG).fetchall())
        except BaseException:
            con.close()
            raise
        return con


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of ``schema.table`` in table order."""
    return con.table(table).columns  # binds the table only: 0.2 ms, information_schema takes 2–5 ms


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, where: str,
                 params: list | None = None) -> int:
    """Delete the rows of ``table`` matching ``where`` and insert the frame's columns that the table has,
    in one transaction.

    Re-running a window therefore replaces it exactly. ``table`` and ``where``
    are code constants; every value from a feed travels as a bound parameter
    or inside the frame.
    """
    with transaction(con):
        con.execute(f"DELETE FROM {table} WHERE {where}", params or [])
        return insert_rows(con, table, frame)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back if it raises (or the process dies)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Append the frame's columns that ``table`` has (inside the caller's transaction, if any)."""
    incoming_rows = frame.select([c for c in table_columns(con, table) if c in frame.columns])
    if incoming_rows.height:
        # DuckDB reads the local frame by name (a replacement scan); a registered Arrow table would stay
        # alive until the transaction commits.
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
    return incoming_rows.height


def query_frame(con: duckdb.DuckDBPyConnection, query: str, params: dict | list | None = None) -> pl.DataFrame:
    """Run a query and return a Polars frame (through Arrow, no copy of the values)."""
    return pl.from_arrow(con.sql(query, params=params or None).to_arrow_table())


@cache
def _schema_database(schema_sql: str) -> tuple[frozenset, list]:
    """``schema_sql`` applied to an empty in-memory database (~0.1 s, once per process): its catalog as
    ``_CATALOG`` reads it, and per table its columns with their types and comments."""
    con = duckdb.connect()
    try:
        con.execute(schema_sql)
        catalog = frozenset(con.execute(_CATALOG).fetchall())
        columns = con.execute("SELECT schema_name, table_name, list([column_name, data_type, comment] "
                              "ORDER BY column_index) FROM duckdb_columns() WHERE schema_name IN "
                              "('raw', 'staging', 'mart') GROUP BY ALL").fetchall()
    finally:
        con.close()
    return catalog, columns


def table_metadata() -> dict[tuple[str, str], dict]:
    """(schema, table) → the Dagster definition metadata of the warehouse table an asset writes: its name and its
    columns with their types and comments (the schema DDL applied to an in-memory database, ~0.1 s)."""
    columns = _schema_database(SCHEMA_SQL)[1]
    return {(schema, table): {
        "dagster/table_name": f"warehouse.{schema}.{table}",
        "dagster/column_schema": dg.TableSchema(columns=[
            dg.TableColumn(name=name, type=kind, description=comment) for name, kind, comment in cols]),
    } for schema, table, cols in columns}

"""The warehouse connection, decided once: one DuckDB file, schema applied on connect."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
from pydantic import Field

#: The DDL of every table, one file per feed, applied in name order.
SCHEMA_SQL = "\n".join(p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent / "schema").glob("*.sql")))
SQL_DIR = Path(__file__).parent / "sql"


def sql(name: str) -> str:
    """The text of ``warehouse/sql/<name>.sql``."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


class Warehouse(dg.ConfigurableResource):
    """The DuckDB file the pipeline writes (QW_WAREHOUSE). One writer at a time."""

    path: str = Field(description="Path of the DuckDB warehouse file the pipeline writes.")
    timezone: str = Field(default="Asia/Shanghai", description="Session time zone for TIMESTAMPTZ values.")
    serving_path: str | None = Field(
        default=None, description="The read-only snapshot BI tools open; default serving.duckdb beside the warehouse.")

    @property
    def serving_file(self) -> str:
        return self.serving_path or str(Path(self.path).with_name("serving.duckdb"))

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        zoneinfo.ZoneInfo(self.timezone)  # fail early on a bad zone name; it is then safe to inline
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(self.path)
        try:
            con.execute(f"SET TimeZone = '{self.timezone}'")
            con.execute(SCHEMA_SQL)
            yield con
        finally:
            con.close()


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of ``schema.table`` in table order."""
    schema, name = table.split(".")
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
        "ORDER BY ordinal_position", [schema, name]).fetchall()]


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, where: str,
                 params: list | None = None) -> int:
    """Delete the rows of ``table`` matching ``where`` and insert the frame's columns that the table has,
    in one transaction.

    Re-running a window therefore replaces it exactly. ``table`` and ``where``
    are code constants; every value from a feed travels as a bound parameter
    or inside the frame.
    """
    frame = frame.select([c for c in table_columns(con, table) if c in frame.columns])
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM {table} WHERE {where}", params or [])
        if frame.height:
            con.register("incoming_rows", frame.to_arrow())
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
            con.unregister("incoming_rows")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return frame.height


def query_frame(con: duckdb.DuckDBPyConnection, query: str, params: dict | list | None = None) -> pl.DataFrame:
    """Run a query and return a Polars frame (through Arrow, no copy of the values)."""
    return pl.from_arrow(con.sql(query, params=params or None).to_arrow_table())

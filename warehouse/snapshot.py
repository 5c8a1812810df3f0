"""Publish a read-only snapshot of the mart schema for BI tools.

DuckDB allows one writing process per file, and a reader holding the working
file would block the nightly run. So BI reads a separate file that the pipeline
replaces atomically after a successful run: copy ``mart`` into ``<serving>.tmp``,
then ``os.replace`` it over the serving file. Readers mid-query keep the version
they opened (the old inode); new connections see the new one; half-written or
unvalidated data is never visible.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def publish(con: duckdb.DuckDBPyConnection, serving_path: str | Path, schema: str = "mart") -> dict[str, int]:
    """Copy every table of ``schema`` (with comments) into a new file and swap it in; rows per table."""
    serving = Path(serving_path)
    serving.parent.mkdir(parents=True, exist_ok=True)
    tmp = serving.with_name(serving.name + ".tmp")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = ? "
        "ORDER BY table_name", [schema]).fetchall()]
    rows: dict[str, int] = {}
    # The path is configuration, not feed text; ATTACH takes no bound parameters, so it is quoted.
    con.execute(f"ATTACH {_quote(str(tmp))} AS snapshot")
    try:
        con.execute(f"CREATE SCHEMA snapshot.{schema}")
        for table in tables:
            con.execute(f"CREATE TABLE snapshot.{schema}.{table} AS SELECT * FROM {schema}.{table}")
            rows[table] = con.execute(f"SELECT count(*) FROM snapshot.{schema}.{table}").fetchone()[0]
        for table, comment in con.execute(
                "SELECT table_name, comment FROM duckdb_tables() WHERE database_name = current_database() "
                "AND schema_name = ? AND comment IS NOT NULL", [schema]).fetchall():
            con.execute(f"COMMENT ON TABLE snapshot.{schema}.{table} IS {_quote(comment)}")
        for table, column, comment in con.execute(
                "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE database_name = "
                "current_database() AND schema_name = ? AND comment IS NOT NULL", [schema]).fetchall():
            con.execute(f'COMMENT ON COLUMN snapshot.{schema}.{table}."{column}" IS {_quote(comment)}')
    finally:
        con.execute("DETACH snapshot")
    os.replace(tmp, serving)
    return rows

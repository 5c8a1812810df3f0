"""The warehouse documents itself: every table and column of raw, staging and mart has a comment."""

import duckdb

from warehouse.resource import SCHEMA_SQL


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

"""Publish a read-only snapshot of the mart schema for BI tools.

DuckDB allows one writing process per file, and a reader holding the working
file would block the nightly run. So BI reads a separate file that the pipeline
replaces atomically after a successful run: build ``<serving>.tmp``, then
``os.replace`` it over the serving file. Readers mid-query keep the version
they opened (the old inode); new connections see the new one; half-written or
unvalidated data is never visible.

Copying all of mart takes seconds once it holds a year (17.8 M station-hours),
so the new file starts as a byte copy of the last published one, which the
pipeline keeps as ``<serving>.base`` (a hard link: neither name is ever written
in place), and only what differs from mart is rewritten. What differs is found
by fingerprints (rows, XOR and sum of row hashes) per table, and per ``day`` for
tables that have that column: mart's are computed at each publish; the base's
were mart's at the last publish, kept in ``<serving>.base.json`` with the
base's inode, size and mtime, and are recomputed from the file when that record
does not match it. The base is only a starting point: every table ends equal to
mart whatever the base holds, and with no usable base (first publish, an
unreadable file, or one grown to twice its size at the last full build) the
snapshot is built from an empty file, which is the full copy.
"""

from __future__ import annotations

import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

#: Tables with this DATE column are compared and rewritten day by day; the others whole.
DAY = "day"
#: Rebuild from empty once the file has grown to this multiple of its size at the last full build: rewritten
#: days are appended as new, partly filled row groups.
MAX_GROWTH = 2.0


@dataclass(frozen=True)
class Published:
    rows: dict[str, int]      # rows per published table
    changed: dict[str, str]   # table → what was rewritten ("whole table", "2 days"); unchanged tables absent
    incremental: bool         # started from the last published file (False: built from empty)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _identity(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def _tables(con: duckdb.DuckDBPyConnection, database: str, schema: str) -> dict[str, tuple]:
    """Table → its ((column, type), …) in order."""
    return {t: tuple(map(tuple, cols)) for t, cols in con.execute(
        "SELECT table_name, list([column_name, data_type] ORDER BY column_index) FROM duckdb_columns() "
        "WHERE database_name = ? AND schema_name = ? GROUP BY table_name", [database, schema]).fetchall()}


def _fingerprints(con: duckdb.DuckDBPyConnection, table: str, columns: tuple) -> dict[str | None, list[int]]:
    """Day (ISO text; None for a whole table or a null day) → [rows, XOR of row hashes, sum of row hashes]."""
    key = _ident(DAY) if (DAY, "DATE") in columns else "NULL"
    row_hash = f"hash({', '.join(_ident(c) for c, _ in columns)})"
    return {None if k is None else str(k): [n, x, s] for k, n, x, s in con.execute(
        f"SELECT k, count(*), bit_xor(h), sum(h) FROM (SELECT {key} AS k, {row_hash} AS h FROM {table}) "
        "GROUP BY k").fetchall()}


def _record(base: Path) -> dict | None:
    """What is known of the base: its record, with ``tables`` {table: fingerprints} (empty when the record
    does not describe this file); None when there is no base or it has outgrown MAX_GROWTH: start empty."""
    if not base.exists():
        return None
    try:
        record = json.loads(_beside(base, ".json").read_text(encoding="utf-8"))
        if record["file"] != _identity(base) or record["duckdb"] != duckdb.__version__:
            return {"tables": {}}
        record["tables"] = {t: {k: v for k, *v in p} for t, p in record["tables"].items()}
        return None if base.stat().st_size > MAX_GROWTH * record["full_size"] else record
    except (OSError, ValueError, TypeError, KeyError):
        return {"tables": {}}


def _copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)  # copy_file_range/sendfile: in the kernel
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)  # DuckDB's checkpoint would wait for this write; here it overlaps hashing mart
    finally:
        os.close(fd)


def _attach(con: duckdb.DuckDBPyConnection, tmp: Path, schema: str, copied: bool) -> bool:
    """ATTACH ``tmp`` as ``snapshot``: the copy of the base if it is a usable snapshot (True), else a new file."""
    if copied:
        try:
            con.execute(f"ATTACH {_quote(str(tmp))} AS snapshot")
        except duckdb.Error:
            pass  # not a file DuckDB can open: start afresh
        else:
            if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'snapshot' "
                               "AND schema_name <> ?", [schema]).fetchone()[0]:
                return True
            con.execute("DETACH snapshot")
        for leftover in (tmp, _beside(tmp, ".wal")):
            leftover.unlink(missing_ok=True)
    con.execute(f"ATTACH {_quote(str(tmp))} AS snapshot")
    return False


def _sync(con: duckdb.DuckDBPyConnection, schema: str, source: dict, prints: dict, known: dict) -> dict[str, str]:
    """Make ``snapshot.<schema>`` equal to ``<schema>``, table by table; what was rewritten.

    ``source``: mart's tables and columns; ``prints``: their fingerprints; ``known``: the snapshot's
    fingerprints where known, the others are computed from the file.
    """
    con.execute(f"CREATE SCHEMA IF NOT EXISTS snapshot.{schema}")
    target = _tables(con, "snapshot", schema)
    changed: dict[str, str] = {}
    for table in sorted(target.keys() - source.keys()):
        con.execute(f"DROP TABLE snapshot.{schema}.{_ident(table)}")
    for table, columns in sorted(source.items()):
        src, dst = f"{schema}.{_ident(table)}", f"snapshot.{schema}.{_ident(table)}"
        if target.get(table) != columns:  # a new table or other columns: copy it whole
            days = None
        else:
            old = known[table] if table in known else _fingerprints(con, dst, columns)
            days = sorted((k for k in prints[table].keys() | old.keys() if prints[table].get(k) != old.get(k)),
                          key=str)
            if not days:
                continue
        if days and (DAY, "DATE") in columns and len(days) * 2 <= len(prints[table]):
            # Literal dates (from DuckDB's own DATE values) let DuckDB skip row groups by their min/max day.
            where = f"{_ident(DAY)} IN ({', '.join(f'DATE {_quote(d)}' for d in days if d)})"
            if None in days:
                where = f"({where} OR {_ident(DAY)} IS NULL)"
            con.execute(f"DELETE FROM {dst} WHERE {where}")
            con.execute(f"INSERT INTO {dst} SELECT * FROM {src} WHERE {where}")
            changed[table] = f"{len(days)} day{'s' if len(days) > 1 else ''}"
        else:
            con.execute(f"CREATE OR REPLACE TABLE {dst} AS SELECT * FROM {src}")
            changed[table] = "whole table"
    # Comments: set the ones that differ (a recreated table has none), removals (IS NULL) included.
    comments = ("SELECT table_name, NULL AS column_name, comment FROM duckdb_tables() WHERE database_name = ? "
                "AND schema_name = ? UNION ALL SELECT table_name, column_name, comment FROM duckdb_columns() "
                "WHERE database_name = ? AND schema_name = ?")
    db = con.execute("SELECT current_database()").fetchone()[0]
    for table, column, comment in con.execute(
            f"SELECT a.table_name, a.column_name, a.comment FROM ({comments}) a JOIN ({comments}) b "
            "ON a.table_name = b.table_name AND a.column_name IS NOT DISTINCT FROM b.column_name "
            "WHERE a.comment IS DISTINCT FROM b.comment", [db, schema] * 2 + ["snapshot", schema] * 2).fetchall():
        name = f"snapshot.{schema}.{_ident(table)}" + (f".{_ident(column)}" if column else "")
        con.execute(f"COMMENT ON {'COLUMN' if column else 'TABLE'} {name} IS "
                    f"{'NULL' if comment is None else _quote(comment)}")
    return changed


def publish(con: duckdb.DuckDBPyConnection, serving_path: str | Path, schema: str = "mart") -> Published:
    """Make the serving file an exact copy of every table of ``schema`` (with comments), swapped in atomically."""
    serving = Path(serving_path)
    serving.parent.mkdir(parents=True, exist_ok=True)
    tmp, base = _beside(serving, ".tmp"), _beside(serving, ".base")
    new_base, record_path = _beside(base, ".new"), _beside(base, ".json")
    new_record = _beside(record_path, ".new")
    for leftover in (tmp, _beside(tmp, ".wal"), new_base, new_record):
        leftover.unlink(missing_ok=True)
    record = _record(base)
    source = _tables(con, con.execute("SELECT current_database()").fetchone()[0], schema)
    try:
        with ThreadPoolExecutor(1) as pool:  # copying is I/O, hashing is DuckDB's threads: side by side
            copying = pool.submit(_copy, base, tmp) if record is not None else None
            prints = {t: _fingerprints(con, f"{schema}.{_ident(t)}", cols) for t, cols in source.items()}
            if copying:
                copying.result()
        # The path is configuration, not feed text; ATTACH takes no bound parameters, so it is quoted.
        incremental = _attach(con, tmp, schema, copied=record is not None)
        try:
            changed = _sync(con, schema, source, prints, record["tables"] if incremental else {})
            con.execute("CHECKPOINT snapshot")  # everything in the file itself, no .wal to leave behind
        finally:
            con.execute("DETACH snapshot")
    except BaseException:
        for leftover in (tmp, _beside(tmp, ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    # The base must hold exactly what is published, so it is taken from tmp before the swap, and its record
    # names its inode, size and mtime: a crash between the renames leaves a record that no longer matches
    # (the next publish then fingerprints the base itself) or an older base (it then rewrites more).
    try:
        os.link(tmp, new_base)
    except OSError:  # a file system without hard links
        shutil.copyfile(tmp, new_base)
    new_record.write_text(json.dumps({
        "file": _identity(new_base), "duckdb": duckdb.__version__,
        "full_size": record["full_size"] if incremental and "full_size" in record else new_base.stat().st_size,
        "tables": {t: [[k, *v] for k, v in p.items()] for t, p in prints.items()},  # JSON keys cannot be None
    }), encoding="utf-8")
    os.replace(tmp, serving)
    os.replace(new_base, base)
    os.replace(new_record, record_path)
    return Published(rows={t: sum(n for n, _, _ in p.values()) for t, p in sorted(prints.items())},
                     changed=changed, incremental=incremental)

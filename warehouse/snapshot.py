"""Publish the mart schema for BI tools: immutable Parquet files per publish, read through a small catalog file.

Why not a copy of the DuckDB file swapped with ``os.replace``: a DuckDB client keeps the database instance of a
path open for the life of its process, so a pooled or long-lived client (Metabase, Superset, DBeaver, a notebook)
goes on reading the old, unlinked file after a swap and silently shows yesterday; and a file in DuckDB 2's storage
format is refused by the 1.x clients BI tools ship. Why not Parquet files replaced at a fixed path: DuckDB lists
and opens a query's files at bind time and opens them again to scan, so a file replaced in between is read with
the old file's footer (measured: a reader in a tight loop failed on about one publish in five). So:

- ``<serving>/<table>/publish=<N>/<part>.parquet``: each publish N writes every table once, under a new directory
  (written elsewhere, then renamed in whole). A table with a DATE column ``day`` has one file per month of it
  (``2019-03.parquet``; ``none.parquet`` for rows without a day), any other table one file (``data.parquet``). A
  file whose rows are unchanged since the last publish (same fingerprint: rows, XOR and sum of row hashes) is a
  hard link to its last file, so a nightly rewrites the months it changed, not the year. No path ever gets other
  bytes.
- ``<serving>/_publish/publish=<N>.parquet``: written last, when every table of N is in place: the publish exists
  from that moment.
- ``<serving>.duckdb``: the catalog BI opens read-only: per table a view reading its files with
  ``WHERE publish = (SELECT max(publish) FROM <serving>/_publish/*.parquet)`` (DuckDB prunes the other publishes'
  files by that filter before opening them), with the tables' comments, and the view ``latest_attainment``.
  Storage version v1.0.0, which DuckDB 1.0 and later open; rewritten (temporary file, ``os.replace``) only when
  the set of tables or columns changes. The views read the files at each query, so a client that holds a
  connection sees a publish on its next query.

The previous publish stays until the next one, and a superseded one ten minutes more (a query that listed its
files may still be reading them); then it is moved out of the listed directories and deleted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

#: The catalog's storage version: readable by DuckDB 1.0 and later (the 1.x JDBC drivers BI tools ship).
CATALOG_STORAGE_VERSION = "v1.0.0"
LATEST_ATTAINMENT_SQL = Path(__file__).parent / "sql" / "latest_attainment.sql"
PUBLISH_DIR = "_publish"
#: A superseded publish stays readable this long after the next one (and at least until the one after): the
#: longest a BI query that listed its files may still be reading them.
GRACE_SECONDS = 600


#: A table with a DATE column of this name is published as one file per month of it.
PARTITION_COLUMN = "day"
#: The file of a table published whole, and of an empty table (its columns need a file).
WHOLE = "data"


@dataclass(frozen=True)
class Published:
    rows: dict[str, int]      # rows per published table
    changed: list[str]        # tables with a file written (all the others' files are hard links to their last ones)
    publish: int              # the publish number now current
    catalog_rewritten: bool   # the catalog file was rewritten (the tables or their columns changed)
    files_written: int = 0    # Parquet files written (the rest of the publish's files are links)
    files_linked: int = 0


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def serving_dir(catalog: Path) -> Path:
    """The directory of the Parquet files beside the catalog file (``data/serving.duckdb`` → ``data/serving``)."""
    return catalog.with_suffix("")


def _tables(con: duckdb.DuckDBPyConnection, schema: str) -> dict[str, tuple]:
    """Table → its ((column, type), …) in order."""
    return {t: tuple(map(tuple, cols)) for t, cols in con.execute(
        "SELECT table_name, list([column_name, data_type] ORDER BY column_index) FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = ? GROUP BY table_name", [schema]).fetchall()}


def _fingerprints(con: duckdb.DuckDBPyConnection, table: str, columns: tuple) -> dict[str, list[int]]:
    """Part → [rows, XOR of row hashes, sum of row hashes] of a table, in one pass: equal fingerprints, equal rows.
    Parts are the months of the table's ``day`` column (``YYYY-MM``, ``none`` for a null day) when it has a DATE
    column of that name and rows, else the whole table (``data``)."""
    row_hash = f"hash({', '.join(_ident(c) for c, _ in columns)})"
    day = _ident(PARTITION_COLUMN)
    # The month as a number (year × 100 + month): a third of the cost of formatting it for every row.
    part = f"year({day}) * 100 + month({day})" if (PARTITION_COLUMN, "DATE") in columns else "0"
    rows = con.execute(f"SELECT part, count(*), coalesce(bit_xor(h), 0), coalesce(sum(h), 0) "
                       f"FROM (SELECT {part} AS part, {row_hash} AS h FROM {table}) GROUP BY part").fetchall()
    name = {0: WHOLE, None: "none"}
    return {name.get(p) or f"{p // 100:04d}-{p % 100:02d}": [n, x, int(total)]
            for p, n, x, total in rows} or {WHOLE: [0, 0, 0]}


def _part_rows(table: str, part: str) -> str:
    """The query of one part's rows (see :func:`_fingerprints`)."""
    if part == WHOLE:
        return f"SELECT * FROM {table}"
    if part == "none":
        return f"SELECT * FROM {table} WHERE {_ident(PARTITION_COLUMN)} IS NULL"
    first = dt.date.fromisoformat(f"{part}-01")
    after = (first + dt.timedelta(days=31)).replace(day=1)
    return (f"SELECT * FROM {table} WHERE {_ident(PARTITION_COLUMN)} >= DATE '{first}' "
            f"AND {_ident(PARTITION_COLUMN)} < DATE '{after}'")


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _comments(con: duckdb.DuckDBPyConnection, schema: str) -> list[tuple[str, str | None, str]]:
    return con.execute(
        "SELECT table_name, NULL, comment FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = $s AND comment IS NOT NULL UNION ALL "
        "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = $s AND comment IS NOT NULL ORDER BY ALL", {"s": schema}).fetchall()


def _view_sql(root: Path, table: str) -> str:
    files = _quote(str(root / table / "*" / "*.parquet"))
    publishes = _quote(str(root / PUBLISH_DIR / "*.parquet"))
    return (f"SELECT * EXCLUDE (publish) FROM read_parquet({files}, hive_partitioning = true, "
            f"hive_types = {{'publish': BIGINT}}) WHERE publish = (SELECT max(publish) FROM read_parquet({publishes}))")


def _write_catalog(con: duckdb.DuckDBPyConnection, catalog: Path, schema: str, source: dict, root: Path) -> None:
    """A new catalog file: a view per table, comments, latest_attainment; swapped in with os.replace."""
    tmp = catalog.with_name(catalog.name + ".tmp")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    # Paths are configuration, not feed text; ATTACH and read_parquet in a view take no bound parameters.
    con.execute(f"ATTACH {_quote(str(tmp))} AS serving_catalog (STORAGE_VERSION {_quote(CATALOG_STORAGE_VERSION)})")
    try:
        con.execute(f"CREATE SCHEMA serving_catalog.{schema}")
        for table in sorted(source):
            con.execute(f"CREATE VIEW serving_catalog.{schema}.{_ident(table)} AS {_view_sql(root, table)}")
        for table, column, comment in _comments(con, schema):
            if table in source:
                name = f"serving_catalog.{schema}.{_ident(table)}" + (f".{_ident(column)}" if column else "")
                con.execute(f"COMMENT ON {'COLUMN' if column else 'VIEW'} {name} IS {_quote(comment)}")
        if "target_attainment" in source and "dim_area" in source:
            # Bound here against the warehouse's tables of the same names; stored as text, so a client resolves
            # them to the catalog's views.
            con.execute(f"CREATE VIEW serving_catalog.{schema}.latest_attainment AS "
                        f"{LATEST_ATTAINMENT_SQL.read_text('utf-8')}")
            con.execute(f"COMMENT ON VIEW serving_catalog.{schema}.latest_attainment IS 'Each plan indicator of each "
                        "assessed city at its latest period with a value: what the make run summary prints'")
        con.execute("CHECKPOINT serving_catalog")
    finally:
        con.execute("DETACH serving_catalog")
    os.replace(tmp, catalog)


def _publishes(root: Path) -> list[int]:
    return sorted(int(p.name.removeprefix("publish=").removesuffix(".parquet"))
                  for p in (root / PUBLISH_DIR).glob("publish=*.parquet"))


def publish(con: duckdb.DuckDBPyConnection, catalog_path: str | Path, schema: str = "mart") -> Published:
    """Publish every table of ``schema`` as publish N+1, make it current, and keep the catalog current."""
    catalog = Path(catalog_path).absolute()
    root = serving_dir(catalog)
    building, trash = root / ".building", root / ".trash"
    for scratch in (building, trash):
        shutil.rmtree(scratch, ignore_errors=True)
    (root / PUBLISH_DIR).mkdir(parents=True, exist_ok=True)
    state_path = root / "_state.json"
    try:
        state = json.loads(state_path.read_text("utf-8"))
    except (OSError, ValueError):
        state = {}
    done = _publishes(root)
    last = done[-1] if done else None
    number = max(done + [state.get("publish", 0)]) + 1
    source = _tables(con, schema)
    prints: dict[str, dict[str, list[int]]] = {}
    changed: list[str] = []
    fresh: list[Path] = []  # files written (the others are links)
    linked = 0
    last_parts = state.get("parts", {}) if last is not None and state.get("publish") == last else {}
    try:
        building.mkdir()
        for table, columns in sorted(source.items()):
            name = f"{schema}.{_ident(table)}"
            prints[table] = _fingerprints(con, name, columns)
            (building / table / f"publish={number}").mkdir(parents=True)
            same_columns = state.get("columns", {}).get(table) == [list(c) for c in columns]
            before = last_parts.get(table, {}) if same_columns else {}
            for part, fingerprint in sorted(prints[table].items()):
                target = building / table / f"publish={number}" / f"{part}.parquet"
                old = root / table / f"publish={last}" / f"{part}.parquet"
                if before.get(part) == fingerprint and old.exists():
                    os.link(old, target)
                    linked += 1
                    continue
                con.execute(f"COPY ({_part_rows(name, part)}) TO {_quote(str(target))} (FORMAT parquet)")
                fresh.append(target)
                if table not in changed:
                    changed.append(table)
        # On disk before the publish is recorded; synced last, so the kernel writes the early files back while
        # the later ones are being written (a sync after each file waited for each: a first publish +4 s).
        for target in fresh:
            _sync_file(target)
        # Every table in place (one directory rename each), then the publish record: from that moment the views
        # read publish N; before it they read N-1, whose files stay.
        for table in sorted(source):
            (root / table).mkdir(exist_ok=True)
            os.replace(building / table / f"publish={number}", root / table / f"publish={number}")
        record = root / PUBLISH_DIR / f".publish={number}.tmp"
        con.execute(f"COPY (SELECT {number}::BIGINT AS publish, now() AS published_at) TO {_quote(str(record))} "
                    "(FORMAT parquet)")
        _sync_file(record)
        os.replace(record, root / PUBLISH_DIR / f"publish={number}.parquet")
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        for table in source:  # a table directory of an unfinished publish is never read (no record): remove it
            shutil.rmtree(root / table / f"publish={number}", ignore_errors=True)
        raise
    shutil.rmtree(building, ignore_errors=True)
    columns_now = {t: [list(c) for c in cols] for t, cols in source.items()}
    state_path.write_text(json.dumps({"publish": number, "published_at": dt.datetime.now(dt.UTC).isoformat(),
                                      "columns": columns_now, "parts": prints}), encoding="utf-8")
    signature = hashlib.sha256(json.dumps([str(root), sorted(columns_now.items()),
                                           LATEST_ATTAINMENT_SQL.read_text("utf-8"),
                                           _comments(con, schema)]).encode()).hexdigest()
    stamp = root / "_catalog.sha256"
    rewrite = not catalog.exists() or not stamp.exists() or stamp.read_text() != signature
    if rewrite:
        _write_catalog(con, catalog, schema, source, root)
        stamp.write_text(signature)
    _remove_before(root, number - 1)
    return Published(rows={t: sum(f[0] for f in parts.values()) for t, parts in sorted(prints.items())},
                     changed=changed, publish=number, catalog_rewritten=rewrite, files_written=len(fresh),
                     files_linked=linked)


def _remove_before(root: Path, keep_from: int) -> None:
    """Remove the publishes older than ``keep_from`` that were superseded more than GRACE_SECONDS ago (a query
    that listed their files before the next publish may still be reading them): records first, then files, each
    moved out of the listed directories (one rename) before it is deleted."""
    records = {int(p.name.removeprefix("publish=").removesuffix(".parquet")): p
               for p in (root / PUBLISH_DIR).glob("publish=*.parquet")}
    now = dt.datetime.now().timestamp()
    old = {n for n in records if n < keep_from
           and (n + 1 not in records or now - records[n + 1].stat().st_mtime > GRACE_SECONDS)}
    if not old:
        return
    trash = root / ".trash"
    trash.mkdir(exist_ok=True)
    for n in sorted(old):
        os.replace(records[n], trash / records[n].name)
    for directory in root.glob("*/publish=*"):
        if directory.is_dir() and int(directory.name.removeprefix("publish=")) in old:
            os.replace(directory, trash / f"{directory.parent.name}.{directory.name}")
    shutil.rmtree(trash, ignore_errors=True)

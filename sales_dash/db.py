"""The only module that talks to DuckDB: ``run_query(lake, name, **params) -> pl.DataFrame``.

One in-memory DuckDB database per lake and process, with a cursor per thread. The four
tables are views over the lake's current Parquet files; they are re-pointed whenever the
lake's data version changes, so a query always sees one consistent manifest.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from sales_dash.lake import Lake, Manifest
from sales_dash.schema import TABLES, Kind, Table
from sales_dash.settings import PROJECT_ROOT

SQL_DIR = PROJECT_ROOT / "sql"

_DUCK_TYPE = {
    Kind.STR: "varchar",
    Kind.MONTH: "varchar",
    Kind.DATE: "date",
    Kind.INT: "bigint",
    Kind.MONEY: "decimal(18,2)",
    Kind.FRACTION: "decimal(18,4)",
}


class _Database:
    def __init__(self) -> None:
        self.connection = duckdb.connect(":memory:")
        self.connection.execute(query_text("_setup"))
        self.version: int | None = None
        self.lock = threading.Lock()
        self.local = threading.local()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = getattr(self.local, "cursor", None)
        if cursor is None:
            cursor = self.local.cursor = self.connection.cursor()
        return cursor


_databases: dict[Path, _Database] = {}
_databases_lock = threading.Lock()


def _quote(text: str) -> str:
    """A SQL string literal. Used only for file paths the lake itself chose."""
    return "'" + text.replace("'", "''") + "'"


def _empty_select(table: Table) -> str:
    columns = ", ".join(f"cast(null as {_DUCK_TYPE[c.kind]}) as {c.name}" for c in table.columns)
    return f"select {columns} where false"


def _view_sql(table: Table, files: list[Path]) -> str:
    if not files:
        return f"create or replace view {table.name} as {_empty_select(table)}"
    paths = ", ".join(_quote(str(f)) for f in files)
    columns = ", ".join(table.column_names)
    return (
        f"create or replace view {table.name} as "
        f"select {columns} from read_parquet([{paths}], hive_partitioning = false)"
    )


def _database(lake: Lake) -> tuple[_Database, Manifest]:
    with _databases_lock:
        database = _databases.setdefault(lake.root.resolve(), _Database())
    manifest = lake.manifest()
    if database.version != manifest.version:
        with database.lock:
            if database.version != manifest.version:
                for table in TABLES.values():
                    database.connection.execute(_view_sql(table, lake.files(table.name, manifest)))
                database.version = manifest.version
    return database, manifest


@cache
def query_text(name: str) -> str:
    """The text of ``sql/<name>.sql``."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run_sql(lake: Lake, sql: str, **params: object) -> pl.DataFrame:
    """Run one statement over the lake's views with ``$name`` parameters."""
    database, _ = _database(lake)
    named = set(re.findall(r"\$(\w+)", sql))
    used = {k: v for k, v in params.items() if k in named}
    return database.cursor().sql(sql, params=used).pl()


def run_query(lake: Lake, name: str, **params: object) -> pl.DataFrame:
    """Run ``sql/<name>.sql`` over the lake with ``$name`` parameters."""
    return run_sql(lake, query_text(name), **params)

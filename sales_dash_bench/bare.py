"""Bare DuckDB: the benchmark's lower peer, the app's queries with no help from the app.

A DuckDB database of its own over the lake's Parquet files, in which every derived table
the app keeps (rollups, lookups' inputs) is a plain view over the order lines, so each
query computes from the lines; no result cache. It runs the sql/ files the page asked for
(recorded through ``sales_dash.engine.db.observe``) with the same parameters, every
``$facts`` read from the lines.
"""

from __future__ import annotations

import re

import duckdb
import polars as pl

from sales_dash.engine import rollups
from sales_dash.engine.db import GROUPED_AS_UNASSIGNED, derived_settings, query_text
from sales_dash.lake import Lake
from sales_dash.schema import TABLES, UNASSIGNED, Kind, Table

_TYPE = {Kind.MONEY: "decimal(18,4)", Kind.FRACTION: "decimal(18,4)"}


def _column(table: Table, column: str) -> str:
    """The column as the app's tables read it (an unknown rep or region is one group)."""
    if column in GROUPED_AS_UNASSIGNED.get(table.name, ()):
        return f"coalesce({column}, '{UNASSIGNED}') as {column}"
    kind = table.column(column).kind
    return f"{column}::{_TYPE[kind]} as {column}" if kind in _TYPE else column


def _table_sql(lake: Lake, table: Table) -> str:
    files = lake.files(table.name)
    if not files:
        nulls = ", ".join(f"null as {c}" for c in table.column_names)
        return f"create or replace view {table.name} as select {nulls} where false"
    paths = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    columns = ", ".join(_column(table, c) for c in table.column_names)
    return (
        f"create or replace view {table.name} as select {columns} "
        f"from read_parquet([{paths}], union_by_name = true)"
    )


class BareDuckDB:
    """One connection over one lake's current files, built once before it is timed."""

    def __init__(self, lake: Lake) -> None:
        self.connection = duckdb.connect(":memory:")
        self.connection.execute(query_text("_setup"))
        self.connection.execute(query_text("_settings"), derived_settings())
        self.connection.execute(query_text("_ledger_transfers"))  # a reader of every row's
        for table in TABLES.values():
            self.connection.execute(_table_sql(lake, table))
        # every derived table a view over the lines (settled applied in Python, as the app
        # does): what DuckDB alone computes for each query
        rollups.views(self.connection, query_text)
        self.connection.execute(query_text("_facts"))

    def run(self, name: str, params: dict[str, object]) -> pl.DataFrame:
        """``sql/<name>.sql`` with ``params``, every ``$facts`` read from the lines."""
        text = query_text(name)
        named = set(re.findall(r"\$(\w+)", text))
        used = {k: v for k, v in params.items() if k in named}
        if "facts" in used:
            used["facts"] = "lines"
        return pl.from_arrow(self.connection.execute(text, used).to_arrow_table())  # type: ignore[return-value]

    def close(self) -> None:
        self.connection.close()

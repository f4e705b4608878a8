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

from sales_dash.engine.db import (
    BUILT_IN_PYTHON,
    DERIVED_TABLES,
    GROUPED_AS_UNASSIGNED,
    derived_settings,
    query_text,
)
from sales_dash.engine.settled import PAYMENTS_SQL
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
        for table in TABLES.values():
            self.connection.execute(_table_sql(lake, table))
        for derived, table_name in DERIVED_TABLES.items():
            build = BUILT_IN_PYTHON.get(derived)
            if build is None:  # what the app keeps as a table, computed by every query
                view = query_text(derived).replace(
                    "create or replace table", "create or replace view", 1
                )
                self.connection.execute(view)
                continue
            # built in Python by the app too (receipts applied per customer): a table
            lines = self.connection.sql(query_text(derived)).pl()
            receipts = self.connection.sql(PAYMENTS_SQL).pl()
            self.connection.register("_built", build(lines, receipts, None).to_arrow())
            self.connection.execute(f"create or replace table {table_name} as select * from _built")
            self.connection.unregister("_built")
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

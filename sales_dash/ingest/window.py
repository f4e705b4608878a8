"""Dates outside the window the lake accepts (``sales_dash.engine.date_window``), as problems."""

from __future__ import annotations

import datetime as dt

import polars as pl

from sales_dash.engine.date_window import DateWindow
from sales_dash.ingest.problems import PROBLEM_SCHEMA, cell_problems
from sales_dash.schema import Kind, Table


def date_window_problems(
    typed: pl.DataFrame, table: Table, today: dt.date | None = None
) -> pl.DataFrame:
    """One problem per row of ``typed`` with a date or month outside the window around
    ``today``: row, the first such column, the value as ISO text; the window as detail.

    One per row, since a due date the parser completed from a bad order date (order date
    + payment terms) would only repeat that order date's problem.
    """
    window = DateWindow.from_settings(today)
    found = [
        cell_problems(
            typed, window.outside(column), column.name, "date_out_of_window"
        ).with_columns(detail=pl.lit(window.describe(column)))
        for column in table.columns
        if column.kind in (Kind.DATE, Kind.MONTH) and column.name in typed.columns
    ]
    if not found:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    return pl.concat(found).unique("row", keep="first", maintain_order=True).cast(PROBLEM_SCHEMA)

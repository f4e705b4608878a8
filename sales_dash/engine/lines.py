"""Order lines as listed: a view's newest lines, how many it matches, the biggest orders,
and the revenue of lines that name no customer."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from sales_dash.engine.db import run_query
from sales_dash.engine.grain import order_facts
from sales_dash.engine.scope import Scope, filter_params
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from sales_dash.view import View

LINE_LIMIT = 500
"""Order lines shown (and downloadable) for one customer; the total is counted apart."""


def order_lines(lake: Lake, view: View, limit: int = LINE_LIMIT) -> pl.DataFrame:
    """The newest booked order lines of the view up to as-of (at most ``limit``), with
    total_lines: the lines the engine's figures for the view add up."""
    return run_query(
        lake,
        "order_lines",
        range_start=view.start,
        flow_range_end=view.flow_end,
        limit=limit,
        **filter_params(view.filters),
    )


def matching_lines(lake: Lake, view: View) -> int:
    """How many booked order lines the view's period (up to as-of) and filters match."""
    counted = run_query(
        lake,
        "line_count",
        range_start=view.start,
        flow_range_end=view.flow_end,
        facts=order_facts(None, view.filters),
        **filter_params(view.filters),
    )
    return int(counted["lines"][0])


def top_orders(
    lake: Lake, start: dt.date, end: dt.date, filters: Filters, limit: int
) -> pl.DataFrame:
    """The ``limit`` biggest orders booked in ``[start, end]`` under ``filters``."""
    return run_query(
        lake,
        "top_orders",
        range_start=start,
        flow_range_end=end,
        limit=limit,
        **filter_params(filters),
    )


def revenue_without_customer(lake: Lake, view: View) -> Decimal:
    """Revenue of the view's lines (up to as-of) that name no customer, to the cent."""
    scope = Scope(lake, view.start, view.end, view.as_of, None, view.filters)
    totals = run_query(lake, "order_totals", **scope.sql_params())
    if totals.is_empty():
        return Decimal("0.00")
    left = totals.select(pl.col("revenue") - pl.col("identified_revenue")).item()
    return Decimal(left).quantize(Decimal("0.01"), ROUND_HALF_UP)

"""Discounts as listed: a view's discount histogram and its lines beyond the limit."""

from __future__ import annotations

import polars as pl

from sales_dash.engine.db import run_query
from sales_dash.engine.grain import discount_facts, over_limit_facts
from sales_dash.engine.scope import filter_params
from sales_dash.lake import Lake
from sales_dash.view import View


def _flow_params(view: View) -> dict[str, object]:
    """Order lines of the period up to as-of, as the engine counts them (``View.flow_end``)."""
    return {
        "range_start": view.start,
        "flow_range_end": view.flow_end,
        **filter_params(view.filters),
    }


def discount_histogram(lake: Lake, view: View, discount_limit: float) -> pl.DataFrame:
    """Lines and revenue per discount percent (a null percent: lines of unknown discount),
    split at ``discount_limit`` (ratio 0–1)."""
    return run_query(
        lake,
        "discount_distribution",
        discount_limit=discount_limit,
        facts=discount_facts(view.filters, discount_limit),
        **_flow_params(view),
    )


def over_authority_lines(lake: Lake, view: View, discount_limit: float, limit: int) -> pl.DataFrame:
    """The view's lines discounted beyond ``discount_limit``, largest first (at most
    ``limit``)."""
    return run_query(
        lake,
        "over_authority_lines",
        discount_limit=discount_limit,
        limit=limit,
        facts=over_limit_facts(discount_limit),
        **_flow_params(view),
    )

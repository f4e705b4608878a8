"""The margin page (毛利): the total, the over-authority count, the discount histogram and
the lines discounted beyond the limit."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sales_dash.engine.discounts import discount_histogram, over_authority_lines
from sales_dash.lake import Lake
from sales_dash.sections.metric import view_metric
from sales_dash.settings import setting
from sales_dash.view import View

OVER_AUTHORITY_LIMIT = 200
"""Over-authority lines listed (the engine's count covers them all)."""


@dataclass(frozen=True)
class MarginSection:
    total: pl.DataFrame
    over_authority: pl.DataFrame


def margin_section(lake: Lake, view: View) -> MarginSection:
    """毛利: the total and the over-authority count, the page's tiles (the groupings are
    its tabs, computed when opened; the discounts are ``discount_section``)."""
    return MarginSection(
        total=view_metric(lake, "margin", view, coverage=True),
        over_authority=view_metric(lake, "over_authority", view, coverage=True),
    )


@dataclass(frozen=True)
class DiscountSection:
    discounts: pl.DataFrame
    over_authority_lines: pl.DataFrame
    discount_limit: float


def discount_section(lake: Lake, view: View) -> DiscountSection:
    """The discount histogram and the lines discounted beyond the limit, largest first."""
    limit = float(setting("discount_limit"))
    return DiscountSection(
        # a line of unknown discount is not a 0 % line: the histogram shows the known ones
        # (the tiles' discount coverage says how many those are)
        discounts=discount_histogram(lake, view, limit).filter(
            pl.col("discount_percent").is_not_null()
        ),
        over_authority_lines=over_authority_lines(lake, view, limit, OVER_AUTHORITY_LIMIT),
        discount_limit=limit,
    )

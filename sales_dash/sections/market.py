"""The market page (市场): the period's share, its trend, and the shares by region and
category beside the comparison's (like-for-like for an open period)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from sales_dash.lake import Lake
from sales_dash.sections.metric import view_metric
from sales_dash.sections.windows import trailing_year
from sales_dash.view import View, comparison_window


@dataclass(frozen=True)
class MarketSection:
    """The market page's headline: the period's share and the trend of the 12 months
    ending with it. The shares by region and category are ``market_shares``, apart, so
    that a page can compute them side by side."""

    total: pl.DataFrame
    monthly: pl.DataFrame


def _share_change(lake: Lake, view: View, by: str, current: pl.DataFrame) -> pl.DataFrame:
    """Current share beside the comparison's, like-for-like for an open period: the
    compared period's revenue up to the matching day over its full market size."""
    window = comparison_window(view)

    def shares(columns: list[str], end: dt.date = window.end) -> pl.DataFrame:
        return view_metric(
            lake, "market_share", view, by, start=window.start, end=end,
            as_of=window.as_of, columns=columns,
        )  # fmt: skip

    if window.cut_end == window.end:
        full = shares(["market_share"])
        previous = full.select(by, previous_share="market_share")
    else:
        full = shares(["market_size"])
        cut = shares(["revenue"], window.cut_end)
        size = pl.col("market_size").cast(pl.Float64)
        previous = (
            full.select(by, "market_size")
            .join(cut.select(by, "revenue"), on=by, how="full", coalesce=True)
            .select(
                by, previous_share=pl.when(size > 0).then(pl.col("revenue").cast(pl.Float64) / size)
            )
        )
    return current.join(previous, on=by, how="left").with_columns(
        share_change=pl.col("market_share") - pl.col("previous_share")
    )


def market_section(lake: Lake, view: View) -> MarketSection:
    """市场: the period's share, and the trend of the 12 months ending with the period."""
    start, end = trailing_year(view)
    return MarketSection(
        total=view_metric(lake, "market_share", view, coverage=True),
        monthly=view_metric(lake, "market_share", view, "month", start=start, end=end),
    )


def market_shares(lake: Lake, view: View, by: str) -> pl.DataFrame:
    """Share per group (region or category) beside the comparison's, and the change."""
    return _share_change(lake, view, by, view_metric(lake, "market_share", view, by))

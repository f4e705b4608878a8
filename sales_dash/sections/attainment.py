"""The target-based pages: attainment (达成), expenses (费用) and market share (市场).

Each function answers one page section from the metric engine; derived columns (the
amount still needed per day, expense per visit, share change) are computed from the
engine's own figures, never recomputed from raw rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from sales_dash.engine.unknowns import COVERAGE
from sales_dash.lake import Lake
from sales_dash.periods import add_months, month_end, month_start
from sales_dash.sections.drill import DrillLevel, DrillSpec, keyed_level
from sales_dash.sections.metric import view_metric
from sales_dash.view import View, comparison_window


def year_of(view: View) -> tuple[dt.date, dt.date]:
    return dt.date(view.as_of.year, 1, 1), dt.date(view.as_of.year, 12, 31)


def trailing_year(view: View) -> tuple[dt.date, dt.date]:
    """The 12 calendar months ending with the period's last month."""
    last = month_start(view.end)
    return add_months(last, -11), month_end(last)


def needed_per_day(remaining_days: int) -> pl.Expr:
    """Money still missing to reach the quota, per remaining day (null once the period ends)."""
    missing = (pl.col("quota").cast(pl.Float64) - pl.col("revenue").cast(pl.Float64)).clip(0)
    if remaining_days <= 0:
        return pl.lit(None, pl.Float64).alias("needed_per_day")
    return (missing / remaining_days).alias("needed_per_day")


def attainment_by(lake: Lake, view: View, by: str | None = None) -> pl.DataFrame:
    """达成 of the view (or per region or rep) with pacing, forecast and what is still
    needed per day."""
    extra = needed_per_day(view.remaining_days)
    # the total row carries its coverage, whose notes the tiles show
    return view_metric(lake, "attainment", view, by, coverage=by is None).with_columns(extra)


ATTAINMENT_DRILL = DrillSpec("attainment", "attainment")


def attainment_regions(lake: Lake, view: View) -> DrillLevel:
    """The regions' attainment (with what is still needed per day) as the first level of
    the drill-down."""
    return keyed_level(attainment_by(lake, view, "region"), "region", ATTAINMENT_DRILL)


def year_by_month(lake: Lake, view: View, name: str) -> pl.DataFrame:
    """The metric ``name`` for each month of the as-of date's year."""
    start, end = year_of(view)
    return view_metric(lake, name, view, "month", start=start, end=end)


def revenue_trend(lake: Lake, view: View) -> pl.DataFrame:
    """Revenue against quota for each of the 12 months ending with the period."""
    start, end = trailing_year(view)
    return view_metric(lake, "attainment", view, "month", start=start, end=end)


def expense_by(lake: Lake, view: View, by: str | None = None) -> pl.DataFrame:
    """费用 of the view (or per region or rep): ratio, budget usage, expense per visit."""
    expense = view_metric(lake, "expense", view, by, coverage=True)
    activity = view_metric(lake, "activity", view, by, columns=["visits"])
    if by is None:  # one row each
        joined = expense.with_columns(visits=activity["visits"])
    else:
        key = "region" if by == "region" else "rep_id"
        joined = expense.join(activity.select(key, "visits"), on=key, how="left")
        # a group without visits made none, where visits are loaded (else: unknown)
        loaded = pl.col("visit_coverage") == 1
        joined = joined.with_columns(
            pl.when(loaded).then(pl.col("visits").fill_null(0)).otherwise(pl.col("visits"))
        )
    per_visit = pl.col("expense").cast(pl.Float64) / pl.col("visits").cast(pl.Float64)
    # expense known on part of the visits is not the expense of every visit
    known = (pl.col("visits") > 0) & (pl.col("expense_coverage").fill_null(1.0) == 1)
    joined = joined.with_columns(expense_per_visit=pl.when(known).then(per_visit))
    # the total row carries its coverage, whose notes the tiles show
    return joined if by is None else joined.drop(COVERAGE["expense"])


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

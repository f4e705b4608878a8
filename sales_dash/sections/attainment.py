"""The attainment page (达成): attainment with pacing, forecast and what is still needed
per day, by region and rep, by month, and the revenue trend against quota.

Derived columns (the amount still needed per day) are computed from the engine's own
figures, never recomputed from raw rows.
"""

from __future__ import annotations

import polars as pl

from sales_dash.lake import Lake
from sales_dash.sections.drill import DrillLevel, DrillSpec, keyed_level
from sales_dash.sections.metric import view_metric
from sales_dash.sections.windows import trailing_year
from sales_dash.view import View


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


def revenue_trend(lake: Lake, view: View) -> pl.DataFrame:
    """Revenue against quota for each of the 12 months ending with the period."""
    start, end = trailing_year(view)
    return view_metric(lake, "attainment", view, "month", start=start, end=end)

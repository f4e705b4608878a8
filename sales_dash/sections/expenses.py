"""The expenses page (费用): expense ratio, budget usage and expense per visit, from the
engine's own figures (never recomputed from raw rows)."""

from __future__ import annotations

import polars as pl

from sales_dash.engine.unknowns import COVERAGE
from sales_dash.lake import Lake
from sales_dash.sections.metric import view_metric
from sales_dash.view import View


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

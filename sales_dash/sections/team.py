"""The team page (团队): the rep scorecard and one rep's detail."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sales_dash.engine.lines import order_lines
from sales_dash.engine.options import rep_regions
from sales_dash.engine.unknowns import Note, covering, notes
from sales_dash.lake import Lake
from sales_dash.sections.metric import view_metric
from sales_dash.sections.windows import trailing_year
from sales_dash.settings import setting
from sales_dash.view import View

RECENT_ORDERS = 50
SCORECARD = [
    "rep_id",
    "rep_name",
    "region",
    "revenue",
    "quota",
    "attainment",
    "pacing_gap",
    # branch catalogue (issue 12): 客单价 beside the revenue
    "orders",
    "average_order_value",
    "gross_margin",
    "collection_rate",
    # branch collect2 (issue 16): 回款周期 against its target, and DSO (the cash family)
    "collection_days",
    "collection_days_on_target",
    "dso",
    "expense_ratio",
    "visits_per_week",
    "visits_on_target",
    "new_customers",
    "retention_rate",
]


def scorecard(lake: Lake, view: View) -> pl.DataFrame:
    """One row per rep: output, ratios against target and time, and the input side."""
    target = float(setting("visits_per_week_target"))
    parts = [
        view_metric(lake, "attainment", view, "rep").select(
            "rep_id", "rep_name", "revenue", "quota", "attainment", "pacing_gap"
        ),
        view_metric(lake, "margin", view, "rep").select("rep_id", "rep_name", "gross_margin"),
        view_metric(lake, "collection", view, "rep").select(
            "rep_id", "rep_name", "collection_rate"
        ),
        view_metric(lake, "expense", view, "rep").select("rep_id", "rep_name", "expense_ratio"),
        view_metric(lake, "activity", view, "rep").select(
            "rep_id", "rep_name", "visits_per_week", "new_customers", "retention_rate"
        ),
        view_metric(lake, "cash", view, "rep", columns=["collection_days", "dso"]).select(
            "rep_id", "rep_name", "collection_days", "dso"
        ),
        view_metric(lake, "averages", view, "rep").select(
            "rep_id", "rep_name", "orders", "average_order_value"
        ),
    ]
    card = parts[0]
    for part in parts[1:]:
        card = card.join(part, on="rep_id", how="full", coalesce=True, suffix="_other")
        card = card.with_columns(pl.col("rep_name").fill_null(pl.col("rep_name_other"))).drop(
            "rep_name_other"
        )
    card = card.join(rep_regions(lake), on="rep_id", how="left")
    return (
        card.with_columns(
            # a rep on the card without a booked line (a quota, visits) took no order
            orders=pl.col("orders").fill_null(0),
            visits_on_target=pl.col("visits_per_week") >= target,
            # a target of days is a ceiling: on target at or under it; null where unknown
            collection_days_on_target=pl.col("collection_days")
            <= float(setting("collection_days_target")),
        )
        .sort("rep_id")
        .select(SCORECARD)
    )


def scorecard_notes(lake: Lake, view: View) -> tuple[Note, ...]:
    """Why a scorecard cell is "—", or how much of the view a figure covers, for the
    figures the scorecard shows (read from the view's totals: a rep whose lines carry no
    payment data has no collection row to say it)."""
    found: list[Note] = []
    # (the collection totals' receivable_coverage and receipt_basis also speak for the
    # cash family's 回款周期 and DSO: the same lines, the same snapshot)
    for name in ("attainment", "margin", "collection", "expense", "activity"):
        frame = view_metric(lake, name, view, coverage=True)
        found.extend(n for n in notes(frame, covering(SCORECARD)) if n not in found)
    return tuple(found)


@dataclass(frozen=True)
class RepDetail:
    rep_id: str
    customers: pl.DataFrame
    recent_orders: pl.DataFrame
    monthly: pl.DataFrame


def rep_detail(lake: Lake, view: View, rep_id: str) -> RepDetail:
    """One rep: their customers (revenue, margin, money open) and latest order lines."""
    rep_view = view.narrowed(reps=(rep_id,))
    margin = view_metric(lake, "margin", rep_view, "customer")
    collection = view_metric(lake, "collection", rep_view, "customer").select(
        "customer_id", "collection_rate", "outstanding", "d90_plus"
    )
    customers = (
        margin.join(collection, on="customer_id", how="left")
        .filter(pl.col("revenue") != 0)
        .sort("revenue", descending=True)
    )
    start, end = trailing_year(view)
    monthly = view_metric(lake, "attainment", rep_view, "month", start=start, end=end)
    return RepDetail(
        rep_id=rep_id,
        customers=customers,
        recent_orders=order_lines(lake, rep_view, RECENT_ORDERS).drop("total_lines"),
        monthly=monthly,
    )

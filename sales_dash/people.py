"""The people pages: the rep scorecard and rep detail (团队), and customers (客户)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from sales_dash.drilldown import order_lines
from sales_dash.engine.db import run_query
from sales_dash.engine.metrics import new_customer_lines
from sales_dash.engine.scope import Scope
from sales_dash.engine.unknowns import Note, covering, notes
from sales_dash.lake import Lake
from sales_dash.performance import trailing_year
from sales_dash.periods import add_months
from sales_dash.sections import view_metric
from sales_dash.settings import setting
from sales_dash.view import View

RECENT_ORDERS = 50
TOP_CUSTOMERS = 20
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


def rep_regions(lake: Lake) -> pl.DataFrame:
    """rep_id -> the region(s) the rep sold in or had quota for, joined by '/'."""
    combos = run_query(lake, "filter_options").select("rep_id", "region").unique()
    return combos.group_by("rep_id").agg(pl.col("region").sort().str.join("/"))


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


@dataclass(frozen=True)
class CustomerSection:
    activity: pl.DataFrame
    classes: pl.DataFrame
    top: pl.DataFrame
    new: pl.DataFrame
    retention_by_region: pl.DataFrame
    dormant: pl.DataFrame
    without_customer: Decimal = Decimal("0.00")
    """Revenue of the view's lines without a customer: in revenue and margin, left out of
    every customer metric above (money, to the cent)."""


def revenue_without_customer(lake: Lake, view: View) -> Decimal:
    """Revenue of the view's lines (up to as-of) that name no customer, to the cent."""
    scope = Scope(lake, view.start, view.end, view.as_of, None, view.filters)
    totals = run_query(lake, "order_totals", **scope.sql_params())
    if totals.is_empty():
        return Decimal("0.00")
    left = totals.select(pl.col("revenue") - pl.col("identified_revenue")).item()
    return Decimal(left).quantize(Decimal("0.01"), ROUND_HALF_UP)


ABC_ORDER = ("A", "B", "C", "D")


"""Filter -> the column of a customer's first line it selects on (as metrics._new_customers)."""


def first_lines(lake: Lake, view: View) -> pl.DataFrame:
    """The new customers of the view: exactly the first lines the engine's new_customers
    counts (``metrics.new_customer_lines``)."""
    scope = Scope(lake, view.start, view.end, view.as_of, None, view.filters)
    return new_customer_lines(scope).select(
        "customer_id", "region", "rep_id", first_order_date="order_date"
    )


def abc_summary(abc: pl.DataFrame) -> pl.DataFrame:
    """Per class: how many customers and their share of the period's revenue."""
    summary = abc.group_by("abc_class").agg(
        customers=pl.len(),
        revenue=pl.col("revenue").sum(),
        revenue_share=pl.col("revenue_share").sum(),
    )
    classes = pl.DataFrame({"abc_class": list(ABC_ORDER)})
    return (
        classes.join(summary, on="abc_class", how="left")
        .with_columns(
            pl.col("customers").fill_null(0),
            revenue_share=pl.when(pl.col("abc_class") == "D")
            .then(None)
            .otherwise(pl.col("revenue_share").fill_null(0.0)),
        )
        .select("abc_class", "customers", "revenue", "revenue_share")
    )


def customer_section(lake: Lake, view: View) -> CustomerSection:
    """客户: ABC classes, top customers, new customers, retention, dormant (D) to win back."""
    abc = view_metric(lake, "abc", view)
    names = run_query(lake, "customer_names")
    params = {**view.filters.sql_params(), "facts": view.filters.customer_facts}
    new = (
        first_lines(lake, view)
        .join(names, on="customer_id", how="left")
        .join(run_query(lake, "rep_names"), on="rep_id", how="left")
        .join(abc.select("customer_id", "revenue"), on="customer_id", how="left")
        .sort(["first_order_date", "customer_id"], descending=[True, False])
        .select(
            "customer_id",
            "customer_name",
            "first_order_date",
            "region",
            "rep_id",
            "rep_name",
            "revenue",
        )
    )
    # dormant = class D, reckoned up to as-of as the engine does, so no order after as-of
    # shows as a customer's last one; revenue shows why a customer who did order in the
    # period is D anyway (returns netting it to zero or below)
    history = run_query(
        lake,
        "customer_revenue",
        start=view.start,
        end=view.flow_end,
        lookback_start=add_months(view.start, -12),
        **params,
    ).select("customer_id", "revenue", "revenue_year_before")
    last = run_query(lake, "customer_last_order", end=view.flow_end, **params)
    dormant = (
        abc.filter(pl.col("abc_class") == "D")
        .select("customer_id", "customer_name")
        .join(history, on="customer_id", how="left")
        .join(last, on="customer_id", how="left")
        .sort(["revenue_year_before", "customer_id"], descending=[True, False])
    )
    return CustomerSection(
        activity=view_metric(lake, "activity", view, coverage=True),
        classes=abc_summary(abc),
        top=abc.filter(pl.col("abc_class") != "D").head(TOP_CUSTOMERS),
        new=new,
        retention_by_region=view_metric(lake, "activity", view, "region"),
        dormant=dormant,
        without_customer=revenue_without_customer(lake, view),
    )

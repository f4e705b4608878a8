"""The money-quality pages: gross margin (毛利) and collections (回款)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sales_dash.engine.db import run_query
from sales_dash.engine.scope import Scope, over_limit_facts
from sales_dash.lake import Lake
from sales_dash.sections.metric import view_metric
from sales_dash.settings import setting
from sales_dash.view import View

OVER_AUTHORITY_LIMIT = 200
"""Over-authority lines listed (the engine's count covers them all)."""
TOP_OVERDUE = 20


def _flow_params(view: View) -> dict[str, object]:
    """Order lines of the period up to as-of, as the engine counts them (``View.flow_end``)."""
    return {"start": view.start, "end": view.flow_end, **view.filters.sql_params()}


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
        discounts=run_query(
            lake,
            "discount_distribution",
            discount_limit=limit,
            facts=view.filters.discount_facts(limit),
            **_flow_params(view),
        ).filter(pl.col("discount_percent").is_not_null()),
        over_authority_lines=run_query(
            lake,
            "over_authority_lines",
            discount_limit=limit,
            limit=OVER_AUTHORITY_LIMIT,
            facts=over_limit_facts(limit),
            **_flow_params(view),
        ),
        discount_limit=limit,
    )


@dataclass(frozen=True)
class CollectionSection:
    total: pl.DataFrame
    top_overdue: pl.DataFrame


def overdue_customers(lake: Lake, view: View, limit: int = TOP_OVERDUE) -> pl.DataFrame:
    """The customers with the most money past due at as-of, how long the oldest is, the rep
    who owns the account and the date of the customer's last receipt by then."""
    by_customer = view_metric(lake, "collection", view, "customer")
    # the aging the metric just read (a cache hit) also knows each customer's oldest line
    scope = Scope(lake, view.start, view.end, view.as_of, "customer", view.filters)
    days = run_query(lake, "receivables_aging", **scope.sql_params()).select(
        customer_id="group_key", days_overdue="max_days_overdue"
    )
    owners = run_query(lake, "customer_receipts", as_of=view.as_of)
    overdue = pl.col("outstanding") - pl.col("not_due")
    return (
        by_customer.with_columns(overdue=overdue)
        # lines without a customer are not a customer to chase
        .filter((pl.col("overdue") > 0) & pl.col("customer_id").is_not_null())
        .join(days, on="customer_id", how="left")
        .join(owners, on="customer_id", how="left")
        .sort(["overdue", "customer_id"], descending=[True, False])
        .head(limit)
        .select(
            "customer_id",
            "customer_name",
            "rep_id",
            "rep_name",
            "overdue",
            "days_overdue",
            "last_receipt",
            "outstanding",
            "d1_30",
            "d31_60",
            "d61_90",
            "d90_plus",
            "collection_rate",
        )
    )


def collection_section(lake: Lake, view: View) -> CollectionSection:
    """回款: the total with receivables aging, and the top overdue customers (the rates by
    region and rep are the page's tabs, computed when opened)."""
    return CollectionSection(
        total=view_metric(lake, "collection", view, coverage=True),
        top_overdue=overdue_customers(lake, view),
    )

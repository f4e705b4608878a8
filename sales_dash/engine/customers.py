"""Customers as listed: names, the new ones' first lines, revenue history, last orders,
who owns an account and when it last paid, its oldest overdue line, and one customer's
ledger."""

from __future__ import annotations

import datetime as dt

import polars as pl

from sales_dash.engine.db import run_query
from sales_dash.engine.grain import customer_facts, order_facts
from sales_dash.engine.metrics import new_customer_lines
from sales_dash.engine.scope import Scope, filter_params
from sales_dash.lake import Lake
from sales_dash.periods import add_months
from sales_dash.view import View


def customer_names(lake: Lake) -> pl.DataFrame:
    """customer_id -> the customer's latest name."""
    return run_query(lake, "customer_names")


def first_lines(lake: Lake, view: View) -> pl.DataFrame:
    """The new customers of the view: exactly the first lines the engine's new_customers
    counts (``metrics.new_customer_lines``), with their region, rep and date."""
    scope = Scope(lake, view.start, view.end, view.as_of, None, view.filters)
    return new_customer_lines(scope).select(
        "customer_id", "region", "rep_id", first_order_date="order_date"
    )


def revenue_history(lake: Lake, view: View) -> pl.DataFrame:
    """Per customer: revenue of the view's period up to as-of, and of the 12 months before
    it (revenue_year_before), as the ABC classes reckon them (money)."""
    return run_query(
        lake,
        "customer_revenue",
        range_start=view.start,
        flow_range_end=view.flow_end,
        lookback_start=add_months(view.start, -12),
        facts=customer_facts(view.filters),
        **filter_params(view.filters),
    ).select("customer_id", "revenue", "revenue_year_before")


def last_orders(lake: Lake, view: View) -> pl.DataFrame:
    """Per customer: the date of its last order up to the view's as-of (flow end)."""
    return run_query(
        lake,
        "customer_last_order",
        flow_range_end=view.flow_end,
        facts=customer_facts(view.filters),
        **filter_params(view.filters),
    )


def account_owners(lake: Lake, as_of: dt.date) -> pl.DataFrame:
    """Per customer: the rep who owns the account and its last receipt by ``as_of``."""
    return run_query(lake, "customer_receipts", as_of=as_of)


def oldest_overdue(lake: Lake, view: View) -> pl.DataFrame:
    """Per customer: the days its oldest open line is past due at the view's as-of
    (customer_id, days_overdue; the aging the collection family reads)."""
    scope = Scope(lake, view.start, view.end, view.as_of, "customer", view.filters)
    return run_query(lake, "receivables_aging", **scope.sql_params()).select(
        customer_id="group_key", days_overdue="max_days_overdue"
    )


def ledger_entries(
    lake: Lake, customer: str, as_of: dt.date, latest: int | None = None
) -> pl.DataFrame:
    """One customer's account up to ``as_of``: its lines, returns, receipts, refunds and
    line payments with the running balance (sql/customer_ledger.sql); ``latest``: its last
    ``latest`` entries only. ``entries``: how many the whole account holds."""
    return run_query(lake, "customer_ledger", customer=customer, as_of=as_of, limit=latest)


def lines_by_basis(lake: Lake, view: View) -> dict[str, int]:
    """Booked lines up to the view's as-of by where their collections come from:
    receipts, the line's own paid columns, or unknown (sql/collection_basis.sql)."""
    facts = order_facts(None, view.filters)
    counts = run_query(
        lake, "collection_basis", as_of=view.as_of, facts=facts, **filter_params(view.filters)
    )
    return dict(counts.iter_rows())

"""Which physical table a query reads (its ``$facts``): the one home of the grain choice.

The order lines answer everything; the rollups (sql/_rollups.sql) answer faster what their
grain keeps. ``orders_daily`` keeps no customer, the customer rollup no category or
product, ``discounts_daily`` no category, product or customer and splits its buckets at
the configured discount limit only, ``over_limit_lines`` holds the lines beyond that limit.
Every query of the engine asks here, so a new rollup or filter changes one module.
"""

from __future__ import annotations

import datetime as dt

from sales_dash.engine.db import derived_settings, run_query
from sales_dash.filters import Filters
from sales_dash.lake import Lake


def over_limit_facts(discount_limit: float) -> str:
    """Where the lines discounted beyond ``discount_limit`` are read (over_authority*.sql):
    the over_limit_lines table holds those of the configured limit only; any other limit
    reads the lines."""
    built_at = derived_settings()["discount_limit"]
    return "over_limit" if discount_limit == built_at else "lines"


def customer_facts(filters: Filters) -> str:
    """Where a customer-level answer under ``filters`` is read: the customer rollup keeps
    no category or product, so their filters need the lines."""
    return "lines" if filters.categories or filters.products else "customer_rollup"


def discount_facts(filters: Filters, discount_limit: float) -> str:
    """Where the discount histogram under ``filters`` is read (discount_distribution.sql):
    the discounts_daily rollup keeps no category, product or customer, and splits its
    buckets at the configured limit only."""
    if filters.categories or filters.products or filters.customers:
        return "lines"
    return "discount_rollup" if over_limit_facts(discount_limit) == "over_limit" else "lines"


def order_facts(by: str | None, filters: Filters) -> str:
    """Where the order queries grouped ``by`` under ``filters`` read: the orders_daily
    rollup, which keeps no customer; the customer rollup, which keeps no category or
    product; or the lines when both are needed."""
    if by == "customer" or filters.customers:
        return "lines" if by in ("category", "product") else customer_facts(filters)
    return "rollup"


def orders_add_up(lake: Lake, start: dt.date | None = None, end: dt.date | None = None) -> bool:
    """Whether the customer rollup's per-row order counts add up to distinct orders in the
    months from ``start`` to ``end`` (None: every month): no order has positive-revenue
    lines in two of its rows or two of those months (sql/order_shape.sql).

    A shape of the company's lines, asked of them whoever reads: a region's rows alone
    could not see its order that is split with another region, and an order is split for
    every reader of it."""
    shape = run_query(lake.scoped(None), "order_shape", range_start=start, flow_range_end=end)
    return bool(shape["additive"].item())


def order_count_facts(by: str | None, filters: Filters, additive: bool) -> str:
    """Where 客单价's orders and 人均销售额's reps grouped ``by`` under ``filters`` are
    counted (sql/order_counts.sql): the customer rollup while its counts add up
    (``additive``, ``orders_add_up``) and no category or product is asked, else the lines."""
    if not additive or filters.categories or filters.products or by in ("category", "product"):
        return "lines"
    return "customer_rollup"

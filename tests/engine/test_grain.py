"""Which table a query reads (sales_dash.engine.grain): every rule of the grain choice,
worked out from what each rollup keeps (sql/_rollups.sql, sql/_facts.sql)."""

from __future__ import annotations

import datetime as dt

import pytest

from sales_dash.engine.grain import customer_facts, discount_facts, order_facts, over_limit_facts
from sales_dash.engine.scope import Scope
from sales_dash.filters import Filters
from sales_dash.lake import Lake

REGION = Filters(regions=("华东",), reps=("S001",))
CATEGORY = Filters(categories=("空调",))
PRODUCT = Filters(products=("KFR-35",))
CUSTOMER = Filters(customers=("C001",))
CUSTOMER_AND_CATEGORY = Filters(categories=("空调",), customers=("C001",))


@pytest.mark.parametrize(
    ("by", "filters", "facts"),
    [
        # orders_daily keeps date, region, rep, category, product: no customer
        (None, Filters(), "rollup"),
        ("region", REGION, "rollup"),
        ("product", CATEGORY, "rollup"),
        ("month", PRODUCT, "rollup"),
        # a customer needs the customer rollup, which keeps no category or product
        ("customer", Filters(), "customer_rollup"),
        (None, CUSTOMER, "customer_rollup"),
        ("rep", CUSTOMER, "customer_rollup"),
        # both: only the lines have them
        ("customer", CATEGORY, "lines"),
        (None, CUSTOMER_AND_CATEGORY, "lines"),
        ("category", CUSTOMER, "lines"),
        ("product", CUSTOMER, "lines"),
    ],
)
def test_order_facts(by: str | None, filters: Filters, facts: str) -> None:
    assert order_facts(by, filters) == facts


def test_a_scope_reads_where_the_grain_says(lake: Lake) -> None:
    day = dt.date(2026, 11, 1)
    scope = Scope(lake, day, day, day, "customer", CATEGORY)
    assert scope.facts == "lines" == scope.sql_params()["facts"]
    assert Scope(lake, day, day, day).facts == "rollup"


def test_customer_facts() -> None:
    assert customer_facts(Filters()) == "customer_rollup"
    assert customer_facts(REGION) == "customer_rollup"
    assert customer_facts(CUSTOMER) == "customer_rollup"
    assert customer_facts(CATEGORY) == "lines"
    assert customer_facts(PRODUCT) == "lines"


def test_discount_and_over_limit_facts_hold_the_configured_limit_only() -> None:
    """The discount tables are split at the configured limit (0.15 by default)."""
    assert over_limit_facts(0.15) == "over_limit"
    assert over_limit_facts(0.2) == "lines"
    assert discount_facts(REGION, 0.15) == "discount_rollup"
    assert discount_facts(REGION, 0.2) == "lines"
    for filters in (CATEGORY, PRODUCT, CUSTOMER):
        assert discount_facts(filters, 0.15) == "lines"

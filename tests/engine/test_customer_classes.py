"""ABC classes of customers on the small lake of tests/engine/conftest.py.

January and February: C1 Acme 100 + 300 = 400, C2 Birch 200 (A4's 50 names no
customer; C3's line is cancelled): 650 of revenue, 600 of it on named customers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sales_dash.engine.customer_classes import customer_abc, customer_coverage
from sales_dash.engine.scope import Filters, Scope
from sales_dash.lake import Lake

D = dt.date


def test_classes_by_cumulative_share(small_lake: Lake) -> None:
    scope = Scope(small_lake, D(2026, 1, 1), D(2026, 2, 28), D(2026, 2, 28), coverage=True)
    assert customer_abc(scope).rows() == [
        # C1 400 / 600 = 2/3, within 70%: A; C2 brings the sum to 100%: C
        ("C1", "Acme", Decimal("400.00"), pytest.approx(2 / 3), pytest.approx(2 / 3), "A",
         pytest.approx(600 / 650)),
        ("C2", "Birch", Decimal("200.00"), pytest.approx(1 / 3), pytest.approx(1.0), "C",
         pytest.approx(600 / 650)),
    ]  # fmt: skip


def test_a_customer_without_sales_in_the_period_but_in_the_year_before_is_d(
    small_lake: Lake,
) -> None:
    # February: C1 300 (A3) is all of the named revenue: 100% is C. C2 ordered in January
    # only, so it has lapsed: D, without a share
    scope = Scope(small_lake, D(2026, 2, 1), D(2026, 2, 28), D(2026, 2, 28))
    assert customer_abc(scope).rows() == [
        ("C1", "Acme", Decimal("300.00"), 1.0, 1.0, "C"),
        ("C2", "Birch", Decimal("0.00"), None, None, "D"),
    ]


def test_the_as_of_date_cuts_the_period(small_lake: Lake) -> None:
    # to 02-10 only A3 (02-05) is sold: every line then names its customer
    scope = Scope(small_lake, D(2026, 2, 1), D(2026, 2, 28), D(2026, 2, 10))
    assert customer_abc(scope)["revenue"].to_list() == [Decimal("300.00"), Decimal("0.00")]
    assert customer_coverage(scope) == 1.0


def test_filters_choose_the_customers(small_lake: Lake) -> None:
    north = Scope(
        small_lake, D(2026, 1, 1), D(2026, 2, 28), D(2026, 2, 28), None, Filters(regions=("North",))
    )
    assert customer_abc(north).rows() == [("C2", "Birch", Decimal("200.00"), 1.0, 1.0, "C")]
    beta = Scope(
        small_lake, D(2026, 1, 1), D(2026, 2, 28), D(2026, 2, 28), None, Filters(products=("Beta",))
    )
    assert customer_abc(beta).rows() == [("C1", "Acme", Decimal("300.00"), 1.0, 1.0, "C")]


def test_a_period_without_sales(small_lake: Lake) -> None:
    scope = Scope(small_lake, D(2026, 3, 1), D(2026, 3, 31), D(2026, 3, 31))
    assert customer_abc(scope)["abc_class"].to_list() == ["D", "D"]  # C1 and C2 lapsed
    assert customer_coverage(scope) is None  # no line: unknown, not zero

"""客单价's orders and 人均销售额's reps read from the customer rollup only while its
per-row order counts add up to distinct orders (sql/order_shape.sql); the answers equal
the lines' wherever they are read from the rollup, and a lake whose orders do not add up
reads the lines, worked out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from sales_dash.access import Access, Role
from sales_dash.engine.db import run_query
from sales_dash.engine.grain import order_count_facts, orders_add_up
from sales_dash.engine.metrics import averages
from sales_dash.engine.scope import Scope
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from tests.engine.conftest import write_lake

D = dt.date
HEADER = (
    "order_id,line_no,order_date,customer_id,customer_name,rep_id,rep_name,region,"
    "product,category,quantity,discount_rate,revenue,cost,due_date,paid_amount,paid_date,status"
)
SCOPES = [
    (D(2026, 11, 1), D(2026, 11, 30), None, Filters()),
    (D(2026, 1, 1), D(2026, 12, 31), "month", Filters(regions=("华东",))),
    (D(2025, 10, 6), D(2025, 12, 28), "week", Filters(regions=("华东", "西南"))),
    (D(2026, 7, 1), D(2026, 9, 30), "rep", Filters()),
    (D(2024, 1, 1), D(2026, 11, 23), "region", Filters(reps=("S001", "S017"))),
    (D(2026, 4, 1), D(2026, 6, 30), "customer", Filters(regions=("华北",))),
    (D(2026, 1, 1), D(2026, 6, 30), None, Filters(customers=("C00001", "C00002", "C00003"))),
]


def _counts(lake: Lake, scope: Scope, facts: str) -> pl.DataFrame:
    frame = run_query(lake, "order_counts", **{**scope.sql_params(), "facts": facts})
    return frame.sort("period_key", "group_key", nulls_last=True)


@pytest.mark.parametrize("window", SCOPES)
def test_the_rollup_counts_equal_the_lines_on_the_demo(
    demo_lake: Lake, window: tuple[dt.date, dt.date, str | None, Filters]
) -> None:
    start, end, by, filters = window
    scope = Scope(demo_lake, start, end, as_of=D(2026, 11, 23), by=by, filters=filters)
    assert orders_add_up(demo_lake)  # the demo writes every order on one date, rep, customer
    assert order_count_facts(by, filters, additive=True) == "customer_rollup"
    from_lines = _counts(demo_lake, scope, "lines")
    assert from_lines.height > 0 and from_lines["orders"].sum() > 0
    assert _counts(demo_lake, scope, "customer_rollup").equals(from_lines)


def test_category_product_or_a_split_order_read_the_lines() -> None:
    assert order_count_facts(None, Filters(categories=("空调",)), True) == "lines"
    assert order_count_facts("product", Filters(), True) == "lines"
    assert order_count_facts("category", Filters(), True) == "lines"
    assert order_count_facts("customer", Filters(regions=("华东",)), True) == "customer_rollup"
    assert order_count_facts(None, Filters(), False) == "lines"


# Orders written by hand. O1: two lines, one rep, one date (one order). O2 and O3 simple.
SIMPLE = """\
O1,1,2026-10-05,C1,Acme,R1,Alice,East,P1,Hardware,1,,100.00,,,,,
O1,2,2026-10-05,C1,Acme,R1,Alice,East,P2,Software,1,,50.00,,,,,
O2,1,2026-10-06,C2,Birch,R2,Bob,North,P1,Hardware,1,,300.00,,,,,
O3,1,2026-11-02,C1,Acme,R1,Alice,East,P1,Hardware,1,,80.00,,,,,
"""
# O4 has lines of two reps (one order, counted once in total, once for each rep)
SPLIT_REPS = "O4,1,2026-10-07,C2,Birch,R1,Alice,East,P1,Hardware,1,,60.00,,,,,\n" + (
    "O4,2,2026-10-07,C2,Birch,R2,Bob,North,P2,Software,1,,40.00,,,,,\n"
)
# O0 has a line in October and one in November; its number sorts inside November's range
ACROSS_MONTHS = "O0,1,2026-10-08,C1,Acme,R1,Alice,East,P1,Hardware,1,,10.00,,,,,\n" + (
    "O0,2,2026-11-03,C1,Acme,R1,Alice,East,P2,Software,1,,20.00,,,,,\n"
    "O5,1,2026-11-04,C2,Birch,R2,Bob,North,P1,Hardware,1,,70.00,,,,,\n"
)


def _lake(folder: Path, lines: str) -> Lake:
    return write_lake(folder, {"orders": f"{HEADER}\n{lines}"})


def _orders(lake: Lake, start: dt.date, end: dt.date, by: str | None = None) -> list:
    """(period or group, orders) of the averages family, as a page reads it."""
    scope = Scope(lake, start, end, as_of=D(2026, 11, 30), by=by)
    rows = averages(scope)
    key = "month" if by == "month" else "rep_id" if by == "rep" else None
    keys = rows[key].to_list() if key else [""] * rows.height
    return sorted(zip(keys, rows["orders"].to_list(), strict=True))


def test_simple_orders_add_up(tmp_path: Path) -> None:
    lake = _lake(tmp_path, SIMPLE)
    assert orders_add_up(lake)
    assert _orders(lake, D(2026, 10, 1), D(2026, 11, 30)) == [("", 3)]
    assert _orders(lake, D(2026, 10, 1), D(2026, 10, 31), by="rep") == [("R1", 1), ("R2", 1)]


def test_an_order_of_two_reps_reads_the_lines(tmp_path: Path) -> None:
    lake = _lake(tmp_path, SIMPLE + SPLIT_REPS)
    assert not orders_add_up(lake)
    # October: O1, O2 and O4 (its two lines one order); by rep O4 counts for each
    assert _orders(lake, D(2026, 10, 1), D(2026, 10, 31)) == [("", 3)]
    assert _orders(lake, D(2026, 10, 1), D(2026, 10, 31), by="rep") == [("R1", 2), ("R2", 2)]


def test_a_region_manager_counts_an_order_split_with_another_region_once(
    tmp_path: Path,
) -> None:
    """O4 has a line in East (Alice) and one in North (Bob): East's manager reads the
    company's shape, so East's October counts O1 and O4, each once, from the lines."""
    lake = _lake(tmp_path, SIMPLE + SPLIT_REPS)
    east = lake.scoped(Access(Role.REGION_MANAGER, regions=frozenset({"East"})))
    assert not orders_add_up(east)
    assert _orders(east, D(2026, 10, 1), D(2026, 10, 31)) == [("", 2)]
    assert _orders(east, D(2026, 10, 1), D(2026, 10, 31), by="rep") == [("R1", 2)]


def test_an_order_across_two_months_reads_the_lines(tmp_path: Path) -> None:
    lake = _lake(tmp_path, SIMPLE + ACROSS_MONTHS)
    assert not orders_add_up(lake)
    # October and November together: O0, O1, O2, O3, O5 (O0 once, though in both months)
    assert _orders(lake, D(2026, 10, 1), D(2026, 11, 30)) == [("", 5)]
    # by month, O0 is an order of each: October O0 O1 O2, November O0 O3 O5
    assert _orders(lake, D(2026, 10, 1), D(2026, 11, 30), by="month") == [
        ("2026-10", 3),
        ("2026-11", 3),
    ]


# Numbered per region (BJ-, SH-): October's range BJ-0001..SH-0001 holds November's BJ-0002
PREFIXED = """\
BJ-0001,1,2026-10-05,C1,Acme,R1,Alice,East,P1,Hardware,1,,100.00,,,,,
SH-0001,1,2026-10-06,C2,Birch,R2,Bob,North,P1,Hardware,1,,300.00,,,,,
BJ-0002,1,2026-11-02,C1,Acme,R1,Alice,East,P1,Hardware,1,,80.00,,,,,
SH-0002,1,2026-11-03,C2,Birch,R2,Bob,North,P1,Hardware,1,,70.00,,,,,
"""


def test_a_month_of_orders_numbered_per_region_counts_from_the_rollup(tmp_path: Path) -> None:
    """The months' number ranges overlap, so a period of two months reads the lines; a
    period within one month only asks that month's shape, and counts from the rollup."""
    lake = _lake(tmp_path, PREFIXED)
    assert not orders_add_up(lake)
    assert orders_add_up(lake, D(2026, 10, 1), D(2026, 10, 31))
    assert orders_add_up(lake, D(2026, 11, 2), D(2026, 11, 8))
    assert not orders_add_up(lake, D(2026, 10, 1), D(2026, 11, 30))
    assert _orders(lake, D(2026, 10, 1), D(2026, 10, 31)) == [("", 2)]
    assert _orders(lake, D(2026, 10, 1), D(2026, 11, 30)) == [("", 4)]
    assert _orders(lake, D(2026, 11, 1), D(2026, 11, 30), by="rep") == [("R1", 1), ("R2", 1)]


def test_an_order_across_two_months_is_one_order_of_each_month_alone(tmp_path: Path) -> None:
    """O0's lines of October and November: a period of either month counts it once there
    from the rollup; both months together read the lines and count it once."""
    lake = _lake(tmp_path, SIMPLE + ACROSS_MONTHS)
    assert orders_add_up(lake, D(2026, 10, 1), D(2026, 10, 31))
    assert _orders(lake, D(2026, 10, 1), D(2026, 10, 31)) == [("", 3)]  # O0 O1 O2
    assert _orders(lake, D(2026, 11, 1), D(2026, 11, 30)) == [("", 3)]  # O0 O3 O5

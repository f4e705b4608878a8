"""The engine's list reads (engine/lines.py, discounts.py, customers.py, loaded.py,
options.py) on the golden lake of tests/engine/test_metrics_golden.py, every value worked out by
hand from its CSVs (as-of 2026-11-20 unless a view says otherwise)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sales_dash.engine.customers import (
    first_lines,
    last_orders,
    lines_by_basis,
    oldest_overdue,
    revenue_history,
)
from sales_dash.engine.discounts import discount_histogram, over_authority_lines
from sales_dash.engine.lines import (
    matching_lines,
    order_lines,
    revenue_without_customer,
    top_orders,
)
from sales_dash.engine.loaded import table_months
from sales_dash.engine.options import rep_names, rep_regions
from sales_dash.filters import Filters
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from sales_dash.view import View
from tests.engine.test_metrics_golden import MARKET_CSV, ORDERS_CSV, QUOTAS_CSV, VISITS_CSV

D = dt.date
AS_OF = D(2026, 11, 20)
OCTOBER = View(D(2026, 10, 1), D(2026, 10, 31), AS_OF)
NOVEMBER = View(D(2026, 11, 1), D(2026, 11, 30), AS_OF)
MID_NOVEMBER = View(D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 15))
EAST = Filters(regions=("East",))


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    base = tmp_path_factory.mktemp("golden_lists")
    lake = Lake(base / "lake")
    for table, text in (
        ("orders", ORDERS_CSV),
        ("quotas", QUOTAS_CSV),
        ("visits", VISITS_CSV),
        ("market", MARKET_CSV),
    ):
        path = base / f"{table}.csv"
        path.write_text(text, encoding="utf-8")
        ingest_file(path, table, lake)
    return lake


def test_order_lines_stop_at_the_flow_end_newest_first(golden: Lake) -> None:
    """November up to 11-15: SO-1101 (11-03), SO-1102 (11-10), SO-1103 (11-12)."""
    lines = order_lines(golden, MID_NOVEMBER)
    assert lines["order_id"].to_list() == ["SO-1103", "SO-1102", "SO-1101"]
    assert lines["total_lines"].to_list() == [3, 3, 3]
    two = order_lines(golden, MID_NOVEMBER, limit=2)
    assert two["order_id"].to_list() == ["SO-1103", "SO-1102"]
    assert two["total_lines"][0] == 3  # the total counts every matching line
    assert matching_lines(golden, MID_NOVEMBER) == 3


def test_matching_lines_under_filters(golden: Lake) -> None:
    """East in November up to 11-20: SO-1101, SO-1102, SO-1105, SO-1106 (SO-1107 is
    cancelled and after as-of); C1 of them: SO-1101, SO-1106."""
    assert matching_lines(golden, View(NOVEMBER.start, NOVEMBER.end, AS_OF, EAST)) == 4
    one = View(NOVEMBER.start, NOVEMBER.end, AS_OF, Filters(customers=("C1",)))
    assert matching_lines(golden, one) == 2
    assert matching_lines(golden, NOVEMBER.narrowed(regions=("West",))) == 0


def test_top_orders_sum_an_orders_lines(golden: Lake) -> None:
    """October: SO-1002 5000 + 2000 = 7000, then SO-1001 2000 (SO-1005 is cancelled)."""
    top = top_orders(golden, OCTOBER.start, OCTOBER.end, Filters(), 2)
    assert top["order_id"].to_list() == ["SO-1002", "SO-1001"]
    assert [float(r) for r in top["revenue"]] == [7000.0, 2000.0]
    assert top["lines"].to_list() == [2, 1]


def test_every_golden_line_names_its_customer(golden: Lake) -> None:
    assert revenue_without_customer(golden, NOVEMBER) == Decimal("0.00")


def test_the_discount_histogram_splits_at_the_limit(golden: Lake) -> None:
    """October's booked lines: 0 % SO-1001 2000, SO-1004 1000, SO-1006 -400 (3 lines,
    2600); 10 % SO-1002/1 5000; 15 % SO-1003 400; 20 % SO-1002/2 2000, over the limit."""
    histogram = discount_histogram(golden, OCTOBER, 0.15).sort("discount_percent")
    rows = {
        r["discount_percent"]: (r["lines"], float(r["revenue"]), r["over_limit"])
        for r in histogram.iter_rows(named=True)
    }
    assert rows == {
        0: (3, 2600.0, False),
        10: (1, 5000.0, False),
        15: (1, 400.0, False),
        20: (1, 2000.0, True),
    }


def test_over_authority_lines_largest_first(golden: Lake) -> None:
    at_limit = over_authority_lines(golden, OCTOBER, 0.15, 10)
    assert at_limit.select("order_id", "line_no").rows() == [("SO-1002", 2)]
    # another limit reads the lines: at 5 %, SO-1002/1 (10 %, 5000) and SO-1003 (15 %,
    # 400) join, the largest revenue first
    lower = over_authority_lines(golden, OCTOBER, 0.05, 10)
    assert lower.select("order_id", "line_no").rows() == [
        ("SO-1002", 1),
        ("SO-1002", 2),
        ("SO-1003", 1),
    ]
    assert over_authority_lines(golden, OCTOBER, 0.05, 1).height == 1


def test_new_customers_first_lines(golden: Lake) -> None:
    """C6's first booked line is SO-1105 on 11-18 (its SO-1005 was cancelled)."""
    firsts = first_lines(golden, NOVEMBER)
    assert firsts.rows(named=True) == [
        {"customer_id": "C6", "region": "East", "rep_id": "R2", "first_order_date": D(2026, 11, 18)}
    ]
    assert first_lines(golden, MID_NOVEMBER).is_empty()  # 11-18 is after that as-of


def test_revenue_history_and_last_orders(golden: Lake) -> None:
    """C1 in November up to 11-20: SO-1101 3000 + SO-1106 900; the 12 months before:
    SO-0901 4000 + SO-1002 7000. Last orders up to 11-15: C1 SO-1101 (11-03), C4 SO-1103
    (11-12)."""
    history = revenue_history(golden, NOVEMBER).filter(customer_id="C1").row(0, named=True)
    assert (float(history["revenue"]), float(history["revenue_year_before"])) == (3900.0, 11000.0)
    last = dict(last_orders(golden, MID_NOVEMBER).iter_rows())
    assert last["C1"] == D(2026, 11, 3)
    assert last["C4"] == D(2026, 11, 12)
    assert "C6" not in last  # SO-1005 was cancelled, SO-1105 is after 11-15


def test_oldest_overdue_per_customer(golden: Lake) -> None:
    """At 11-20: C4's SO-0701 fell due 08-21, 91 days before; C2's SO-0904 on 10-18, 33."""
    days = dict(oldest_overdue(golden, NOVEMBER).iter_rows())
    assert days["C4"] == 91
    assert days["C2"] == 33


def test_lines_by_basis_counts_booked_lines(golden: Lake) -> None:
    """No receipts, every line carries its paid columns: the 24 booked lines up to 11-20
    (26 lines less SO-1005 and SO-1107, cancelled) are settled by their own columns."""
    assert lines_by_basis(golden, NOVEMBER) == {"line": 24}


def test_table_months_counts_rows(golden: Lake) -> None:
    months = table_months(golden).filter(table_name="orders")
    counted = dict(months.select("month", "row_count").iter_rows())
    assert counted == {
        "2026-03": 1,
        "2026-07": 2,
        "2026-08": 2,
        "2026-09": 7,
        "2026-10": 7,
        "2026-11": 7,
    }


def test_rep_names_and_regions(golden: Lake) -> None:
    assert dict(rep_names(golden).iter_rows()) == {
        "R1": "Alice",
        "R2": "Bob",
        "R3": "Carol",
        "R4": "Dave",
    }
    assert dict(rep_regions(golden).iter_rows()) == {
        "R1": "East",
        "R2": "East",
        "R3": "North",
        "R4": "North",
    }

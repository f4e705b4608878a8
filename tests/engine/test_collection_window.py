"""The collection rate at the edges of the window its query reads (sql/collection_due.sql
reads only the lines and money falling due between the first period's start and the last
period's end or the as-of): a line's own due date, else its order date + the payment
terms (30 days), a day inside or outside each edge; money applied before the due date,
after the as-of, and after a month's end. An upload fills in the due date of a line with
its own paid columns, so the lines falling due by the terms are a customer's settled by
its receipts. Every grain the query reads: the rollups, the customers' rollup and the
lines. Hand-worked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from sales_dash.engine.metrics import compute_metric
from sales_dash.filters import Filters
from sales_dash.ingest import ingest_bytes
from sales_dash.lake import Lake

LINES = (
    "order_id,line_no,order_date,due_date,customer_id,rep_id,region,category,revenue,"
    "paid_amount,paid_date\n"
    # no due date: the upload makes it 30 days after the order
    "L1,1,2026-01-30,,C1,R1,East,A,1,1,2026-03-05\n"  # due 03-01: March's first day
    "L2,1,2026-01-29,,C1,R1,East,A,10,10,2026-03-02\n"  # due 02-28: February
    "L3,1,2026-02-18,,C1,R1,East,A,100,100,2026-03-20\n"  # due 03-20: the as-of
    "L4,1,2026-02-19,,C1,R1,East,A,1000,1000,2026-03-10\n"  # due 03-21: after the as-of
    # their own due dates
    "L5,1,2025-10-01,2026-03-01,C1,R1,East,A,10000,10000,2026-02-15\n"  # paid before due
    "L6,1,2026-02-27,2026-02-28,C1,R1,East,A,100000,100000,2026-03-01\n"  # February
    "L7,1,2026-03-19,2026-03-20,C1,R1,East,A,1000000,500000,2026-03-21\n"  # paid too late
    "L8,1,2026-03-01,2026-03-21,C1,R1,East,A,10000000,10000000,2026-03-05\n"  # after as-of
    "L9,1,2026-03-10,,C1,R1,East,A,100000000,100000000,2026-03-11\n"  # due 04-09
)
# C2's lines, without a due date or paid columns, fall due 30 days after the order; its
# receipt of 03-10 settles all four, oldest due first
RECEIPT_LINES = (
    "order_id,line_no,order_date,customer_id,rep_id,region,category,revenue\n"
    "M1,1,2026-01-30,C2,R1,East,A,2\n"  # due 03-01
    "M2,1,2026-01-29,C2,R1,East,A,20\n"  # due 02-28
    "M3,1,2026-02-18,C2,R1,East,A,200\n"  # due 03-20
    "M4,1,2026-02-19,C2,R1,East,A,2000\n"  # due 03-21
)
RECEIPTS = "payment_id,payment_date,customer_id,amount\nP1,2026-03-10,C2,2222\n"
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
AS_OF = dt.date(2026, 3, 20)
# March, due by 03-20: L1, L3, L5, L7, M1, M3; collected by 03-20: L1, L3, L5, M1, M3
# (L7's is 03-21)
MARCH_DUE, MARCH_COLLECTED = Decimal(1010303), Decimal(10303)
# February, due 02-28: L2, L6 and M2, all paid in March: by the as-of all of it, by
# February's end none
FEBRUARY_DUE = Decimal(100030)
GRAINS = {
    "rollup": Filters(),
    "customer_rollup": Filters(customers=("C1", "C2")),
    "lines": Filters(customers=("C1", "C2"), categories=("A",)),
}


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    lake = Lake(Path(tmp_path_factory.mktemp("window")) / "lake")
    ingest_bytes(LINES.encode(), "orders.csv", "orders", lake)
    ingest_bytes(RECEIPT_LINES.encode(), "more-orders.csv", "orders", lake)
    ingest_bytes(RECEIPTS.encode(), "payments.csv", "payments", lake)
    assert (
        lake.read_table("orders").filter(pl.col("customer_id") == "C2")["due_date"].null_count()
        == 4
    )
    return lake


def _rates(lake: Lake, start: dt.date, filters: Filters, at_period_ends: bool = False):
    frame = compute_metric(
        lake,
        "collection",
        start,
        MARCH[1],
        AS_OF,
        by="month",
        filters=filters,
        columns=("due_amount", "collected"),
        at_period_ends=at_period_ends,
    )
    return {
        month: (due, collected)
        for month, due, collected in frame.select("month", "due_amount", "collected").rows()
    }


@pytest.mark.parametrize("filters", GRAINS.values(), ids=GRAINS.keys())
def test_a_month_counts_the_lines_falling_due_inside_it_by_the_as_of(
    lake: Lake, filters: Filters
) -> None:
    assert _rates(lake, MARCH[0], filters) == {"2026-03": (MARCH_DUE, MARCH_COLLECTED)}


@pytest.mark.parametrize("filters", GRAINS.values(), ids=GRAINS.keys())
def test_each_month_of_a_trend_reads_its_own_window(lake: Lake, filters: Filters) -> None:
    february = dt.date(2026, 2, 1)
    assert _rates(lake, february, filters) == {
        "2026-02": (FEBRUARY_DUE, FEBRUARY_DUE),
        "2026-03": (MARCH_DUE, MARCH_COLLECTED),
    }
    assert _rates(lake, february, filters, at_period_ends=True) == {
        "2026-02": (FEBRUARY_DUE, Decimal(0)),
        "2026-03": (MARCH_DUE, MARCH_COLLECTED),
    }

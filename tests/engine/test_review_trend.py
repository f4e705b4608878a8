"""Review of branch ledger's one-query month trend (``at_period_ends``): each month's
collection rate as it stood at the month's end, worked by hand with credit settling a
later line, a refund reversing it, a month after as-of and a region without payment data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from sales_dash.engine.metrics import compute_metric
from sales_dash.filters import Filters
from sales_dash.ingest import ingest_bytes
from sales_dash.lake import Lake

COLUMNS = ["due_amount", "collected", "collection_rate"]


def _ingest(lake: Lake, table: str, header: str, rows: str) -> None:
    result = ingest_bytes(f"{header}\n{rows}".encode(), f"{table}.csv", table, lake)
    assert result.upload_id is not None


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    lake = Lake(tmp_path / "lake")
    # East: C1 pays by receipts. West: C2's file carries no payment data (unknown).
    _ingest(
        lake,
        "orders",
        "order_id,line_no,order_date,customer_id,rep_id,region,revenue,due_date",
        "SO1,1,2026-01-05,C1,R1,East,100,2026-01-31\nSO2,1,2026-02-10,C1,R1,East,80,2026-02-28\n"
        "SO3,1,2026-01-06,C2,R2,West,70,2026-01-31\n",
    )
    # P1 01-20 150: SO1 100, credit 50, which settles SO2 on its booking (02-10); the
    # refund P3 02-20 -20 finds no credit and takes 20 back off SO2; P2 03-05 30 to SO2
    _ingest(
        lake,
        "payments",
        "payment_id,payment_date,customer_id,amount",
        "P1,2026-01-20,C1,150\nP3,2026-02-20,C1,-20\nP2,2026-03-05,C1,30\n",
    )
    return lake


def _trend(lake: Lake, as_of: dt.date, filters: Filters | None = None) -> list[tuple]:
    frame = compute_metric(
        lake,
        "collection",
        dt.date(2026, 1, 1),
        dt.date(2026, 4, 30),
        as_of,
        by="month",
        filters=filters,
        columns=COLUMNS,
        at_period_ends=True,
    )
    return frame.select("month", *COLUMNS).rows()


def d(text: str) -> Decimal:
    return Decimal(text)


def test_each_month_as_it_stood_at_its_end(lake: Lake) -> None:
    # January: SO1 100 due, 100 collected on 01-20. February: SO2 80 due, 50 from credit
    # on 02-10 less the refund's 20 on 02-20 = 30 by 02-28 (P2's 30 came in March).
    # March and April: nothing falls due (no payment information is not 0: due is 0 here
    # because East's lines are tracked and none is due).
    rows = _trend(lake, dt.date(2026, 3, 31), Filters(regions=("East",)))
    assert [r[:3] for r in rows[:2]] == [
        ("2026-01", d("100"), d("100")),
        ("2026-02", d("80"), d("30")),
    ]
    assert rows[0][3] == pytest.approx(1.0) and rows[1][3] == pytest.approx(0.375)
    assert all(r[3] is None for r in rows[2:])  # nothing due: no rate
    # as of 03-31 rather than at its end, February reads 60 of 80
    alone = compute_metric(
        lake, "collection", dt.date(2026, 2, 1), dt.date(2026, 2, 28), dt.date(2026, 3, 31),
        filters=Filters(regions=("East",)), columns=COLUMNS,
    )  # fmt: skip
    assert alone.select(COLUMNS).rows() == [(d("80"), d("60"), pytest.approx(0.75))]


def test_a_month_ending_after_as_of_stands_at_as_of(lake: Lake) -> None:
    # as of 02-20 SO2 (due 02-28) has not fallen due: February has nothing due
    rows = _trend(lake, dt.date(2026, 2, 20), Filters(regions=("East",)))
    assert rows[0][1:] == (d("100"), d("100"), pytest.approx(1.0))
    assert all(r[3] is None for r in rows[1:])


def test_a_region_without_payment_data_is_unknown_every_month(lake: Lake) -> None:
    rows = _trend(lake, dt.date(2026, 3, 31), Filters(regions=("West",)))
    # January: SO3 70 fell due but its collection is unknown: not 0 collected, not 0%
    assert all(r[2] is None and r[3] is None for r in rows), rows

"""Review of the metric result cache (branch small, ``compute_metric`` through
engine.results): a reader's scope, a frozen lake and the payment terms setting each get
their own answer, hand-worked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from sales_dash.access import Access, Role
from sales_dash.engine.metrics import compute_metric
from sales_dash.ingest import ingest_bytes
from sales_dash.lake import Lake

JANUARY = (dt.date(2026, 1, 1), dt.date(2026, 1, 31), dt.date(2026, 1, 31))


def _ingest(lake: Lake, header: str, rows: str) -> None:
    result = ingest_bytes(f"{header}\n{rows}".encode(), "orders.csv", "orders", lake)
    assert result.upload_id is not None


def _revenue(lake: Lake) -> Decimal:
    return compute_metric(lake, "margin", *JANUARY)["revenue"][0]


def test_a_scoped_reader_and_a_frozen_lake_get_their_own_answers(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    _ingest(
        lake,
        "order_id,line_no,order_date,customer_id,rep_id,region,revenue",
        "SO1,1,2026-01-05,C1,R1,East,100\nSO2,1,2026-01-06,C2,R2,West,40\n",
    )
    frozen = lake.pinned(lake.manifest())
    assert _revenue(lake) == Decimal("140")
    east = lake.scoped(Access(Role.REGION_MANAGER, regions=frozenset({"East"})))
    assert _revenue(east) == Decimal("100")
    _ingest(lake, "order_id,line_no,order_date,customer_id,rep_id,region,revenue",
            "SO3,1,2026-01-07,C1,R1,East,5\n")  # fmt: skip
    assert (_revenue(lake), _revenue(east), _revenue(frozen)) == (
        Decimal("145"),
        Decimal("105"),
        Decimal("140"),
    )


def test_the_payment_terms_are_part_of_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line without payment data falls due order date + terms (sql/collection_due.sql):
    SO2 of 01-01 is due in January at 30 days, in February at 40; SO1 is tracked."""
    lake = Lake(tmp_path / "lake")
    _ingest(
        lake,
        "order_id,line_no,order_date,customer_id,rep_id,region,revenue,due_date,paid_amount",
        "SO1,1,2026-01-01,C1,R1,East,100,2026-01-20,100\n",
    )
    _ingest(
        lake,
        "order_id,line_no,order_date,customer_id,rep_id,region,revenue",
        "SO2,1,2026-01-01,C2,R1,East,60\n",
    )

    def coverage() -> float:
        frame = compute_metric(lake, "collection", *JANUARY, coverage=True)
        return float(frame["payment_coverage"][0])

    monkeypatch.setenv("SALES_DASH_PAYMENT_TERMS_DAYS", "30")
    assert coverage() == pytest.approx(100 / 160)  # SO2 due 01-31: 100 of 160 tracked
    monkeypatch.setenv("SALES_DASH_PAYMENT_TERMS_DAYS", "40")
    assert coverage() == pytest.approx(1.0)  # SO2 due 02-10: only SO1 due

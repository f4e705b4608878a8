"""Which receipts a scoped reader holds: a receipt naming no region or rep is its
customer's owner's, as the company's owners say, so the scopes that partition the company
count each receipt once in cash collected (a scope naming the unassigned key once counted
another region's receipts too). Hand-worked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sales_dash.access import Access, Role
from sales_dash.engine.metrics import compute_metric
from sales_dash.ingest import ingest_bytes
from sales_dash.lake import Lake

LINES = (
    "order_id,line_no,order_date,customer_id,rep_id,region,revenue,due_date\n"
    "SO1,1,2026-01-05,C1,R1,East,100,2026-01-05\n"  # C1's owner: East
    "SO2,1,2026-01-06,C2,,,40,2026-01-06\n"  # C2's owner: unassigned
)
RECEIPTS = (
    "payment_id,payment_date,customer_id,amount,region\n"
    "P1,2026-02-01,C1,100,\n"  # no region: C1's owner's, East's
    "P2,2026-02-02,C2,40,\n"  # no region: C2's owner's, unassigned
    "P3,2026-02-03,C1,5,West\n"  # names West: West's
)
FEBRUARY = (dt.date(2026, 2, 1), dt.date(2026, 2, 28), dt.date(2026, 2, 28))


def _cash(lake: Lake) -> Decimal:
    return compute_metric(lake, "cash", *FEBRUARY)["cash_collected"][0]


def test_the_scopes_that_partition_the_company_count_each_receipt_once(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    ingest_bytes(LINES.encode(), "orders.csv", "orders", lake)
    ingest_bytes(RECEIPTS.encode(), "payments.csv", "payments", lake)
    cash = {
        region: _cash(lake.scoped(Access(Role.REGION_MANAGER, regions=frozenset({region}))))
        for region in ("East", "West", "")
    }
    assert cash == {"East": Decimal("100"), "West": Decimal("5"), "": Decimal("40")}
    assert _cash(lake) == Decimal("145") == sum(cash.values())

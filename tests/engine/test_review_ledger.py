"""Review of branch ledger's customer ledger (issue 15): the latest entries carry the whole
account's balance at every cut, a scoped reader's ledger, and a first receipt of 0."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sales_dash.access import Access, Role
from sales_dash.engine.customers import ledger_entries
from sales_dash.engine.metrics import compute_metric
from sales_dash.ingest import ingest_bytes, undo_upload
from sales_dash.lake import Lake

ORDERS = "order_id,line_no,order_date,customer_id,rep_id,region,revenue,paid_amount,paid_date"
PAYMENTS = "payment_id,payment_date,customer_id,amount,order_id"
UNPAID = "order_id,line_no,order_date,customer_id,rep_id,region,revenue"
AS_OF = dt.date(2026, 12, 31)


def _ingest(lake: Lake, table: str, header: str, rows: str) -> str:
    result = ingest_bytes(
        f"{header}\n{rows}".encode(), f"{table}.csv", table, lake, accept_moves=True
    )
    assert result.upload_id is not None
    return result.upload_id


def d(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.0001"))


def test_every_cut_of_the_latest_entries_has_the_whole_accounts_balance(tmp_path: Path) -> None:
    """Same-day lines, returns, receipts, a refund and a receipt named like an order."""
    lake = Lake(tmp_path / "lake")
    # C1 of 03-01: SO2/1 100, SO2/2 50, the return SO3/1 -20, receipts P1 70 and SO2 (a
    # receipt numbered like the order) 30 the same day, then P3 -10 on 03-05 and SO4 40.
    _ingest(
        lake,
        "orders",
        UNPAID,
        "SO2,1,2026-03-01,C1,R1,East,100\nSO2,2,2026-03-01,C1,R1,East,50\n"
        "SO3,1,2026-03-01,C1,R1,East,-20\nSO4,1,2026-03-05,C1,R1,East,40\n",
    )
    _ingest(
        lake,
        "payments",
        PAYMENTS,
        "P1,2026-03-01,C1,70,\nSO2,2026-03-01,C1,30,\nP3,2026-03-05,C1,-10,\n",
    )
    whole = ledger_entries(lake, "C1", AS_OF)
    # by hand: each day lines, returns, then money (by document)
    assert whole.select("entry", "document", "balance").rows() == [
        ("line", "SO2", d("100")),
        ("line", "SO2", d("150")),
        ("return", "SO3", d("130")),
        ("receipt", "P1", d("60")),
        ("receipt", "SO2", d("30")),
        ("line", "SO4", d("70")),
        ("refund", "P3", d("80")),
    ]
    for latest in range(1, whole.height + 2):
        cut = ledger_entries(lake, "C1", AS_OF, latest)
        assert cut.equals(whole.tail(latest)), latest


def test_a_first_receipt_of_zero_makes_the_lines_entries_and_its_undo_takes_them_out(
    tmp_path: Path,
) -> None:
    """A customer with any receipt, even one of 0, is settled by receipts (docs/receipts.md)."""
    lake = Lake(tmp_path / "lake")
    _ingest(lake, "orders", UNPAID, "SO1,1,2026-01-05,C1,R1,East,100\n")
    _ingest(lake, "orders", UNPAID, "SO2,1,2026-02-05,C1,R1,East,60\n")
    assert ledger_entries(lake, "C1", AS_OF).height == 0  # collection unknown: no entries
    receipt = _ingest(lake, "payments", PAYMENTS, "P1,2026-03-01,C1,0,\n")
    assert ledger_entries(lake, "C1", AS_OF).select("document", "balance").rows() == [
        ("SO1", d("100")),
        ("SO2", d("160")),
        ("P1", d("160")),
    ]
    undo_upload(lake, receipt)
    assert ledger_entries(lake, "C1", AS_OF).height == 0


def test_a_scoped_readers_ledger_is_the_whole_of_its_rows(tmp_path: Path) -> None:
    """A region manager's ledger: the lines of its region and the receipts it is shown,
    its latest entries cut from that same ledger."""
    lake = Lake(tmp_path / "lake")
    _ingest(
        lake,
        "orders",
        ORDERS,
        "SO1,1,2026-01-05,C1,R1,East,100,100,2026-01-20\n"
        "SO2,1,2026-01-06,C1,R2,West,300,0,\n"
        "SO3,1,2026-01-07,C1,R1,East,40,0,\n",
    )
    east = lake.scoped(Access(Role.REGION_MANAGER, regions=frozenset({"East"})))
    rows = ledger_entries(east, "C1", AS_OF)
    assert rows.select("entry", "document", "balance").rows() == [
        ("line", "SO1", d("100")),
        ("line", "SO3", d("140")),
        ("line_paid", "SO1", d("40")),
    ]
    assert ledger_entries(east, "C1", AS_OF, 2).equals(rows.tail(2))


def test_a_scoped_ledger_of_a_customer_who_moved_region_ends_at_the_scopes_outstanding(
    tmp_path: Path,
) -> None:
    """C1 bought in East in January (SO1 100, paid by P1 on 02-01) and in West in March
    (SO2 50, open): East's ledger has P1's 100 that settled its line and ends at 0, West's
    (P1's holder: its owner's) none of it, and ends at 50, as their receivables say. Before
    branch sledger, East's ended owing 100 and West's at a credit of 50."""
    lake = Lake(tmp_path / "lake")
    _ingest(
        lake,
        "orders",
        "order_id,line_no,order_date,customer_id,rep_id,region,revenue,due_date",
        "SO1,1,2026-01-05,C1,R1,East,100,2026-01-05\nSO2,1,2026-03-05,C1,R2,West,50,2026-03-05\n",
    )
    _ingest(lake, "payments", PAYMENTS, "P1,2026-02-01,C1,100,\n")
    as_of = dt.date(2026, 3, 31)
    closing = {}
    for region in ("East", "West"):
        scoped = lake.scoped(Access(Role.REGION_MANAGER, regions=frozenset({region})))
        outstanding = compute_metric(scoped, "collection", as_of, as_of, as_of)["outstanding"]
        assert outstanding.to_list() == [d("0") if region == "East" else d("50")]
        closing[region] = ledger_entries(scoped, "C1", as_of)["balance"].to_list()[-1]
    assert closing == {"East": d("0"), "West": d("50")}

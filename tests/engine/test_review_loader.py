"""Review of branch ingest's background loader (it loads the kept tables and checkpoints
after each write, ``db.CHECKPOINT_THRESHOLD``): a write and an undo made while it runs are
read at once, whole, and stay so once it is done."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sales_dash.engine import db
from sales_dash.engine.metrics import compute_metric
from sales_dash.ingest import ingest_bytes, undo_upload
from sales_dash.lake import Lake
from tests.engine.conftest import forget_databases

HEADER = "order_id,line_no,order_date,customer_id,rep_id,region,revenue,due_date,paid_amount"
FIRST = "SO1,1,2026-01-05,C1,R1,East,100,2026-01-20,40\nSO2,1,2026-02-05,C2,R2,West,200,,\n"
SECOND = "SO1,1,2026-01-05,C1,R1,East,130,2026-01-20,40\nSO3,1,2026-03-05,C1,R1,East,7,,\n"


def _ingest(lake: Lake, rows: str) -> str:
    result = ingest_bytes(f"{HEADER}\n{rows}".encode(), "orders.csv", "orders", lake)
    assert result.upload_id is not None
    return result.upload_id


def _read(lake: Lake) -> list[tuple[object, ...]]:
    frame = compute_metric(
        lake, "collection", dt.date(2026, 1, 1), dt.date(2026, 3, 31), dt.date(2026, 3, 31),
        by="month", columns=["due_amount", "collected"],
    )  # fmt: skip
    margin = compute_metric(lake, "margin", dt.date(2026, 1, 1), dt.date(2026, 3, 31), by="month")
    return (
        frame.select("month", "due_amount", "collected").rows()
        + margin.select("month", "revenue").rows()
    )


def test_a_write_and_an_undo_while_the_loader_runs(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    _ingest(lake, FIRST)
    before = _read(lake)
    # due: SO1 on 01-20 (40 paid); SO2 02-05 + 30 days = 03-07 (an empty paid cell of a
    # file with payment data is 0 paid)
    assert before[:3] == [
        ("2026-01", Decimal("100"), Decimal("40")),
        ("2026-02", Decimal("0"), Decimal("0")),  # nothing fell due
        ("2026-03", Decimal("200"), Decimal("0")),
    ]
    for _ in range(3):
        forget_databases()  # a new process: the loader starts on its first read
        db.clear_result_cache()
        assert _read(lake) == before
        second = _ingest(lake, SECOND)  # while the loader may still be loading
        after = _read(lake)
        assert after[0] == ("2026-01", Decimal("130"), Decimal("40"))
        assert after[3:] == [
            ("2026-01", Decimal("130")),
            ("2026-02", Decimal("200")),
            ("2026-03", Decimal("7")),
        ]
        assert db.wait_loaded(60)
        assert _read(lake) == after
        undo_upload(lake, second)
        assert _read(lake) == before
        assert db.wait_loaded(60)
        db.clear_result_cache()
        assert _read(lake) == before

"""Review of branch build's tables kept as they are built: when keeping the rest fails
(``rollups._keep`` returns {} on a disk error, e.g. a full disk), the next write must still
see every month of ``settled`` and ``open_spans``, not only the months it rebuilds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sales_dash.engine import rollups
from sales_dash.engine.db import run_sql
from sales_dash.ingest import ingest_bytes
from sales_dash.lake import Lake
from tests.engine.test_rollup_updates import _restart, assert_derived_equal_the_lines

HEADER = "order_id,line_no,order_date,customer_id,rep_id,region,revenue,due_date,paid_amount"


def _ingest(lake: Lake, rows: str) -> None:
    result = ingest_bytes(f"{HEADER}\n{rows}".encode(), "orders.csv", "orders", lake)
    assert result.upload_id is not None


def _full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Make the kept files' writes fail as on a full disk (the real ``_keep``, pointed
    under a plain file: an OSError); returns the real one, to put back."""
    keep = rollups._keep
    blocked = tmp_path / "a_file"
    blocked.write_text("not a folder")

    def keep_on_a_full_disk(connection: Any, folder: Path, *args: Any) -> Any:
        return keep(connection, blocked / "monthly", *args)

    monkeypatch.setattr(rollups, "_keep", keep_on_a_full_disk)
    return keep


def test_a_failed_keep_after_a_build_from_scratch_loses_no_month(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lake = Lake(tmp_path / "lake")
    keep = _full_disk(tmp_path, monkeypatch)
    # January and February: SO1 100 paid 40, SO2 200 paid 0 (settled: SO1's 40)
    _ingest(
        lake, "SO1,1,2026-01-05,C1,R1,East,100,2026-01-20,40\nSO2,1,2026-02-05,C2,R2,West,200,,\n"
    )
    monkeypatch.setattr(rollups, "_keep", keep)
    _ingest(lake, "SO3,1,2026-03-05,C1,R1,East,7,2026-03-20,7\n")  # March alone
    settled = run_sql(lake, "select order_id, amount from settled order by all")
    assert [(r[0], float(r[1])) for r in settled.rows()] == [("SO1", 40.0), ("SO3", 7.0)]
    assert_derived_equal_the_lines(lake)
    _restart()  # a new process reads what the state names: every month, not March alone
    revenue = run_sql(lake, "select sum(revenue) as revenue from orders_daily")
    assert float(revenue["revenue"][0]) == 307.0
    assert_derived_equal_the_lines(lake)


def test_a_failed_keep_of_a_write_into_a_loaded_lake_loses_no_month(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new process reads the kept files; a write's keep fails: every table is still read
    whole, after the next write and in the process after that."""
    lake = Lake(tmp_path / "lake")
    _ingest(
        lake, "SO1,1,2026-01-05,C1,R1,East,100,2026-01-20,40\nSO2,1,2026-02-05,C2,R2,West,200,,\n"
    )
    _restart()
    keep = _full_disk(tmp_path, monkeypatch)
    _ingest(lake, "SO3,1,2026-03-05,C1,R1,East,7,2026-03-20,7\n")
    assert_derived_equal_the_lines(lake)
    monkeypatch.setattr(rollups, "_keep", keep)
    _ingest(lake, "SO4,1,2026-04-05,C2,R2,West,3,2026-04-20,0\n")
    assert_derived_equal_the_lines(lake)
    _restart()
    revenue = run_sql(lake, "select sum(revenue) as revenue from orders_daily")
    assert float(revenue["revenue"][0]) == 310.0
    assert_derived_equal_the_lines(lake)


def test_a_whole_rebuild_after_a_failed_keep_keeps_the_ledger_held_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed keep leaves the ledger's table in memory; when the next write must apply
    every ledger again (``_touched`` is None: a file the last build read is gone, as when
    another process's clean-up deleted it), the ledger is written to kept files and read
    from them: the table in memory made that view fail (a CatalogException)."""
    lake = Lake(tmp_path / "lake")
    keep = _full_disk(tmp_path, monkeypatch)
    _ingest(lake, "SO1,1,2026-01-05,C1,R1,East,100,2026-01-20,40\n")
    monkeypatch.setattr(rollups, "_keep", keep)
    monkeypatch.setattr(rollups, "_touched", lambda *args: None)
    _ingest(lake, "SO2,1,2026-02-05,C2,R2,West,200,,\n")
    assert_derived_equal_the_lines(lake)
    _restart()
    entries = run_sql(lake, "select document, entry from ledger_entries order by all")
    # no receipts: each line is billed, and SO1's paid_amount is paid on its line
    assert entries.rows() == [("SO1", "line"), ("SO1", "line_paid"), ("SO2", "line")]
    assert_derived_equal_the_lines(lake)

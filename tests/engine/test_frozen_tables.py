"""A frozen meeting's derived tables (``rollups.refresh(read_kept=True)``): read from the
files the live tables keep, the months that differ built in memory, never written; the
files it reads outlive the live tables' clean-up in this process, and another process's
clean-up makes it build them again, never answer wrongly. Revenue hand-worked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from sales_dash.access import Access, Role
from sales_dash.engine import db, rollups
from sales_dash.engine.metrics import compute_metric
from sales_dash.ingest import ingest_bytes
from sales_dash.lake import Lake
from tests.engine.conftest import forget_databases

HEADER = "order_id,line_no,order_date,customer_id,rep_id,region,revenue"
JANUARY = "SO1,1,2026-01-05,C1,R1,East,100\nSO2,1,2026-01-06,C2,R2,West,40\n"
FEBRUARY = "SO3,1,2026-02-03,C1,R1,East,7\n"
JANUARY_FIXED = "SO1,1,2026-01-05,C1,R1,East,90\n"
"""An upsert into January: its kept files are superseded."""
EAST = Access(Role.REGION_MANAGER, regions=frozenset({"East"}))


def _ingest(lake: Lake, rows: str) -> None:
    result = ingest_bytes(f"{HEADER}\n{rows}".encode(), "orders.csv", "orders", lake)
    assert result.upload_id is not None


def _revenue(lake: Lake) -> Decimal:
    start, end = dt.date(2026, 1, 1), dt.date(2026, 2, 28)
    return compute_metric(lake, "margin", start, end, end)["revenue"][0]


def _new_process() -> None:
    forget_databases()
    db.clear_result_cache()


def _kept_files(lake: Lake) -> set[Path]:
    return set((lake.root / "_derived" / rollups.MONTHLY_DIR).rglob("*.parquet"))


def test_a_freeze_reads_the_live_tables_files_and_writes_none(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    _ingest(lake, JANUARY)
    assert _revenue(lake) == Decimal("140")
    kept = _kept_files(lake)
    frozen = lake.pinned(lake.manifest())
    assert _revenue(frozen) == Decimal("140")
    # every kept table a view over its files: nothing built from the lines, nothing loaded;
    # the small tables made of the monthly ones are made (a view would be read each time)
    company = db._database(frozen.scoped(None)).connection
    assert rollups.lazy_tables(company) == rollups.KEPT
    assert _kept_files(lake) == kept
    assert _revenue(frozen.scoped(EAST)) == Decimal("100")


def test_an_upload_during_the_meeting_leaves_the_frozen_files_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The live tables' clean-up deletes superseded files at once here; those a frozen
    database of this process reads stay, and it answers as frozen."""
    monkeypatch.setattr(rollups, "KEEP_SUPERSEDED_SECONDS", 0.0)
    lake = Lake(tmp_path / "lake")
    _ingest(lake, JANUARY)
    frozen = lake.pinned(lake.manifest())
    assert _revenue(frozen) == Decimal("140")
    read = _kept_files(lake)
    _ingest(lake, JANUARY_FIXED)
    assert _revenue(lake) == Decimal("130")
    assert read <= _kept_files(lake)
    db.clear_result_cache()
    assert _revenue(frozen) == Decimal("140")
    assert _revenue(frozen.scoped(EAST)) == Decimal("100")


def test_another_process_deleting_the_frozen_files_makes_it_build_them_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rollups, "KEEP_SUPERSEDED_SECONDS", 0.0)
    lake = Lake(tmp_path / "lake")
    _ingest(lake, JANUARY)
    frozen = lake.pinned(lake.manifest())
    assert _revenue(frozen) == Decimal("140")
    _ingest(lake, JANUARY_FIXED)
    # another process's clean-up: what this process's frozen database reads is unknown to it
    folder = lake.root / "_derived" / rollups.MONTHLY_DIR
    state = rollups.Built.from_json((folder / rollups.STATE).read_bytes())
    rollups._drop_unnamed(folder, state)
    db.clear_result_cache()
    assert _revenue(frozen) == Decimal("140")
    assert _revenue(frozen.scoped(EAST)) == Decimal("100")


def test_a_freeze_opened_after_a_restart_and_an_upload_builds_its_months_in_memory(
    tmp_path: Path,
) -> None:
    """The kept tables are February's upload's; the freeze names the lake before it:
    the months that differ (February, gone from the freeze) are built in memory."""
    lake = Lake(tmp_path / "lake")
    _ingest(lake, JANUARY)
    manifest = lake.manifest()
    _ingest(lake, FEBRUARY + JANUARY_FIXED)
    assert _revenue(lake) == Decimal("137")
    kept = _kept_files(lake)
    _new_process()
    frozen = lake.pinned(manifest)
    assert _revenue(frozen) == Decimal("140")
    assert _revenue(frozen.scoped(EAST)) == Decimal("100")
    assert _kept_files(lake) == kept
    assert _revenue(lake) == Decimal("137")

"""Readers' databases (a region manager's, a rep's, a frozen meeting's) are let go, the
least recently used first, when together they hold more than ``engine_reader_memory_mb``
besides the one just opened; the company's own is never let go; a reader whose database
was let go reads the same figures from a new one."""

from __future__ import annotations

import datetime as dt
import gc
import math
import weakref
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from sales_dash.access import Access, Role
from sales_dash.engine import db
from sales_dash.engine.db import run_sql
from sales_dash.engine.metrics import compute_metric
from sales_dash.ingest import ingest_bytes
from sales_dash.lake import Lake

LINES = (
    "order_id,line_no,order_date,customer_id,rep_id,region,revenue,due_date\n"
    "SO1,1,2026-01-05,C1,R1,East,100,2026-02-05\n"
    "SO2,1,2026-01-06,C2,R2,West,40,2026-02-06\n"
    "SO3,1,2026-01-07,C3,R3,East,7,2026-02-07\n"
)
PAYMENTS = "payment_id,payment_date,customer_id,amount\nP1,2026-01-20,C1,60\nP2,2026-01-21,C2,4\n"
JANUARY = (dt.date(2026, 1, 1), dt.date(2026, 1, 31), dt.date(2026, 1, 31))
EAST = Access(Role.REGION_MANAGER, regions=frozenset({"East"}))
WEST = Access(Role.REGION_MANAGER, regions=frozenset({"West"}))
R1 = Access(Role.REP, regions=frozenset({"East"}), reps=frozenset({"R1"}))
R2 = Access(Role.REP, regions=frozenset({"West"}), reps=frozenset({"R2"}))
# hand-worked: each scope's January revenue and cash collected
FIGURES = {
    EAST: (Decimal(107), Decimal(60)),
    WEST: (Decimal(40), Decimal(4)),
    R1: (Decimal(100), Decimal(60)),
    R2: (Decimal(40), Decimal(4)),
}
BUDGET = "SALES_DASH_ENGINE_READER_MEMORY_MB"


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    lake = Lake(tmp_path / "lake")
    ingest_bytes(LINES.encode(), "orders.csv", "orders", lake)
    ingest_bytes(PAYMENTS.encode(), "payments.csv", "payments", lake)
    return lake


def _open(lake: Lake, access: Access) -> db._Database:
    """Read ``access``'s January (its database made if need be), loaded in full."""
    scoped = lake.scoped(access)
    revenue = compute_metric(scoped, "margin", *JANUARY)["revenue"].item()
    cash = compute_metric(scoped, "cash", *JANUARY)["cash_collected"].item()
    assert (revenue, cash) == FIGURES[access]
    run_sql(scoped, "select 1")  # not from the result cache: the database is asked
    assert db.wait_loaded(timeout=60)
    return db._database(scoped)


def _memory(database: db._Database) -> float:
    mb = db._memory_mb(database)
    assert mb is not None and mb > 0
    return mb


def _kept(database: db._Database) -> bool:
    return any(d is database for d in db._databases.values())


def test_the_least_recently_used_are_let_go_past_the_budget(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUDGET, "0")  # every one kept
    east, west, r1 = (_open(lake, access) for access in (EAST, WEST, R1))
    run_sql(lake.scoped(EAST), "select 1")  # East used last: West now the least recent
    room = math.ceil(_memory(east))  # East fits, not West or R1 beside it
    assert room < _memory(east) + min(_memory(west), _memory(r1))
    monkeypatch.setenv(BUDGET, str(room))
    r2 = _open(lake, R2)
    assert not _kept(west) and west.released
    assert not _kept(r1) and r1.released
    assert _kept(east) and not east.released
    assert _kept(r2)
    assert _kept(db._database(lake))  # the company's own: every reader's source
    freed = weakref.ref(west)  # nothing holds a database let go: its memory is freed
    del west
    gc.collect()
    assert freed() is None
    for loader, cursor in db._loaders:  # nor a loader's connection, once it is done
        if not loader.is_alive():
            with pytest.raises(duckdb.ConnectionException):
                cursor.execute("select 1")


def test_one_just_opened_stays_however_small_the_budget(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUDGET, "1")
    company = db._database(lake)
    east = _open(lake, EAST)
    west = _open(lake, WEST)  # East let go: West alone is kept
    assert not _kept(east) and _kept(west)
    east_again = _open(lake, EAST)  # made again, the same figures (``_open``)
    assert east_again is not east
    assert not _kept(west) and _kept(east_again)
    assert db._database(lake) is company


def test_a_zero_budget_keeps_every_one(lake: Lake, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BUDGET, "0")
    opened = [_open(lake, access) for access in FIGURES]
    assert all(_kept(database) and not database.released for database in opened)


def test_a_loaded_database_counts_once_it_is_loaded(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database grows while its tables load in the background, after the check made
    when it was opened: its loader checks again when done."""
    monkeypatch.setenv(BUDGET, "0")
    east, west = _open(lake, EAST), _open(lake, WEST)
    monkeypatch.setenv(BUDGET, "1")
    db._load_in_background(west, west.connection.cursor())  # West's loading ends
    assert not _kept(east) and east.released
    assert _kept(west)

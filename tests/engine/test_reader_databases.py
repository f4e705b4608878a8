"""Readers' databases (a region manager's, a rep's, a frozen meeting's) are let go, the
least recently used first, when together they hold more than ``engine_reader_memory_mb``
besides the one just opened; the company's own is never let go; a reader whose database
was let go reads the same figures from a new one."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import math
import weakref
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from sales_dash.access import Access, Role
from sales_dash.engine import db, rollups
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
    lake: Lake, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(BUDGET, "0")  # every one kept
    company = db._database(lake)
    east, west, r1 = (_open(lake, access) for access in (EAST, WEST, R1))
    run_sql(lake.scoped(EAST), "select 1")  # East used last: West now the least recent
    room = math.ceil(_memory(east))  # East fits, not West or R1 beside it
    assert room < _memory(east) + min(_memory(west), _memory(r1))
    monkeypatch.setenv(BUDGET, str(room))
    with caplog.at_level(logging.INFO, logger="sales_dash.engine"):
        r2 = _open(lake, R2)
    # this lake's (earlier tests' readers of other lakes may go too)
    mine = f" of {lake.resolved_root},"
    let_go = [r.getMessage() for r in caplog.records if "let go" in r.getMessage()]
    let_go = [message for message in let_go if mine in message]
    assert len(let_go) == 2 and "'West'" in let_go[0] and "'R1'" in let_go[1], let_go
    assert not _kept(west) and west.released
    assert not _kept(r1) and r1.released
    assert _kept(east) and not east.released
    assert _kept(r2)
    assert _kept(company)  # the company's own: every reader's source
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
    assert _memory(east) > 1  # over the budget alone
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
    assert _memory(east) > 1  # over the budget alone
    monkeypatch.setenv(BUDGET, "1")
    db._load_in_background(west, west.connection.cursor())  # West's loading ends
    assert not _kept(east) and east.released
    assert _kept(west)


def _line_tables(lake: Lake) -> list[list[tuple[object, ...]]]:
    """The rows of the line-level derived tables, views over the kept files in a reader's
    database (``rollups.FROM_FILES``): what a clean-up of those files would break."""
    assert db.wait_loaded(timeout=60)
    tables = sorted(rollups.FROM_FILES)
    return [run_sql(lake, f"select * from {name} order by all").rows() for name in tables]


def _fix_january(lake: Lake) -> None:
    """Two uploads into January: the kept files of the frozen data are superseded, then
    cleaned up (the clean-up keeps the files of the data just before a write)."""
    for revenue in (90, 95):
        upload = ingest_bytes(
            b"order_id,line_no,order_date,customer_id,rep_id,region,revenue,due_date\n"
            + f"SO1,1,2026-01-05,C1,R1,East,{revenue},2026-02-05\n".encode(),
            "orders.csv",
            "orders",
            lake,
        )
        assert upload.upload_id is not None
        db.clear_result_cache()
        live = compute_metric(lake.scoped(EAST), "margin", *JANUARY)["revenue"].item()
        assert live == revenue + 7


def test_a_frozen_meetings_own_database_goes_after_its_readers(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frozen meeting's own database (every row, the frozen data) names the kept files
    its readers' views read, which the live tables' clean-up then spares: it goes only
    after them, and an upload that supersedes those files leaves the meeting as frozen."""
    monkeypatch.setattr(rollups, "KEEP_SUPERSEDED_SECONDS", 0.0)  # clean-up at once
    monkeypatch.setenv(BUDGET, "0")
    frozen = lake.pinned(lake.manifest())
    own = db._database(frozen)
    assert compute_metric(frozen, "margin", *JANUARY)["revenue"].item() == Decimal(147)
    east = _open(frozen, EAST)  # the meeting's own used first: the least recent
    as_frozen = _line_tables(frozen.scoped(EAST))
    room = math.ceil(_memory(east))  # letting the meeting's own go would make room
    assert room < _memory(east) + _memory(own)
    monkeypatch.setenv(BUDGET, str(room))
    _open(lake, R2)  # a live reader: the check
    assert _kept(own) and not _kept(east)  # its reader went first
    _fix_january(lake)
    assert compute_metric(frozen.scoped(EAST), "margin", *JANUARY)["revenue"].item() == 107
    assert _line_tables(frozen.scoped(EAST)) == as_frozen


def test_a_frozen_meetings_reader_without_its_own_database_is_built_again(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a meeting's own database be gone while a reader's is kept, nothing spares
    the files the reader's views read: a read that finds them gone builds it again."""
    monkeypatch.setattr(rollups, "KEEP_SUPERSEDED_SECONDS", 0.0)
    monkeypatch.setenv(BUDGET, "0")
    frozen = lake.pinned(lake.manifest())
    east = _open(frozen, EAST)
    as_frozen = _line_tables(frozen.scoped(EAST))
    with db._databases_lock:
        del db._databases[(lake.resolved_root, None, frozen.data_stamp())]
    _fix_january(lake)
    assert _line_tables(frozen.scoped(EAST)) == as_frozen  # the files gone: built again
    assert not _kept(east) and east.released

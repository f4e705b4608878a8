"""Background loading gives way to the app's queries (``sales_dash.engine.activity``)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sales_dash.engine import db, rollups
from sales_dash.engine.activity import ACTIVITY, Activity
from sales_dash.engine.db import run_sql
from sales_dash.ingest import ingest_bytes
from sales_dash.lake import Lake
from tests.engine.test_rollup_updates import ORDERS_HEADER, _restart


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_quiet_once_no_query_ran_for_the_pause() -> None:
    clock = Clock()
    activity = Activity(clock)
    assert not activity.quiet(1.0)  # a process just started is busy starting
    clock.now += 1.0
    assert activity.quiet(1.0)
    with activity.query():
        clock.now += 5.0
        assert not activity.quiet(1.0)  # under way, however long
        with activity.query():
            pass
        assert not activity.quiet(1.0)  # the outer one still runs
    clock.now += 0.99
    assert not activity.quiet(1.0)  # ended 0.99 s ago
    clock.now += 0.01
    assert activity.quiet(1.0)


def test_a_query_that_fails_still_ends() -> None:
    clock = Clock()
    activity = Activity(clock)
    try:
        with activity.query():
            raise ValueError
    except ValueError:
        pass
    clock.now += 1.0
    assert activity.quiet(1.0)


def test_waiting_ends_at_a_pause_at_the_longest_or_when_stopped() -> None:
    activity = Activity()
    stop = threading.Event()
    with activity.query():
        started = time.monotonic()
        activity.wait_quiet(stop, seconds=0.01, longest=0.2)  # busy throughout: the longest
        assert time.monotonic() - started >= 0.2
        stop.set()
        started = time.monotonic()
        activity.wait_quiet(stop, seconds=0.01, longest=60)
        assert time.monotonic() - started < 1
    stop.clear()
    time.sleep(0.02)
    started = time.monotonic()
    activity.wait_quiet(stop, seconds=0.01, longest=60)
    assert time.monotonic() - started < 1


def test_a_new_process_loads_its_tables_in_a_pause_of_the_queries(tmp_path: Path) -> None:
    """While a query of the app runs, the loader starts no table; once they pause it loads
    every one, the same rows."""
    lake = Lake(tmp_path / "lake")
    rows = "SO1,1,2026-01-05,C1,R1,华东,100,60,40,2026-01-20,,,\n"
    ingest_bytes(f"{ORDERS_HEADER}\n{rows}".encode(), "a.csv", "orders", lake)
    built = run_sql(lake, "select * from orders_daily order by all")
    assert db.wait_loaded(60)  # the write's compression, if any
    _restart()
    with ACTIVITY.query():  # a page's query under way
        cursor = db._database(lake).cursor()
        waiting = rollups.to_load(cursor)
        assert "orders_daily" in waiting
        time.sleep(1.5)
        assert rollups.to_load(cursor) == waiting  # nothing loaded beside it
    assert db.wait_loaded(60)
    assert rollups.to_load(cursor) == []
    assert run_sql(lake, "select * from orders_daily order by all").equals(built)

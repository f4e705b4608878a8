"""Page sections computed in the background (``prefetch``), and work done once when two
threads ask for the same section or query at the same moment."""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import polars as pl
import pytest

from sales_dash.engine import db
from sales_dash.engine.scope import filter_params
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from sales_dash.ui.data import cached, clear_cache, prefetch


class Recorder:
    """A section function that notes its calls, sleeping long enough to be overtaken."""

    def __init__(self, fail_first: bool = False) -> None:
        self.calls: list[tuple[int, str]] = []
        self.fail_first = fail_first
        self.lock = threading.Lock()

    def __call__(self, lake: Lake, word: str) -> pl.DataFrame:
        with self.lock:
            self.calls.append((threading.get_ident(), word))
            failing = self.fail_first and len(self.calls) == 1
        time.sleep(0.05)
        if failing:
            raise RuntimeError("engine down")
        return pl.DataFrame({"word": [word]})


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch: pytest.MonkeyPatch):
    """Empty caches, and idle workers of their own: sections that pages of earlier tests
    prefetched may still be queued on the shared ones."""
    from sales_dash.ui import data

    clear_cache()
    workers = ThreadPoolExecutor(data.PREFETCH_WORKERS, thread_name_prefix="test-prefetch")
    monkeypatch.setattr(data, "_prefetcher", workers)
    yield
    workers.shutdown(wait=True)
    clear_cache()


def test_a_prefetched_section_is_computed_once_in_the_background(lake: Lake) -> None:
    section = Recorder()
    prefetch(section, lake, "north")
    prefetch(section, lake, "north")  # asked twice, computed once
    result = cached(section, lake, "north")
    assert result["word"].to_list() == ["north"]
    assert cached(section, lake, "north") is result
    assert [word for _, word in section.calls] == ["north"]
    assert section.calls[0][0] != threading.get_ident()


def test_a_page_waits_for_or_computes_what_was_prefetched(lake: Lake) -> None:
    """Four prefetches on two workers: the page computes itself what no worker has
    started yet, and every answer is its own."""
    section = Recorder()
    words = ["a", "b", "c", "d"]
    for word in words:
        prefetch(section, lake, word)
    answers = [cached(section, lake, word)["word"][0] for word in words]
    assert answers == words
    assert sorted(word for _, word in section.calls) == words


def test_a_failed_section_raises_where_it_is_read_and_is_tried_again(lake: Lake) -> None:
    section = Recorder(fail_first=True)
    prefetch(section, lake, "south")
    with pytest.raises(RuntimeError, match="engine down"):
        cached(section, lake, "south")
    assert cached(section, lake, "south")["word"].to_list() == ["south"]
    assert len(section.calls) == 2


def test_one_query_asked_by_two_threads_at_once_runs_once(
    demo_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.clear_result_cache()
    runs: list[str] = []
    execute = db._execute

    def slow_execute(lake: Lake, sql: str, params: dict[str, object]):
        runs.append(sql)
        time.sleep(0.1)
        return execute(lake, sql, params)

    monkeypatch.setattr(db, "_execute", slow_execute)
    november = {"range_start": dt.date(2026, 11, 1), "flow_range_end": dt.date(2026, 11, 23)}
    params = {**november, "facts": "rollup", **filter_params(Filters(regions=("华东",)))}
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(lambda _: db.run_query(demo_lake, "line_count", **params), [1, 2])
    assert len(runs) == 1
    assert first is second
    assert first["lines"][0] > 0

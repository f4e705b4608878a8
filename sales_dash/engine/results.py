"""The one cache of results: the engine's query results and the pages' sections alike,
keyed by (lake, reader's row scope, data version, what was asked, its parameters).

A key never names the time: a write changes the data version, which makes every earlier
entry unreachable (the least recently used are dropped past ``ENTRIES``). Each result is
computed once, by whichever thread claims it first (a prefetch worker, or a page that asks
before the worker has started on it); any other thread asking meanwhile waits for it.
A failure is not kept: the next ask tries again. Results are shared, never changed in
place (Polars frames and frozen dataclasses).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Executor, Future
from typing import Any, TypeVar

from sales_dash.engine.row_scope import RowScope
from sales_dash.lake import Lake

T = TypeVar("T")
ENTRIES = 1536
"""Results kept (512 queries and 1024 sections when there were two caches)."""


def result_key(lake: Lake, asked: Hashable, parameters: Hashable) -> tuple[Hashable, ...]:
    """The key of ``asked`` (a query's name, a section's function) with ``parameters``
    over ``lake`` as its reader sees it: one user's answer is never handed to another."""
    return (
        str(lake.resolved_root),
        RowScope.of(lake.access),
        lake.data_stamp(),
        asked,
        parameters,
    )


class _Entry:
    """One result to come: its future, and who claimed computing it."""

    def __init__(self) -> None:
        self.future: Future[Any] = Future()
        self._claimed = threading.Lock()

    def claim(self) -> bool:
        return self._claimed.acquire(blocking=False)


class Results:
    """Results by key, least recently used dropped first."""

    def __init__(self, entries: int = ENTRIES) -> None:
        self.entries = entries
        self._kept: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def _entry(self, key: Hashable) -> tuple[_Entry, bool]:
        """The entry of ``key``, and whether it is new."""
        with self._lock:
            entry = self._kept.get(key)
            if entry is not None:
                self._kept.move_to_end(key)
                return entry, False
            entry = self._kept[key] = _Entry()
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)
        return entry, True

    def _forget(self, key: Hashable, entry: _Entry) -> None:
        with self._lock:
            if self._kept.get(key) is entry:
                del self._kept[key]

    def _compute(
        self,
        key: Hashable,
        entry: _Entry,
        compute: Callable[[], Any],
        keep: Callable[[Any], bool] | None,
    ) -> None:
        if not entry.claim():
            return  # another thread computes it
        try:
            result = compute()
        except BaseException as error:
            self._forget(key, entry)
            entry.future.set_exception(error)
            return
        if keep is not None and not keep(result):
            self._forget(key, entry)  # handed to those waiting, not kept
        entry.future.set_result(result)

    def get(
        self, key: Hashable, compute: Callable[[], T], keep: Callable[[T], bool] | None = None
    ) -> T:
        """The result of ``key``: kept, being computed (waited for), or ``compute()`` now.
        ``keep``: whether a fresh result is worth keeping (a large listing is not)."""
        entry, _ = self._entry(key)
        self._compute(key, entry, compute, keep)
        return entry.future.result()  # type: ignore[no-any-return]

    def start(self, key: Hashable, compute: Callable[[], Any], executor: Executor) -> None:
        """Start computing ``key`` on ``executor`` unless it is kept or under way."""
        entry, new = self._entry(key)
        if new:
            executor.submit(self._compute, key, entry, compute, None)

    def clear(self) -> None:
        """Forget every kept result (the benchmark records a page's work from scratch)."""
        with self._lock:
            self._kept.clear()


RESULTS = Results()
"""The process's results: the engine's queries and the pages' sections."""

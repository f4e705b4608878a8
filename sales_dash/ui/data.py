"""Cached access to the lake for pages. Caches key on the lake's data version, never on time.

Every page section is one call of a ``sales_dash`` function ``fn(lake, *args)``; ``cached``
runs it once per (lake, data version, function, arguments) and hands out the same result
to every rerun and session: Polars frames and the frozen section dataclasses are never
changed in place.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import polars as pl
import streamlit as st

from sales_dash.access import Access
from sales_dash.demo import build_demo
from sales_dash.engine.metrics import compute_metric, default_as_of
from sales_dash.engine.row_scope import RowScope
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from sales_dash.settings import PROJECT_ROOT, data_dir, setting

DEFAULT_LAKE = PROJECT_ROOT / "data" / "lake"
T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _ensure_demo(root: str) -> None:
    """On first start of the bundled lake, build the demo company so the app is alive."""
    lake = Lake(root)
    if lake.version == 0:
        build_demo(lake, seed=int(setting("demo_seed")), rows=int(setting("demo_rows")))


ACCESS_KEY = "_access"
"""Where the session keeps the signed-in user's ``Access`` (sign-in writes it; the tests
of the role matrix set it in AppTest's ``session_state``). Absent: everything, as on
one's own machine without sign-in."""


def session_access() -> Access:
    """The signed-in user's access (everything when no one has signed in: see ACCESS_KEY)."""
    access = st.session_state.get(ACCESS_KEY)
    return access if isinstance(access, Access) else Access.everything()


def open_lake() -> Lake:
    """The configured lake as the session's user may read it (row-level security:
    ``sales_dash.engine.row_scope``); the default one gets demo data the first time."""
    lake = Lake(data_dir())
    if lake.resolved_root == Lake(DEFAULT_LAKE).resolved_root and lake.version == 0:
        with st.spinner("正在生成演示数据… Building the demo data…"):
            _ensure_demo(str(lake.root))
    return lake.scoped(session_access())


def load_demo(lake: Lake) -> None:
    """Build the demo company into ``lake`` (the empty state's button)."""
    build_demo(lake, seed=int(setting("demo_seed")), rows=int(setting("demo_rows")))


CACHE_ENTRIES = 1024
PREFETCH_WORKERS = 2


class _Entry:
    """One section's result to come: computed once, by whichever thread claims it first
    (a prefetch worker, or a page that asks before the worker has started on it)."""

    def __init__(self) -> None:
        self.future: Future[Any] = Future()
        self._claimed = threading.Lock()

    def claim(self) -> bool:
        return self._claimed.acquire(blocking=False)


_results: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()
_results_lock = threading.Lock()
_prefetcher = ThreadPoolExecutor(PREFETCH_WORKERS, thread_name_prefix="sales-dash-prefetch")


def _hashable(value: Any) -> Any:
    """Lists (a multiselect's value) as tuples, so that they can be part of a key."""
    if isinstance(value, list):
        return tuple(_hashable(item) for item in value)
    return value


def _entry(
    function: Callable[..., Any], lake: Lake, args: tuple[Any, ...]
) -> tuple[tuple[Any, ...], _Entry, bool]:
    """The key and entry of ``function(lake, *args)``, and whether the entry is new."""
    scope = RowScope.of(lake.access)  # one user's answer is never handed to another
    key = (lake.root, scope, lake.data_stamp(), function, tuple(_hashable(arg) for arg in args))
    with _results_lock:
        entry = _results.get(key)
        if entry is not None:
            _results.move_to_end(key)
            return key, entry, False
        entry = _results[key] = _Entry()
        while len(_results) > CACHE_ENTRIES:
            _results.popitem(last=False)
    return key, entry, True


def _compute(
    key: tuple[Any, ...],
    entry: _Entry,
    function: Callable[..., Any],
    lake: Lake,
    args: tuple[Any, ...],
) -> None:
    if not entry.claim():
        return  # another thread computes it
    try:
        entry.future.set_result(function(lake, *args))
    except BaseException as error:
        with _results_lock:  # a failure is not kept: the next rerun tries again
            if _results.get(key) is entry:
                del _results[key]
        entry.future.set_exception(error)


def cached(function: Callable[..., T], lake: Lake, *args: Any) -> T:
    """``function(lake, *args)``, computed once per data version of the lake.

    A plain dictionary rather than ``st.cache_data``: that one hashes every argument and
    unpickles a copy of the result on every hit, a quarter of a cached rerun's time.
    What ``prefetch`` started is waited for; what it has not started yet is computed here.
    """
    key, entry, _ = _entry(function, lake, args)
    _compute(key, entry, function, lake, args)
    return entry.future.result()  # type: ignore[no-any-return]


def prefetch(function: Callable[..., Any], lake: Lake, *args: Any) -> None:
    """Start ``cached(function, lake, *args)`` in the background: the engine answers a
    later section's queries on the other core while the page draws the ones before it."""
    key, entry, new = _entry(function, lake, args)
    if new:
        _prefetcher.submit(_compute, key, entry, function, lake, args)


def clear_cache() -> None:
    """Forget every kept page section (the benchmark records a page's work from scratch)."""
    with _results_lock:
        _results.clear()


def metric(
    lake: Lake,
    name: str,
    start: dt.date,
    end: dt.date,
    as_of: dt.date | None = None,
    by: str | None = None,
    filters: Filters | None = None,
) -> pl.DataFrame:
    return cached(compute_metric, lake, name, start, end, as_of, by, filters or Filters())


def latest_date(lake: Lake) -> dt.date | None:
    """The default as-of date: the latest booked order date (None for an empty lake)."""
    return cached(default_as_of, lake)

"""Cached access to the lake for pages. Caches key on the lake's data version, never on time.

Every page section is one call of a ``sales_dash`` function ``fn(lake, *args)``, a
``Section``; ``cached`` runs it once per (lake, data version, function, arguments) in the
engine's one result cache and hands out the same result to every rerun and session:
Polars frames and the frozen section dataclasses are never changed in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import streamlit as st

from sales_dash.access import Access
from sales_dash.demo import build_demo
from sales_dash.engine.metrics import default_as_of
from sales_dash.engine.results import RESULTS, result_key
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


PREFETCH_WORKERS = 2
_prefetcher = ThreadPoolExecutor(PREFETCH_WORKERS, thread_name_prefix="sales-dash-prefetch")


def _hashable(value: Any) -> Any:
    """Lists (a multiselect's value) as tuples, so that they can be part of a key."""
    if isinstance(value, list):
        return tuple(_hashable(item) for item in value)
    return value


def _key(function: Callable[..., Any], lake: Lake, args: tuple[Any, ...]) -> Hashable:
    return result_key(lake, function, tuple(_hashable(arg) for arg in args))


def cached(function: Callable[..., T], lake: Lake, *args: Any) -> T:
    """``function(lake, *args)``, computed once per data version of the lake.

    The engine's one result cache (``engine.results``) rather than ``st.cache_data``:
    that one hashes every argument and unpickles a copy of the result on every hit, a
    quarter of a cached rerun's time. What ``prefetch`` started is waited for; what it has
    not started yet is computed here.
    """
    return RESULTS.get(_key(function, lake, args), lambda: function(lake, *args))


def prefetch(function: Callable[..., Any], lake: Lake, *args: Any) -> None:
    """Start ``cached(function, lake, *args)`` in the background: the engine answers a
    later section's queries on the other core while the page draws the ones before it."""
    RESULTS.start(_key(function, lake, args), lambda: function(lake, *args), _prefetcher)


@dataclass(frozen=True)
class Section(Generic[T]):
    """One section of a page: ``function(lake, *args)``. A page builds it once and both
    prefetches and shows that same object, so the two cannot ask for different things
    (a mismatch would silently compute the section twice)."""

    function: Callable[..., T]
    lake: Lake
    args: tuple[Any, ...] = ()

    def prefetch(self) -> Section[T]:
        """Start computing the section in the background; the section itself, to keep."""
        prefetch(self.function, self.lake, *self.args)
        return self

    def result(self) -> T:
        """The section's result: kept, being prefetched (waited for), or computed now."""
        return cached(self.function, self.lake, *self.args)


def section(function: Callable[..., T], lake: Lake, *args: Any) -> Section[T]:
    """The section ``function(lake, *args)`` of a page (``Section``)."""
    return Section(function, lake, args)


def clear_cache() -> None:
    """Forget every kept result (the benchmark records a page's work from scratch)."""
    RESULTS.clear()


def latest_date(lake: Lake) -> dt.date | None:
    """The default as-of date: the latest booked order date (None for an empty lake)."""
    return cached(default_as_of, lake)

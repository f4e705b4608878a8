"""Time the real pages under Streamlit's AppTest: ``python -m sales_dash_bench.apptest``.

Run by ``sales-dash bench`` in a process of its own (SALES_DASH_DATA names the lake), so
that cold start and peak memory are the app's alone. For every page it renders once, then
changes the region filter through the list given and times each full rerun. Then, with
every measurement taken, it reruns each page and filter state once more from empty caches
and records the metric calls the page makes, which the benchmark's peers replay. After
the first run, AppTest runs the reruns as a server process does
(``reruns_as_the_server_runs_them``).

With ``--upload CSV`` it then ingests that export into the lake as the upload page does
(timed end to end, rollups included) and times the first overview rerun after it, and
reads the process's peak memory over the two.

Prints one JSON line: {"cold_start_ms": .., "loaded_ms": .., "peak_rss_mb": ..,
"pages": {page: [ms, ...]}, "calls": {page: [[call, ...] per filter state]},
"queries": ..., "upload": {"ingest_s": .., "first_page_ms": .., "peak_rss_mb": ..,
"upload_id": ..} or null}: the upload's peak RSS is the process's from just before the
upload to the first page after it, null where it cannot be read apart from the earlier peak.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402  (the clock starts before the imports it measures)
import json  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402
from unittest.mock import patch  # noqa: E402

import polars as pl  # noqa: E402
from streamlit.runtime.pages_manager import PagesManager  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest, app_test, local_script_runner  # noqa: E402

from sales_dash.engine.db import clear_result_cache, observe, wait_loaded  # noqa: E402
from sales_dash.engine.metrics import METRICS  # noqa: E402
from sales_dash.engine.scope import Scope  # noqa: E402
from sales_dash.settings import PROJECT_ROOT  # noqa: E402
from sales_dash.ui.data import clear_cache  # noqa: E402
from sales_dash_bench.memory import peak_rss_mb, restart_peak  # noqa: E402
from sales_dash_bench.replay import MetricCall, QueryCall  # noqa: E402

APP = PROJECT_ROOT / "app.py"
TIMEOUT_S = 300
REGION_KEY = "region"


def page_file(page: str) -> str:
    return f"pages/{page}.py"


def _region_states(at: AppTest, changes: int) -> list[list[str]]:
    """The region selections applied in turn: each region, then all regions again."""
    options = at.multiselect(key=REGION_KEY).options
    states = [[], *([option] for option in options)][:changes]
    return [*states[1:], states[0]]


def _check(at: AppTest, page: str) -> None:
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")


class _NavigatedPagesManager(PagesManager):
    """A session's pages after the process's first ``st.navigation``: never the
    pages-folder mode again (AppTest resets the class flag before each run)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        PagesManager.uses_pages_directory = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


@contextmanager
def reruns_as_the_server_runs_them() -> Iterator[None]:
    """AppTest's reruns without the two costs of its own that a server pays once per
    process, not per rerun.

    AppTest builds every run from scratch: a new script cache, so app.py and the page are
    compiled again; and Streamlit's pages-folder mode, entered again because a pages/
    folder exists, which ``frame.leave_pages_folder_mode`` leaves with an extra partial
    run. A server keeps one script cache in its runtime, and its first ``st.navigation``
    leaves pages-folder mode for good. Together about 3 ms a rerun on this machine.
    Streamlit internals: where they are not as expected, the reruns stay as AppTest makes
    them (slower, never different).
    """
    patched = (
        (app_test, "ScriptCache"),
        (local_script_runner, "ScriptCache"),
        (app_test, "PagesManager"),
    )
    if not all(hasattr(module, name) for module, name in patched):
        yield
        return
    shared = ScriptCache()
    pages_folder_mode = PagesManager.uses_pages_directory
    try:
        with (
            patch.object(app_test, "ScriptCache", lambda: shared),
            patch.object(local_script_runner, "ScriptCache", lambda: shared),
            patch.object(app_test, "PagesManager", _NavigatedPagesManager),
        ):
            yield
    finally:
        PagesManager.uses_pages_directory = pages_folder_mode


def time_pages(pages: list[str], changes: int, upload: Path | None = None) -> dict:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    at.run()
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    cold_start_ms = (time.perf_counter() - STARTED) * 1000
    # the first pages are served from the kept files while the tables load into memory;
    # the reruns are timed as a warm server serves them, and the wait is reported
    wait_loaded()
    loaded_ms = (time.perf_counter() - STARTED) * 1000
    with reruns_as_the_server_runs_them():
        timings = _time_reruns(at, pages, changes, cold_start_ms)
        timings["loaded_ms"] = round(loaded_ms, 1)
        timings["upload"] = None if upload is None else time_upload(at, upload)
    return timings


def time_upload(at: AppTest, export: Path) -> dict[str, object]:
    """Ingest ``export`` into the lake the app reads (as the upload page does: the merge,
    the new version and its rollups), then time the first overview rerun on the new data."""
    from dataclasses import replace as with_limit

    from sales_dash.ingest import ingest_file
    from sales_dash.ingest.limits import Limits
    from sales_dash.lake import Lake
    from sales_dash.settings import data_dir

    # it times the ingest, not the size and memory budgets (a large lake's month passes them)
    limits = Limits.from_settings()
    size = max(limits.max_bytes, export.stat().st_size)
    limits = with_limit(limits, max_memory=sys.maxsize, max_bytes=size)
    at.switch_page(page_file("overview"))
    at.run()
    # the peak from here is the upload's: the server's held tables and caches, the
    # checks, the merge, the rollups and the first page after it (issue 15: <= 4 GB)
    restarted = restart_peak()
    start = time.perf_counter()
    result = ingest_file(export, "orders", Lake(data_dir()), limits=limits)
    ingest_s = time.perf_counter() - start
    start = time.perf_counter()
    at.run()
    first_page_ms = (time.perf_counter() - start) * 1000
    _check(at, "overview")
    return {
        "lines": result.inserted,
        "ingest_s": round(ingest_s, 2),
        "first_page_ms": round(first_page_ms, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1) if restarted else None,
        "upload_id": result.upload_id,
    }


def _time_reruns(at: AppTest, pages: list[str], changes: int, cold_start_ms: float) -> dict:
    timings: dict[str, list[float]] = {}
    for page in pages:
        at.switch_page(page_file(page))
        at.run()
        for regions in _region_states(at, changes):
            at.multiselect(key=REGION_KEY).set_value(regions)
            start = time.perf_counter()
            at.run()
            timings.setdefault(page, []).append((time.perf_counter() - start) * 1000)
            _check(at, page)
    peak_mb = peak_rss_mb()  # its own, not its parent's (sales_dash_bench.memory)
    return {
        "cold_start_ms": round(cold_start_ms, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "pages": {page: [round(ms, 2) for ms in values] for page, values in timings.items()},
        **record_calls(at, pages, changes),
    }


Recorded = dict[str, list[list[dict]]]


def record_calls(at: AppTest, pages: list[str], changes: int) -> dict[str, Recorded]:
    """For each page, the encoded metric calls ("calls") and engine queries ("queries")
    of each filter state, in the order timed.

    Run only after the timings and the peak RSS are read: recording wraps every metric
    and clears the caches, which must not touch what was measured.
    """
    calls_of: Recorded = {}
    queries_of: Recorded = {}
    with recording_metric_calls() as calls, recorded_queries() as queries:
        for page in pages:
            at.switch_page(page_file(page))
            at.run()
            calls_of[page], queries_of[page] = [], []
            for regions in _region_states(at, changes):
                clear_cache()
                clear_result_cache()
                calls.clear()
                queries.clear()
                at.multiselect(key=REGION_KEY).set_value(regions)
                at.run()
                _check(at, page)
                # A page may ask for the same thing twice (the app's cache answers the
                # second); it is one piece of work, so it is kept once.
                calls_of[page].append([call.to_json() for call in dict.fromkeys(calls)])
                asked = dict.fromkeys(QueryCall.of(name, params) for name, params in queries)
                queries_of[page].append([query.to_json() for query in asked])
    return {"calls": calls_of, "queries": queries_of}


@contextmanager
def recorded_queries() -> Iterator[list[tuple[str, dict[str, object]]]]:
    """Every ``run_query`` made inside the block, as (name, parameters), cache hits too,
    noted through the engine's one seam (``sales_dash.engine.db.observe``)."""
    log: list[tuple[str, dict[str, object]]] = []
    stop = observe(lambda name, params, _seconds: log.append((name, params)))
    try:
        yield log
    finally:
        stop()


@contextmanager
def recording_metric_calls() -> Iterator[list[MetricCall]]:
    """Every metric computed inside the block, noted in the list yielded, in call order.

    Wraps the ``compute`` of each ``METRICS`` entry (restored on leaving): this process
    only, never production code.
    """
    calls: list[MetricCall] = []
    originals = dict(METRICS)

    def recording(
        name: str, compute: Callable[[Scope], pl.DataFrame]
    ) -> Callable[[Scope], pl.DataFrame]:
        def compute_and_note(scope: Scope) -> pl.DataFrame:
            calls.append(MetricCall.of_scope(name, scope))
            return compute(scope)

        return compute_and_note

    for name, metric in originals.items():
        METRICS[name] = replace(metric, compute=recording(name, metric.compute))
    try:
        yield calls
    finally:
        METRICS.update(originals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sales_dash_bench.apptest")
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--changes", type=int, default=7)
    parser.add_argument("--upload", type=Path, help="a one-month orders export to ingest")
    args = parser.parse_args(argv)
    print(json.dumps(time_pages(args.pages, args.changes, args.upload)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``sales-dash bench``: the app beside the bare query engine, a typical pandas app and,
in the browser, a minimal Streamlit app; at one or several lake sizes.

On a demo lake of N order lines it measures, per dashboard page and over several filter
changes: the app's full page rerun (Streamlit AppTest, in a subprocess of its own so its
memory is its own), the page's aggregates as plain SQL over the Parquet lines (no cache,
no rollup: ``sales_dash_bench.bare``), and the same aggregates the way a typical Streamlit
sales app computes them (the order table loaded once into pandas, then filtered and
grouped on every rerun). Then what a user waits for in Chromium (``sales_dash_bench.browser``)
beside the floor app; cold start, the app's peak RSS; and the upload path: a one-month
export ingested into the lake (rollups included) and the first page after it.

"The page's aggregates" are exactly what the page asked for, recorded by the app timing
through the engine's seam (``sales_dash.engine.db.observe``) and replayed by the peers
(``sales_dash_bench.replay``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl

from sales_dash.demo import build_demo
from sales_dash.engine.db import warm
from sales_dash.engine.metrics import default_as_of
from sales_dash.engine.options import filter_choices
from sales_dash.filters import Filters
from sales_dash.ingest.history import undo_upload
from sales_dash.lake import Lake
from sales_dash.page_list import DASHBOARD_PAGES
from sales_dash.periods import add_months, month_end, month_start
from sales_dash.settings import PROJECT_ROOT
from sales_dash_bench.bare import BareDuckDB
from sales_dash_bench.browser import INTERACTIONS, browser_clock
from sales_dash_bench.pandas_peer import PandasPeer
from sales_dash_bench.replay import bare_duckdb, decode_calls, decode_queries, pandas_replay

BENCH_ROOT = PROJECT_ROOT / "data" / "bench"

PAGES = DASHBOARD_PAGES


PEERS_UP_TO = 20_000_000
"""The largest lake the peers are replayed on by default: at 100M lines neither fits in
memory (pandas loads the tables; bare DuckDB builds every derived table as a view over
every line), so a scaling run to 100M times the app alone there, in the same run."""
PEERS = ("duckdb", "pandas")
"""The peers a page's calls are replayed in: bare DuckDB and the pandas app. Either holds
the whole lake in memory (pandas its tables, DuckDB its derived views), which 100M lines
do not fit: ``--peers none`` times the app alone."""


@dataclass
class PageResult:
    page: str
    app_ms: list[float] = field(default_factory=list)
    duckdb_ms: list[float] = field(default_factory=list)
    pandas_ms: list[float] = field(default_factory=list)
    metric_calls: list[int] = field(default_factory=list)
    """How many metric calls the page made per filter state (what the peers replay)."""

    def summary(self) -> dict[str, float | str | None]:
        app_p50 = _percentile(self.app_ms, 50)
        duckdb = _percentile(self.duckdb_ms, 50)
        pandas = _percentile(self.pandas_ms, 50)
        # the lower median: a number of calls that some filter state really made
        calls = statistics.median_low(self.metric_calls) if self.metric_calls else None
        return {
            "page": self.page,
            "metric_calls": calls,
            "app_ms_p50": app_p50,
            "app_ms_p95": _percentile(self.app_ms, 95),
            "duckdb_ms": duckdb,
            "pandas_ms": pandas,
            "app_over_duckdb": app_p50 / duckdb if app_p50 and duckdb else None,
            "pandas_over_app": pandas / app_p50 if app_p50 and pandas else None,
        }


def _percentile(values: list[float], percent: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[percent - 1], 1)


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def bench_lake(rows: int, root: Path | None = None) -> Lake:
    """The demo lake of ``rows`` order lines under data/bench/, built once and reused."""
    lake = Lake((root or BENCH_ROOT) / f"lake-{rows}")
    if lake.version == 0:
        build_demo(lake, seed=7, rows=rows)
    return lake


def filter_changes(lake: Lake) -> list[Filters]:
    """The filter states a manager clicks through: all regions, then one region at a time."""
    regions = filter_choices(lake).regions
    return [Filters(), *(Filters(regions=(r,)) for r in regions)]


def run_app_timings(lake: Lake, pages: list[str], changes: int, upload: Path | None = None) -> dict:
    """The app's numbers, measured in a fresh Python process (cold start, RSS are its own);
    with ``upload``, then that export ingested and the first page after it."""
    command = [sys.executable, "-m", "sales_dash_bench.apptest", "--changes", str(changes)]
    command += [*(["--upload", str(upload)] if upload else []), *pages]
    env = {**os.environ, "SALES_DASH_DATA": str(lake.root)}
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, check=False, cwd=PROJECT_ROOT
    )
    if done.returncode != 0:
        raise RuntimeError(f"app timing failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


EXPORT_LINES = 1_000_000
"""The one-month export's size at most (issue 15: a 1M-line month into a large lake)."""


def month_export(lake: Lake, folder: Path) -> Path:
    """Next month's orders export for ``lake``, as a CSV in ``folder``: the lines of the
    lake's last full month, moved two months on (past its latest date) under new order
    numbers, so that an upload brings one new month of the lake's usual size (its first
    ``EXPORT_LINES`` lines at most: a month of a 100M-line lake is 2.9M).

    The new numbers follow the lake's last (``<last>-<old>`` sorts after every number it
    holds), as an ERP numbers next month's orders: numbers that fell among earlier months'
    (``<old>-next``) made sql/order_shape.sql's range test fail, so every order count
    after the upload read the lines (branch after: 0.5-1.6 s of the first page at 100M)."""
    month = add_months(month_start(default_as_of(lake) or dt.date.today()), -1)
    orders = pl.scan_parquet(lake.files("orders"))
    last = orders.select(pl.col("order_id").max()).collect().item() or ""
    lines = (
        orders.filter(pl.col("order_date").is_between(month, month_end(month)))
        .with_columns(
            *(pl.col(c).dt.offset_by("2mo") for c in ("order_date", "due_date", "paid_date")),
            order_id=pl.concat_str(pl.lit(f"{last}-"), pl.col("order_id")),
        )
        .head(EXPORT_LINES)
        .collect()
    )
    path = folder / "next-month-orders.csv"
    lines.write_csv(path)
    return path


def _spread(values: list[float]) -> dict[str, float | None]:
    return {"p50": _percentile(values, 50), "p95": _percentile(values, 95)}


def browser_summary(clock: dict[str, Any]) -> dict[str, Any]:
    """p50/p95 per page and interaction, the floor's, and over all of each; the same
    to the last change a user sees under "seen"."""
    summary = _clock_summary(clock["app"], clock["floor"])
    if "seen" in clock:
        summary["seen"] = _clock_summary(clock["seen"]["app"], clock["seen"]["floor"])
    return summary


def _clock_summary(app: dict[str, Any], floor: dict[str, list[float]]) -> dict[str, Any]:
    every = [ms for found in app.values() for name in INTERACTIONS for ms in found[name]]
    return {
        "pages": {
            page: {name: _spread(found[name]) for name in INTERACTIONS}
            for page, found in app.items()
        },
        "floor": {name: _spread(floor[name]) for name in INTERACTIONS},
        "app_all": _spread(every),
        "floor_all": _spread([ms for name in INTERACTIONS for ms in floor[name]]),
    }


def run_size(
    rows: int,
    changes: int = 7,
    root: Path | None = None,
    pages: tuple[str, ...] = PAGES,
    browser: bool = True,
    peers: tuple[str, ...] = PEERS,
) -> dict[str, Any]:
    """Every measurement on the lake of ``rows`` lines, the app's beside each of ``peers``;
    the lake is left as it was found (the one-month upload is undone)."""
    lake = bench_lake(rows, root)
    warm(lake)  # as every upload leaves it: rollups and lookups kept for the data
    as_of = default_as_of(lake) or dt.date.today()
    start, end = month_start(as_of), month_end(as_of)
    states = filter_changes(lake)[: max(1, changes)]
    # the browser first, on the lake as built; the upload comes last and is undone
    clock = browser_clock(lake, list(pages), len(states)) if browser else None

    with tempfile.TemporaryDirectory() as folder:
        export = month_export(lake, Path(folder))
        app = run_app_timings(lake, list(pages), len(states), export)
    upload = app["upload"]
    if upload and upload.get("upload_id"):
        undo_upload(lake, upload["upload_id"])
    calls, queries = decode_calls(app["calls"]), decode_queries(app["queries"])
    results = {page: PageResult(page, app_ms=app["pages"].get(page, [])) for page in pages}
    peer = PandasPeer(lake) if "pandas" in peers else None
    bare = BareDuckDB(lake) if "duckdb" in peers else None
    try:
        for page in pages:
            result = results[page]
            for state_calls, state_queries in zip(calls[page], queries[page], strict=True):
                result.metric_calls.append(len(state_calls))
                if bare is not None:
                    result.duckdb_ms.append(_timed(partial(bare_duckdb, bare, state_queries)))
                if peer is not None:
                    replay = partial(pandas_replay, peer, lake, state_calls, state_queries)
                    result.pandas_ms.append(_timed(replay))
    finally:
        if bare is not None:
            bare.close()
    return {
        "rows": lake_rows(lake),
        "period": f"{start} .. {end}, as of {as_of}",
        "filter_changes": len(states),
        "pages": [results[p].summary() for p in pages],
        "cold_start_ms": app["cold_start_ms"],
        "loaded_ms": app.get("loaded_ms"),
        "peak_rss_mb": app["peak_rss_mb"],
        "upload": None if upload is None else {k: v for k, v in upload.items() if k != "upload_id"},
        "browser": None if clock is None else browser_summary(clock),
    }


def lake_rows(lake: Lake) -> int:
    return pl.scan_parquet(lake.files("orders")).select(pl.len()).collect().item()


def run_bench(
    sizes: list[int],
    changes: int = 7,
    root: Path | None = None,
    pages: tuple[str, ...] = PAGES,
    browser: bool = True,
    peers: tuple[str, ...] = PEERS,
    peers_up_to: int = PEERS_UP_TO,
) -> dict[str, Any]:
    """Every measurement at each size, the peers' at sizes up to ``peers_up_to`` lines;
    returns the JSON document ``bench`` prints."""
    return {
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "sizes": [
            run_size(rows, changes, root, pages, browser, peers if rows <= peers_up_to else ())
            for rows in sizes
        ],
    }


def _cell(value: float | str | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value:,.{digits}f}"


def _pair(spread: dict[str, float | None]) -> str:
    return f"{_cell(spread['p50'], 0)} / {_cell(spread['p95'], 0)}"


def _server_p50(size: dict[str, Any]) -> float | None:
    """The median over pages of each page's rerun p50."""
    found = [page["app_ms_p50"] for page in size["pages"] if page["app_ms_p50"] is not None]
    return round(statistics.median(found), 1) if found else None


def format_size(size: dict[str, Any]) -> str:
    """One size's tables: the server side per page, then the browser clock."""
    lines = [
        f"### {size['rows']:,} lines · {size['period']} · "
        f"{size['filter_changes']} filter changes per page",
        "",
        "| page | metric calls | app p50 ms | app p95 ms | DuckDB ms | pandas ms "
        "| app ÷ DuckDB | pandas ÷ app |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page in size["pages"]:
        lines.append(
            f"| {page['page']} | {_cell(page['metric_calls'], 0)} | "
            f"{_cell(page['app_ms_p50'])} | {_cell(page['app_ms_p95'])} | "
            f"{_cell(page['duckdb_ms'])} | {_cell(page['pandas_ms'])} | "
            f"{_cell(page['app_over_duckdb'], 2)} | {_cell(page['pandas_over_app'], 1)} |"
        )
    upload = size["upload"] or {}
    lines += [
        "",
        f"cold start {_cell(size['cold_start_ms'], 0)} ms · "
        f"tables loaded {_cell(size.get('loaded_ms'), 0)} ms · "
        f"peak RSS {_cell(size['peak_rss_mb'], 0)} MB · "
        f"one-month upload of {_cell(upload.get('lines'), 0)} lines "
        f"{_cell(upload.get('ingest_s'), 2)} s · "
        f"first page after it {_cell(upload.get('first_page_ms'), 0)} ms · "
        f"peak RSS through the upload {_cell(upload.get('peak_rss_mb'), 0)} MB",
    ]
    clock = size["browser"]
    titles = {
        "browser clock, click → settled, p50 / p95 ms:": clock,
        "browser clock, click → the last change a user sees, p50 / p95 ms:": (clock or {}).get(
            "seen"
        ),
    }
    for title, summary in titles.items():
        if summary is None:
            continue
        lines += [
            "",
            title,
            "",
            "| page | " + " | ".join(INTERACTIONS) + " |",
            "|---|" + "---:|" * len(INTERACTIONS),
        ]
        rows = [*summary["pages"].items(), ("floor (minimal Streamlit app)", summary["floor"])]
        for page, found in rows:
            cells = " | ".join(_pair(found[name]) for name in INTERACTIONS)
            lines.append(f"| {page} | {cells} |")
    return "\n".join(lines)


def format_table(report: dict[str, Any]) -> str:
    """The report as Markdown, ready for the README: each size, then how costs grow."""
    parts = [f"machine: {report['machine']}"]
    parts += [format_size(size) for size in report["sizes"]]
    lines = [
        "### scaling",
        "",
        "| lines | server rerun p50 ms | browser p50 / p95 ms | seen p50 / p95 ms "
        "| floor p50 / p95 ms | cold start ms | tables loaded ms | peak RSS MB "
        "| one-month ingest s | first page after upload ms | upload peak RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in report["sizes"]:
        clock = size["browser"]
        upload = size["upload"] or {}
        browser = _pair(clock["app_all"]) if clock else "—"
        seen = _pair(clock["seen"]["app_all"]) if clock and "seen" in clock else "—"
        floor = _pair(clock["floor_all"]) if clock else "—"
        lines.append(
            f"| {size['rows']:,} | {_cell(_server_p50(size))} | {browser} | {seen} | {floor} | "
            f"{_cell(size['cold_start_ms'], 0)} | {_cell(size.get('loaded_ms'), 0)} | "
            f"{_cell(size['peak_rss_mb'], 0)} | "
            f"{_cell(upload.get('ingest_s'), 2)} | {_cell(upload.get('first_page_ms'), 0)} | "
            f"{_cell(upload.get('peak_rss_mb'), 0)} |"
        )
    parts.append("\n".join(lines))
    return "\n\n".join(parts)

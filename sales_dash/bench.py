"""``sales-dash bench``: the app beside the bare query engine and a typical pandas app.

On one demo lake of N order lines it measures, per dashboard page and over several filter
changes: the app's full page rerun (Streamlit AppTest, in a subprocess of its own so its
memory is its own), the page's aggregates as plain SQL over the Parquet lines (no cache,
no rollup), and the same aggregates the way a typical Streamlit sales app computes them
(the order table loaded once into pandas, then filtered and grouped on every rerun). Also
cold start, the app's peak RSS, and the ingest time of a 1-million-line CSV.

"The page's aggregates" are exactly what the page asked for, recorded by the app timing
and replayed by the peers (``sales_dash.replay``).
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

import polars as pl

from sales_dash.demo import build_demo
from sales_dash.engine.db import run_sql, warm
from sales_dash.engine.metrics import default_as_of
from sales_dash.engine.scope import Filters
from sales_dash.lake import Lake
from sales_dash.pandas_peer import PandasPeer
from sales_dash.periods import month_end, month_start
from sales_dash.replay import bare_duckdb, decode_calls, decode_queries, pandas_replay
from sales_dash.settings import PROJECT_ROOT

BENCH_ROOT = PROJECT_ROOT / "data" / "bench"
INGEST_ROWS = 1_000_000

PAGES = (
    "overview",
    "attainment",
    "margin",
    "collections",
    "expenses",
    "market",
    "team",
    "customers",
    "meeting",
)


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
    regions = run_sql(lake, "select distinct region from orders order by region")["region"]
    return [Filters(), *(Filters(regions=(r,)) for r in regions.to_list())]


def run_app_timings(lake: Lake, pages: list[str], changes: int) -> dict:
    """The app's numbers, measured in a fresh Python process (cold start, RSS are its own)."""
    command = [
        sys.executable,
        "-m",
        "sales_dash.ui.timing",
        "--changes",
        str(changes),
        *pages,
    ]
    env = {**os.environ, "SALES_DASH_DATA": str(lake.root)}
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, check=False, cwd=PROJECT_ROOT
    )
    if done.returncode != 0:
        raise RuntimeError(f"app timing failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ingest_seconds(lake: Lake, rows: int = INGEST_ROWS) -> float:
    """Seconds to ingest a CSV of ``rows`` order lines into an empty lake.

    A lake smaller than ``rows`` is repeated, with order numbers made unique per copy.
    """
    from sales_dash.ingest import ingest_file

    sample = pl.scan_parquet(lake.files("orders")).head(rows).collect()
    copies = -(-rows // max(sample.height, 1))
    sample = pl.concat(
        [sample.with_columns(pl.col("order_id") + f"-{copy}") for copy in range(copies)]
    ).head(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "orders.csv"
        sample.write_csv(path)
        target = Lake(Path(folder) / "lake")
        start = time.perf_counter()
        ingest_file(path, "orders", target)
        return time.perf_counter() - start


def run_bench(rows: int, changes: int = 7, root: Path | None = None) -> dict:
    """Every measurement on one lake; returns the JSON document ``bench`` prints."""
    lake = bench_lake(rows, root)
    warm(lake)  # as every upload leaves it: rollups and lookups kept for the data
    as_of = default_as_of(lake) or dt.date.today()
    start, end = month_start(as_of), month_end(as_of)
    states = filter_changes(lake)[: max(1, changes)]

    app = run_app_timings(lake, list(PAGES), len(states))
    calls, queries = decode_calls(app["calls"]), decode_queries(app["queries"])
    results = {page: PageResult(page, app_ms=app["pages"].get(page, [])) for page in PAGES}
    peer = PandasPeer(lake)
    for page in PAGES:
        result = results[page]
        for state_calls, state_queries in zip(calls[page], queries[page], strict=True):
            result.metric_calls.append(len(state_calls))
            result.duckdb_ms.append(_timed(partial(bare_duckdb, lake, state_queries)))
            replay = partial(pandas_replay, peer, lake, state_calls, state_queries)
            result.pandas_ms.append(_timed(replay))
    return {
        "rows": run_sql(lake, "select count(*) as n from orders")["n"][0],
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "period": f"{start} .. {end}, as of {as_of}",
        "filter_changes": len(states),
        "pages": [results[p].summary() for p in PAGES],
        "cold_start_ms": app["cold_start_ms"],
        "peak_rss_mb": app["peak_rss_mb"],
        "ingest_1m_s": round(ingest_seconds(lake), 2),
    }


def _cell(value: float | str | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value:,.{digits}f}"


def format_table(report: dict) -> str:
    """The report as a Markdown table, ready for the README."""
    lines = [
        f"rows: {report['rows']:,} · {report['machine']} · {report['period']} · "
        f"{report['filter_changes']} filter changes per page",
        "",
        "| page | metric calls | app p50 ms | app p95 ms | DuckDB ms | pandas ms "
        "| app ÷ DuckDB | pandas ÷ app |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page in report["pages"]:
        lines.append(
            f"| {page['page']} | {_cell(page['metric_calls'], 0)} | "
            f"{_cell(page['app_ms_p50'])} | {_cell(page['app_ms_p95'])} | "
            f"{_cell(page['duckdb_ms'])} | {_cell(page['pandas_ms'])} | "
            f"{_cell(page['app_over_duckdb'], 2)} | {_cell(page['pandas_over_app'], 1)} |"
        )
    lines += [
        "",
        f"cold start {_cell(report['cold_start_ms'], 0)} ms · "
        f"peak RSS {_cell(report['peak_rss_mb'], 0)} MB · "
        f"ingest of 1M lines {_cell(report['ingest_1m_s'], 2)} s",
    ]
    return "\n".join(lines)

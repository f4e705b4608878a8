"""``sales-dash bench``: the app beside the bare query engine and a typical pandas app.

On one demo lake of N order lines it measures, per dashboard page and over several filter
changes: the app's full page rerun (Streamlit AppTest, in a subprocess of its own so its
memory is its own), the page's aggregates as plain SQL over the Parquet lines (no cache,
no rollup), and the same aggregates the way a typical Streamlit sales app computes them
(the order table loaded once into pandas, then filtered and grouped on every rerun). Also
cold start, the app's peak RSS, and the ingest time of a 1-million-line CSV.

"The page's aggregates" are exactly what the page asked for: the app timing records, per
filter state, the engine queries it ran (``QueryCall``), which bare DuckDB replays over the
order lines, and the metric calls it made (``MetricCall``), which the pandas peer replays.
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
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl

from sales_dash.db import query_text, run_sql, warm
from sales_dash.demo import build_demo
from sales_dash.lake import Lake
from sales_dash.metrics import default_as_of
from sales_dash.pandas_peer import PandasPeer
from sales_dash.periods import month_end, month_start
from sales_dash.scope import Filters, Scope
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


@dataclass(frozen=True)
class MetricCall:
    """One ``compute_metric`` call a page made, recorded by the app timing and replayed by
    the peers, so that they compute exactly what the page computes."""

    name: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    by: str | None
    filters: Filters
    discount_limit: float
    columns: tuple[str, ...] | None = None
    """The columns the page read (None: all), as ``compute_metric(columns=...)``."""

    @classmethod
    def of_scope(cls, name: str, scope: Scope) -> MetricCall:
        columns = None if scope.columns is None else tuple(sorted(scope.columns))
        return cls(
            name, scope.start, scope.end, scope.as_of, scope.by, scope.filters,
            scope.discount_limit, columns,
        )  # fmt: skip

    def scope(self, lake: Lake) -> Scope:
        columns = None if self.columns is None else frozenset(self.columns)
        return Scope(
            lake, self.start, self.end, self.as_of, self.by, self.filters, self.discount_limit,
            columns,
        )  # fmt: skip

    def to_json(self) -> dict[str, object]:
        """Dates as ISO strings, filters as a dict of lists."""
        return {
            "name": self.name,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "by": self.by,
            "filters": {name: list(values) for name, values in asdict(self.filters).items()},
            "discount_limit": self.discount_limit,
            "columns": None if self.columns is None else list(self.columns),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MetricCall:
        filters = Filters(**{name: tuple(values) for name, values in data["filters"].items()})
        return cls(
            data["name"],
            dt.date.fromisoformat(data["start"]),
            dt.date.fromisoformat(data["end"]),
            dt.date.fromisoformat(data["as_of"]),
            data["by"],
            filters,
            float(data["discount_limit"]),
            None if data.get("columns") is None else tuple(data["columns"]),
        )


def _encoded(value: object) -> object:
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encoded(v) for v in value]
    return value


def _decoded(value: object) -> object:
    if isinstance(value, dict):
        return dt.date.fromisoformat(value["date"])
    if isinstance(value, list):
        return [_decoded(v) for v in value]
    return value


@dataclass(frozen=True)
class QueryCall:
    """One ``run_query`` a page made (a sql/ file and its parameters), replayed by bare
    DuckDB over the order lines."""

    name: str
    params: tuple[tuple[str, object], ...]

    @classmethod
    def of(cls, name: str, params: dict[str, object]) -> QueryCall:
        frozen = (tuple(v) if isinstance(v, list) else v for v in params.values())
        return cls(name, tuple(zip(params, frozen, strict=True)))

    @property
    def depends_on_data_only(self) -> bool:
        """A lookup with no parameters (names, filter options, each customer's first line):
        any app computes it once per upload, so the replay leaves it out."""
        return not self.params

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "params": {k: _encoded(v) for k, v in self.params}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QueryCall:
        return cls.of(data["name"], {k: _decoded(v) for k, v in data["params"].items()})


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


def bare_duckdb(lake: Lake, queries: list[QueryCall]) -> None:
    """The page's queries as plain SQL over the order lines: no result cache, no rollup
    (every $facts reads the lines), no lookups that depend on the data only."""
    for query in queries:
        if query.depends_on_data_only:
            continue
        params = dict(query.params)
        if "facts" in params:
            params["facts"] = "lines"
        run_sql(lake, query_text(query.name), bare=True, **params)


def pandas_replay(peer: PandasPeer, lake: Lake, calls: list[MetricCall]) -> None:
    """The calls computed the way a typical pandas Streamlit app computes them."""
    for call in calls:
        peer.compute(call.name, call.scope(lake))


def decode_calls(recorded: dict[str, list[list[dict]]]) -> dict[str, list[list[MetricCall]]]:
    """The app timing's ``calls`` (page -> the encoded calls of each filter state)."""
    return {
        page: [[MetricCall.from_json(call) for call in state] for state in states]
        for page, states in recorded.items()
    }


def decode_queries(recorded: dict[str, list[list[dict]]]) -> dict[str, list[list[QueryCall]]]:
    """The app timing's ``queries`` (page -> the encoded queries of each filter state)."""
    return {
        page: [[QueryCall.from_json(query) for query in state] for state in states]
        for page, states in recorded.items()
    }


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
            result.pandas_ms.append(_timed(partial(pandas_replay, peer, lake, state_calls)))
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

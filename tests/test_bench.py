"""The benchmark's pieces run on the demo lake; its arithmetic is right. Timings are never
asserted here: `scripts/test.sh` runs the whole benchmark at 200k lines and prints them."""

from __future__ import annotations

import datetime as dt

import pytest

from sales_dash.bench import (
    PAGE_AGGREGATES,
    PageResult,
    bare_duckdb,
    filter_changes,
    format_table,
)
from sales_dash.lake import Lake
from sales_dash.pandas_peer import PandasPeer
from sales_dash.scope import Filters, Scope


def test_summary_percentiles_and_ratios() -> None:
    result = PageResult("overview", app_ms=[10, 20, 30, 40, 50], duckdb_ms=[20], pandas_ms=[600])
    summary = result.summary()
    # inclusive quantiles of 10..50: p50 = 30, p95 = 40 + 0.8 × 10 = 48
    assert summary["app_ms_p50"] == 30
    assert summary["app_ms_p95"] == 48
    assert summary["app_over_duckdb"] == 1.5
    assert summary["pandas_over_app"] == 20


def test_table_has_a_row_per_page() -> None:
    report = {
        "rows": 1000,
        "machine": "2 cores",
        "period": "p",
        "filter_changes": 1,
        "pages": [PageResult(p).summary() for p in PAGE_AGGREGATES],
        "cold_start_ms": 1234.0,
        "peak_rss_mb": 321.0,
        "ingest_1m_s": 3.5,
    }
    table = format_table(report)
    assert all(f"| {page} |" in table for page in PAGE_AGGREGATES)
    assert "cold start 1,234 ms · peak RSS 321 MB · ingest of 1M lines 3.50 s" in table


def test_filter_changes_walk_the_regions(demo_lake: Lake) -> None:
    states = filter_changes(demo_lake)
    assert states[0] == Filters()
    assert len(states) == 7
    assert all(len(s.regions) == 1 for s in states[1:])


@pytest.mark.parametrize("page", list(PAGE_AGGREGATES))
def test_peers_compute_every_page(demo_lake: Lake, page: str) -> None:
    scope = Scope(
        demo_lake, dt.date(2026, 11, 1), dt.date(2026, 11, 30), dt.date(2026, 11, 23), None,
        Filters(regions=("华东",)),
    )  # fmt: skip
    bare_duckdb(demo_lake, page, scope)
    PandasPeer(demo_lake).page(PAGE_AGGREGATES[page], scope)

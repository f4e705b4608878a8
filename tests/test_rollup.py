"""Every answer read from the orders_daily rollup equals the answer read from the lines."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from sales_dash.db import run_query
from sales_dash.lake import Lake
from sales_dash.scope import Filters, Scope

D = dt.date
ROLLUP_QUERIES = ("order_totals", "collection_due", "receivables_aging")
SCOPES = [
    (D(2026, 11, 1), D(2026, 11, 30), None, Filters()),
    (D(2026, 1, 1), D(2026, 12, 31), "month", Filters()),
    (D(2025, 10, 6), D(2025, 12, 28), "week", Filters(regions=("华东", "西南"))),
    (D(2026, 7, 1), D(2026, 9, 30), "rep", Filters(categories=("空调",))),
    (D(2024, 1, 1), D(2026, 11, 23), "region", Filters()),
    (D(2026, 4, 1), D(2026, 6, 30), "category", Filters(reps=("S001", "S017"))),
    (D(2026, 4, 1), D(2026, 6, 30), "product", Filters(products=("空气炸锅",))),
]


def _answer(lake: Lake, query: str, scope: Scope, by_line: bool) -> pl.DataFrame:
    params = {**scope.sql_params(), "by_line": by_line}
    frame = run_query(lake, query, **params)
    keys = [c for c in ("period_key", "group_key") if c in frame.columns]
    return frame.sort(keys, nulls_last=True)


@pytest.mark.parametrize("query", ROLLUP_QUERIES)
@pytest.mark.parametrize(("start", "end", "by", "filters"), SCOPES)
def test_rollup_equals_lines(
    demo_lake: Lake, query: str, start: dt.date, end: dt.date, by: str | None, filters: Filters
) -> None:
    scope = Scope(demo_lake, start, end, as_of=D(2026, 11, 23), by=by, filters=filters)
    from_lines = _answer(demo_lake, query, scope, by_line=True)
    from_rollup = _answer(demo_lake, query, scope, by_line=False)
    assert from_lines.height > 0
    assert from_rollup.equals(from_lines)

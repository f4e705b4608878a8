"""Every answer read from the orders_daily rollup equals the answer read from the lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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


def test_rollups_are_kept_per_data_version_and_reloaded(tmp_path) -> None:
    """A write keeps the rollups of the new data; a new process loads them, not rebuilds."""
    from sales_dash import db
    from sales_dash.db import run_sql
    from sales_dash.ingest import ingest_file
    from tests.conftest import write_csv

    lake = Lake(tmp_path / "lake")
    header = "order_id,order_date,customer_id,rep_id,region,revenue,cost,paid_amount"
    for day, name in ((3, "a.csv"), (9, "b.csv")):
        path = write_csv(tmp_path, name, f"{header}\nSO{day},2026-10-0{day},C1,R1,华东,100,60,40")
        ingest_file(path, "orders", lake)
    kept = sorted((lake.root / "_derived").glob("*.parquet"))
    stamp = "-".join(map(str, lake.data_stamp()))
    assert [p.name for p in kept] == [
        f"open_lines-{stamp}.parquet",
        f"orders_daily-{stamp}.parquet",
    ]

    built = run_sql(lake, "select * from orders_daily order by all")
    db._databases.clear()  # as a new process would start
    reloaded = run_sql(lake, "select * from orders_daily order by all")
    assert reloaded.equals(built)
    assert reloaded["open_amount"].to_list() == [Decimal("60.00"), Decimal("60.00")]

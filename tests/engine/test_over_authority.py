"""The over-authority count without a grouping is the over-limit side of the discount
histogram (branch marg): it must equal what over_authority.sql counts, and the margin page
must ask DuckDB for nothing more than its histogram to show it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sales_dash.engine.db import clear_result_cache, observe, run_query
from sales_dash.engine.grain import over_limit_facts
from sales_dash.engine.metrics import compute_metric
from sales_dash.engine.scope import Scope
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from sales_dash.sections.margin import discount_section, margin_section
from sales_dash.view import View

NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
CASES = [
    # (start, end, as_of, filters, limit): the configured limit reads the rollups, any
    # other limit and a category or product filter read the lines
    (*NOVEMBER, dt.date(2026, 11, 23), Filters(), 0.15),
    (*NOVEMBER, dt.date(2026, 11, 10), Filters(regions=("华东",)), 0.15),
    (dt.date(2026, 1, 1), dt.date(2026, 11, 30), dt.date(2026, 11, 23), Filters(), 0.05),
    (*NOVEMBER, dt.date(2026, 11, 23), Filters(categories=("空调",)), 0.15),
    (*NOVEMBER, dt.date(2026, 11, 23), Filters(regions=("不存在",)), 0.15),
    (dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.date(2026, 11, 23), Filters(), 0.3),
]


def _counted_by_its_own_query(lake: Lake, scope: Scope) -> tuple[int, Decimal]:
    """What sql/over_authority.sql counts for ``scope`` (the metric's query before)."""
    params = {**scope.sql_params(), "facts": over_limit_facts(scope.discount_limit)}
    rows = run_query(lake, "over_authority", **params)
    revenue = sum(rows["over_revenue"].to_list(), Decimal(0))
    return int(rows["over_lines"].sum()), revenue.quantize(Decimal("0.01"))


@pytest.mark.parametrize(("start", "end", "as_of", "filters", "limit"), CASES)
def test_ungrouped_count_equals_over_authority_sql(
    demo_lake: Lake, start: dt.date, end: dt.date, as_of: dt.date, filters: Filters, limit: float
) -> None:
    got = compute_metric(
        demo_lake, "over_authority", start, end, as_of, filters=filters, discount_limit=limit
    )
    scope = Scope(demo_lake, start, end, as_of, filters=filters, discount_limit=limit)
    lines, revenue = _counted_by_its_own_query(demo_lake, scope)
    assert got.rows(named=True) == [{"lines": lines, "revenue": revenue}]


def test_ungrouped_count_has_lines_to_count(demo_lake: Lake) -> None:
    # the comparison above means something only where lines are over the limit
    scope = Scope(demo_lake, *NOVEMBER, dt.date(2026, 11, 23))
    assert _counted_by_its_own_query(demo_lake, scope)[0] > 0


def test_the_margin_page_reads_its_tiles_from_its_histogram(demo_lake: Lake) -> None:
    view = View(*NOVEMBER, dt.date(2026, 11, 23), Filters(regions=("华东",)))
    clear_result_cache()
    asked: list[str] = []
    stop = observe(lambda name, params, seconds: asked.append(name))
    try:
        margin_section(demo_lake, view)
        discount_section(demo_lake, view)
    finally:
        stop()
    assert "over_authority" not in asked
    assert "discount_distribution" in asked

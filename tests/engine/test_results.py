"""The one result cache (sales_dash.engine.results): queries and page sections alike, keyed
by the lake's data version, and a page's section prefetched and shown as one object."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl

from sales_dash.engine import db
from sales_dash.engine.metrics import compute_metric
from sales_dash.engine.results import RESULTS, Results, result_key
from sales_dash.filters import Filters
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from sales_dash.ui.data import Section, section
from tests.conftest import write_csv


def _orders(lake: Lake, folder: Path, rows: str) -> None:
    csv = write_csv(folder, "o.csv", "订单号,订单日期,销售额\n" + rows)
    ingest_file(csv, "orders", lake)


def test_the_least_recently_used_result_is_dropped() -> None:
    results = Results(entries=2)
    calls: list[str] = []

    def answer(word: str):
        return lambda: calls.append(word) or word

    assert results.get("a", answer("a")) == "a"
    assert results.get("b", answer("b")) == "b"
    assert results.get("a", answer("a")) == "a"  # kept, and now the most recent
    assert results.get("c", answer("c")) == "c"  # drops b
    assert results.get("b", answer("b")) == "b"
    assert calls == ["a", "b", "c", "b"]


def test_a_result_not_worth_keeping_is_handed_out_and_computed_again() -> None:
    results = Results()
    calls: list[int] = []

    def big() -> list[int]:
        calls.append(1)
        return [0] * 10

    assert results.get("big", big, keep=lambda r: len(r) < 5) == [0] * 10
    assert results.get("big", big, keep=lambda r: len(r) < 5) == [0] * 10
    assert len(calls) == 2


def test_a_write_makes_every_earlier_result_unreachable(lake: Lake, tmp_path: Path) -> None:
    """Queries and sections share the data version in their key: after a write neither
    answers from before it."""
    _orders(lake, tmp_path, "SO1,2026-10-03,100\n")
    before = db.run_query(lake, "table_months")
    key = result_key(lake, "table_months", ())
    assert before["row_count"].to_list() == [1]
    _orders(lake, tmp_path, "SO1,2026-10-03,100\nSO2,2026-10-04,50\n")
    assert result_key(lake, "table_months", ()) != key
    assert db.run_query(lake, "table_months")["row_count"].to_list() == [2]


def test_a_section_prefetched_is_the_section_shown(lake: Lake, tmp_path: Path) -> None:
    """A page builds its section once: the prefetch and the display are the same call,
    computed once, and cached under the same key as ``cached`` would use."""
    _orders(lake, tmp_path, "SO1,2026-10-03,100\n")
    calls: list[str] = []

    def months(lake: Lake, table: str) -> pl.DataFrame:
        calls.append(table)
        return db.run_query(lake, "table_months").filter(pl.col("table_name") == table)

    RESULTS.clear()
    shown = section(months, lake, "orders")
    assert shown == Section(months, lake, ("orders",))
    assert shown.prefetch() is shown
    first = shown.result()
    assert first["row_count"].to_list() == [1]
    assert section(months, lake, "orders").result() is first
    assert calls == ["orders"]


def test_a_metric_is_computed_once_per_data_version(lake: Lake, tmp_path: Path) -> None:
    """compute_metric keeps its result like a query's (branch small): the same family of the
    same view asked again is the same frame; other parameters are another result; a write
    computes it afresh from the new lines."""
    _orders(lake, tmp_path, "SO1,2026-10-03,100\nSO2,2026-10-04,50\n")
    start, end = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
    first = compute_metric(lake, "margin", start, end, dt.date(2026, 10, 31))
    assert compute_metric(lake, "margin", start, end, dt.date(2026, 10, 31)) is first
    assert first["revenue"].to_list() == [Decimal("150.00")]
    covered = compute_metric(lake, "margin", start, end, dt.date(2026, 10, 31), coverage=True)
    assert covered is not first and "cost_coverage" in covered.columns
    on_the_3rd = compute_metric(lake, "margin", start, end, dt.date(2026, 10, 3))
    assert on_the_3rd["revenue"].to_list() == [Decimal("100.00")]
    elsewhere = compute_metric(
        lake, "margin", start, end, dt.date(2026, 10, 31), filters=Filters(regions=("华东",))
    )
    assert elsewhere is not first
    _orders(lake, tmp_path, "SO1,2026-10-03,100\nSO2,2026-10-04,50\nSO3,2026-10-05,25\n")
    after = compute_metric(lake, "margin", start, end, dt.date(2026, 10, 31))
    assert after["revenue"].to_list() == [Decimal("175.00")]


def test_every_field_of_the_scope_is_part_of_a_metric_key(lake: Lake, tmp_path: Path) -> None:
    """A month trend of the collection rate taken at each month's end is another result
    than the same months at as-of: asked after it, it must not be served the as-of one
    (the merge of branches small and ledger: a hand-listed key left at_period_ends out)."""
    csv = write_csv(
        tmp_path,
        "paid.csv",
        "order_id,order_date,revenue,due_date,paid_amount,paid_date\n"
        "SO1,2026-10-03,100,2026-10-20,100,2026-11-10\n",
    )
    ingest_file(csv, "orders", lake)
    start, end, as_of = dt.date(2026, 10, 1), dt.date(2026, 11, 30), dt.date(2026, 11, 30)

    def rates(at_period_ends: bool) -> pl.DataFrame:
        return compute_metric(
            lake, "collection", start, end, as_of, by="month", at_period_ends=at_period_ends
        )

    at_as_of, at_ends = rates(False), rates(True)
    assert at_ends is not at_as_of
    db.clear_result_cache()
    assert at_ends.equals(rates(True)) and at_as_of.equals(rates(False))
    # October's 100 fell due on 20 October and came in on 10 November: all of it collected
    # as of 30 November, none of it as October stood at its end
    assert at_as_of["collection_rate"].to_list()[0] == 1.0
    assert at_ends["collection_rate"].to_list()[0] == 0.0

"""Every receipts-side answer read from the month rollups of ``settled`` and ``open_spans``
(collected_daily, applied_daily, open_daily) equals the answer read from those line-level
tables, on a lake with receipts, refunds, credit, lines settled by their own paid columns
and lines whose collection is unknown: exact decimals, and the same groups (a group with
nothing known is no row on either side, so the metrics keep it unknown, not 0)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import polars as pl
import pytest

from sales_dash.engine.db import run_query, run_sql
from sales_dash.engine.scope import Scope
from sales_dash.filters import Filters
from sales_dash.ingest import ingest_bytes
from sales_dash.lake import Lake

D = dt.date
RECEIPT_QUERIES = (
    "cash_collected",
    "collection_days",
    "collection_due",
    "receivables_aging",
    "dso",
    "collection_basis",
    "receipt_lines",
    "payment_lines",
)
WINDOWS = [
    # start, end, as_of (inside the period too: aging and collection as they stood then), by
    (D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 23), None, Filters()),
    (D(2026, 1, 1), D(2026, 12, 31), D(2026, 8, 17), "month", Filters()),
    (D(2025, 10, 6), D(2025, 12, 28), D(2025, 11, 12), "week", Filters(regions=("华东", "西南"))),
    (D(2026, 7, 1), D(2026, 9, 30), D(2026, 9, 30), "rep", Filters(categories=("空调",))),
    (D(2024, 1, 1), D(2026, 11, 23), D(2026, 11, 23), "region", Filters()),
    (D(2026, 4, 1), D(2026, 6, 30), D(2026, 5, 9), "category", Filters(reps=("S001", "S017"))),
    (D(2026, 4, 1), D(2026, 6, 30), D(2026, 11, 23), "product", Filters(products=("空气炸锅",))),
]
FORTY = tuple(f"C{i:05d}" for i in range(1, 41))
CUSTOMER_WINDOWS = [
    (D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 23), "customer", Filters()),
    (D(2026, 1, 1), D(2026, 12, 31), D(2026, 8, 17), "month", Filters(customers=("C00001",))),
    (D(2025, 10, 6), D(2025, 12, 28), D(2025, 12, 1), "customer", Filters(regions=("华东",))),
    (D(2026, 7, 1), D(2026, 9, 30), D(2026, 9, 30), "rep", Filters(customers=FORTY)),
    (D(2024, 1, 1), D(2026, 11, 23), D(2026, 5, 31), "customer", Filters(reps=("S001",))),
]
PAYERS = 60
"""Customers given receipts: their lines are settled by them, the rest by their own lines."""


def _payments_csv(lake: Lake) -> bytes:
    """Receipts for the first ``PAYERS`` customers: most of what they bought, some linked to
    an order, some early (credit), a refund each for a few."""
    orders = run_sql(
        lake,
        "select customer_id, order_id, order_date, revenue from orders "
        "where customer_id is not null order by customer_id, order_date, order_id",
    )
    chosen = orders["customer_id"].unique(maintain_order=True).head(PAYERS)
    rng = random.Random(3)
    rows = ["payment_id,payment_date,customer_id,amount,order_id"]
    for number, customer in enumerate(chosen.to_list()):
        mine = orders.filter(pl.col("customer_id") == customer)
        for index, (order_id, order_date, revenue) in enumerate(
            mine.select("order_id", "order_date", "revenue").iter_rows()
        ):
            if index % 3 == 2:
                continue  # left open
            paid = (revenue * Decimal(rng.choice(["0.5", "0.8", "1", "1.2"]))).quantize(
                Decimal("0.0001")
            )
            day = order_date + dt.timedelta(days=rng.randint(-5, 120))
            linked = order_id if index % 4 == 0 else ""
            rows.append(f"P{number}-{index},{day},{customer},{paid},{linked}")
        if number % 7 == 0:
            rows.append(f"R{number},2026-06-15,{customer},-123.4567,")
    return "\n".join(rows).encode()


@pytest.fixture(scope="module")
def receipts_lake(demo_lake: Lake, tmp_path_factory: pytest.TempPathFactory) -> Lake:
    """The demo's lines with due dates, paid columns and groups unknown on a sixth of the
    lines each, and receipts for some of its customers."""
    lake = Lake(tmp_path_factory.mktemp("receipts") / "lake")
    orders = demo_lake.read_table("orders")
    key = pl.concat_str("order_id", pl.col("line_no").cast(pl.String)).hash(seed=5)
    unknown = ("due_date", "paid_amount", "paid_date", "rep_id", "region", "category")
    nulled = orders.with_columns(
        pl.when((key + i) % 6 == 0).then(None).otherwise(pl.col(c)).alias(c)
        for i, c in enumerate(unknown)
    ).with_columns(month=pl.col("order_date").dt.strftime("%Y-%m"))
    with lake.write_lock():
        lake.commit({"orders": {m: p.drop("month") for (m,), p in nulled.group_by("month")}})
    result = ingest_bytes(_payments_csv(lake), "payments.csv", "payments", lake)
    assert result.rejected_rows == 0
    return lake


def _answer(lake: Lake, query: str, scope: Scope, facts: str) -> pl.DataFrame:
    frame = run_query(lake, query, **{**scope.sql_params(), "facts": facts})
    keys = [c for c in ("period_key", "group_key", "basis") if c in frame.columns]
    return frame.sort(keys, nulls_last=True) if keys else frame


@pytest.mark.parametrize("query", RECEIPT_QUERIES)
@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: f"{w[0]}-{w[3]}")
def test_receipt_rollups_equal_the_line_level_tables(
    receipts_lake: Lake, query: str, window: tuple
) -> None:
    start, end, as_of, by, filters = window
    scope = Scope(receipts_lake, start, end, as_of=as_of, by=by, filters=filters)
    assert scope.facts == "rollup"
    from_lines = _answer(receipts_lake, query, scope, "lines")
    from_rollup = _answer(receipts_lake, query, scope, "rollup")
    assert from_lines.height > 0
    assert from_rollup.equals(from_lines), query


@pytest.mark.parametrize("query", RECEIPT_QUERIES)
@pytest.mark.parametrize("window", CUSTOMER_WINDOWS, ids=lambda w: f"{w[0]}-{w[3]}")
def test_customer_rollups_equal_the_line_level_tables(
    receipts_lake: Lake, query: str, window: tuple
) -> None:
    start, end, as_of, by, filters = window
    scope = Scope(receipts_lake, start, end, as_of=as_of, by=by, filters=filters)
    assert scope.facts == "customer_rollup"
    from_lines = _answer(receipts_lake, query, scope, "lines")
    from_rollup = _answer(receipts_lake, query, scope, "customer_rollup")
    assert from_lines.height > 0
    assert from_rollup.equals(from_lines), query


def test_the_lake_has_every_source_of_collections(receipts_lake: Lake) -> None:
    """The comparison above covers receipts, refunds, lines' own paid columns, unknown
    collection and open amounts."""
    sources = run_sql(receipts_lake, "select distinct source from settled order by all")
    assert set(sources["source"]) >= {"receipt", "refund", "line"}
    basis = dict(
        run_query(
            receipts_lake,
            "collection_basis",
            as_of=D(2026, 11, 23),
            facts="rollup",
            regions=[],
            reps=[],
            categories=[],
            products=[],
            customers=[],
        ).iter_rows()
    )
    assert set(basis) == {"receipts", "line", "unknown"}
    assert run_sql(receipts_lake, "select count(*) as n from open_daily")["n"][0] > 0


def test_the_rollups_are_smaller_than_the_tables_they_sum(receipts_lake: Lake) -> None:
    count = "select count(*) as n from {}"
    for rollup, table in (
        ("collected_daily", "settled"),
        ("applied_daily", "settled"),
        ("applied_customers", "settled"),
        ("open_daily", "open_spans"),
        ("open_customers", "open_spans"),
    ):
        rows = run_sql(receipts_lake, count.format(rollup))["n"][0]
        assert 0 < rows < run_sql(receipts_lake, count.format(table))["n"][0], rollup


def test_a_customer_grouping_reads_the_line_level_tables(receipts_lake: Lake) -> None:
    """The rollups keep no customer: by customer, the queries read settled and open_spans,
    and their groups add up to the rollup's one row (lines without a customer included)."""
    window = (D(2026, 1, 1), D(2026, 6, 30))
    whole = Scope(receipts_lake, *window, as_of=D(2026, 6, 30))
    by_customer = Scope(receipts_lake, *window, as_of=D(2026, 6, 30), by="customer")
    assert by_customer.facts == "customer_rollup"
    for query, columns in (
        ("receivables_aging", ["outstanding", "d1_30", "d90_plus"]),
        ("collection_due", ["due_amount", "collected"]),
        ("collection_days", ["dated_amount", "amount_days"]),
        ("dso", ["outstanding_at_end"]),
    ):
        total = run_query(receipts_lake, query, **whole.sql_params())
        customers = run_query(receipts_lake, query, **by_customer.sql_params())
        assert customers.height > 10, query
        for column in columns:
            assert customers[column].sum() == total[column][0], (query, column)

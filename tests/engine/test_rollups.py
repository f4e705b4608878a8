"""Every answer read from a rollup (orders_daily, customer_daily, discounts_daily,
over_limit_lines) equals the answer read from the order lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from sales_dash.engine.db import run_query
from sales_dash.engine.grain import discount_facts, over_limit_facts
from sales_dash.engine.scope import Scope, filter_params
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from tests.engine.conftest import forget_databases

D = dt.date
ROLLUP_QUERIES = ("order_totals", "collection_due", "receivables_aging", "line_count")
SCOPES = [
    (D(2026, 11, 1), D(2026, 11, 30), None, Filters()),
    (D(2026, 1, 1), D(2026, 12, 31), "month", Filters()),
    (D(2025, 10, 6), D(2025, 12, 28), "week", Filters(regions=("华东", "西南"))),
    (D(2026, 7, 1), D(2026, 9, 30), "rep", Filters(categories=("空调",))),
    (D(2024, 1, 1), D(2026, 11, 23), "region", Filters()),
    (D(2026, 4, 1), D(2026, 6, 30), "category", Filters(reps=("S001", "S017"))),
    (D(2026, 4, 1), D(2026, 6, 30), "product", Filters(products=("空气炸锅",))),
]
CUSTOMER_QUERIES = (
    *ROLLUP_QUERIES,
    "retention",
    "customer_revenue",
    "customer_last_order",
)
FORTY_CUSTOMERS = tuple(f"C{i:05d}" for i in range(1, 41))
CUSTOMER_SCOPES = [
    (D(2026, 11, 1), D(2026, 11, 30), "customer", Filters()),
    (D(2026, 1, 1), D(2026, 12, 31), "month", Filters(customers=("C00001", "C00002", "C00003"))),
    (D(2025, 10, 6), D(2025, 12, 28), "customer", Filters(regions=("华东", "西南"))),
    (D(2026, 7, 1), D(2026, 9, 30), "rep", Filters(customers=FORTY_CUSTOMERS)),
    (D(2024, 1, 1), D(2026, 11, 23), "customer", Filters(reps=("S001", "S017"))),
]


def _answer(lake: Lake, query: str, scope: Scope, facts: str) -> pl.DataFrame:
    params = {
        **scope.sql_params(),
        "facts": facts,
        "lookback_start": scope.start - dt.timedelta(days=365),
        "limit": 1_000_000,
    }
    frame = run_query(lake, query, **params)
    keys = [c for c in ("period_key", "group_key", "customer_id") if c in frame.columns]
    return frame.sort(keys, nulls_last=True) if keys else frame


CASES = [
    *(("rollup", query, scope) for query in ROLLUP_QUERIES for scope in SCOPES),
    *(("customer_rollup", query, scope) for query in CUSTOMER_QUERIES for scope in CUSTOMER_SCOPES),
]


OVER_LIMIT_QUERIES = ("over_authority", "over_authority_lines")
# three customers have no line over the limit: forty stand in for them
OVER_LIMIT_SCOPES = [s for s in [*SCOPES, *CUSTOMER_SCOPES] if len(s[3].customers) != 3]
DISCOUNT_CASES = [
    *(("over_limit", query, scope) for query in OVER_LIMIT_QUERIES for scope in OVER_LIMIT_SCOPES),
    *(
        ("discount_rollup", "discount_distribution", scope)
        for scope in [*SCOPES, *CUSTOMER_SCOPES]
        if discount_facts(scope[3], 0.15) == "discount_rollup"
    ),
]


def test_another_discount_limit_reads_the_lines() -> None:
    """The tables hold the configured limit's split only."""
    assert over_limit_facts(0.15) == "over_limit"
    assert over_limit_facts(0.2) == "lines"
    assert discount_facts(Filters(), 0.15) == "discount_rollup"
    assert discount_facts(Filters(), 0.1) == "lines"
    assert discount_facts(Filters(regions=("华东",), reps=("S001",)), 0.15) == "discount_rollup"
    narrower = (Filters(categories=("空调",)), Filters(products=("x",)), Filters(customers=("C",)))
    for filters in narrower:
        assert discount_facts(filters, 0.15) == "lines"


@pytest.mark.parametrize(("grain", "query", "window"), [*CASES, *DISCOUNT_CASES])
def test_rollups_equal_lines(
    demo_lake: Lake,
    grain: str,
    query: str,
    window: tuple[dt.date, dt.date, str | None, Filters],
) -> None:
    """The discount tables hold the configured limit (0.15); over-authority lines are
    listed largest first, so equal lists prove both the selection and the order."""
    start, end, by, filters = window
    scope = Scope(demo_lake, start, end, as_of=D(2026, 11, 23), by=by, filters=filters)
    if grain in ("rollup", "customer_rollup"):
        assert scope.facts == grain
    from_lines = _answer(demo_lake, query, scope, "lines")
    from_rollup = _answer(demo_lake, query, scope, grain)
    assert from_lines.height > 0
    assert from_rollup.equals(from_lines)


UNKNOWN_COLUMNS = ("cost", "paid_amount", "discount_rate", "customer_id", "rep_id", "region")


@pytest.fixture(scope="module")
def unknown_lake(demo_lake: Lake, tmp_path_factory: pytest.TempPathFactory) -> Lake:
    """The demo lake with each optional column unknown (null) on its own seventh or so of
    the lines, chosen by a hash of the key: files that did not carry them."""
    lake = Lake(tmp_path_factory.mktemp("unknowns") / "lake")
    orders = demo_lake.read_table("orders")
    key = pl.concat_str("order_id", pl.col("line_no").cast(pl.String)).hash(seed=11)
    nulled = orders.with_columns(
        pl.when((key + i) % 7 == 0).then(None).otherwise(pl.col(c)).alias(c)
        for i, c in enumerate(UNKNOWN_COLUMNS)
    ).with_columns(month=pl.col("order_date").dt.strftime("%Y-%m"))
    changes = {
        "orders": {m: part.drop("month") for (m,), part in nulled.group_by("month")},
        **{t: {m: p for (m,), p in demo_lake.read_table(t).group_by("month")} for t in ("quotas",)},
    }
    with lake.write_lock():
        lake.commit(changes)
    return lake


@pytest.mark.parametrize(
    ("grain", "query", "window"),
    [
        *CASES,
        *DISCOUNT_CASES,
        *(("rollup", "payment_lines", scope) for scope in SCOPES),
        *(("customer_rollup", "payment_lines", scope) for scope in CUSTOMER_SCOPES),
    ],
)
def test_rollups_equal_lines_with_unknowns(
    unknown_lake: Lake,
    grain: str,
    query: str,
    window: tuple[dt.date, dt.date, str | None, Filters],
) -> None:
    """Unknown costs, payments, discounts, customers, reps and regions: the coverage
    columns (costed_*, tracked_*, discount_lines, identified_*) read from a rollup equal
    those read from the lines, and the unknowns are there to be counted."""
    start, end, by, filters = window
    scope = Scope(unknown_lake, start, end, as_of=D(2026, 11, 23), by=by, filters=filters)
    from_lines = _answer(unknown_lake, query, scope, "lines")
    from_rollup = _answer(unknown_lake, query, scope, grain)
    assert from_rollup.equals(from_lines)
    if query == "order_totals":
        totals = from_lines.select(pl.col(pl.Int64, pl.Decimal).sum())
        assert 0 < totals["costed_lines"][0] < totals["lines"][0]
        assert 0 < totals["discount_lines"][0] < totals["lines"][0]
        assert totals["costed_revenue"][0] != totals["revenue"][0]
        if grain == "rollup":
            assert 0 < totals["identified_lines"][0] < totals["lines"][0]
    if query == "collection_due":
        totals = from_lines.select(pl.col(pl.Int64).sum())
        assert 0 < totals["tracked_lines"][0] < totals["due_lines"][0]


def test_unknown_rep_and_region_read_as_unassigned(unknown_lake: Lake) -> None:
    """One representation of 'no rep' and 'no region', in every query (schema.UNASSIGNED)."""
    from sales_dash.schema import UNASSIGNED

    options = run_query(unknown_lake, "filter_options")
    assert UNASSIGNED in options["region"].to_list()
    assert UNASSIGNED in options["rep_id"].to_list()
    assert options["region"].null_count() == 0


def test_product_filters_read_the_lines_for_customers(demo_lake: Lake) -> None:
    """The customer rollup keeps no category or product, so those need the lines."""
    as_of = D(2026, 11, 23)
    by_customer = Scope(demo_lake, as_of, as_of, as_of, "customer", Filters(categories=("空调",)))
    assert by_customer.facts == "lines"
    product_of_customer = Scope(
        demo_lake, as_of, as_of, as_of, "product", Filters(customers=("C00001",))
    )
    assert product_of_customer.facts == "lines"


def test_rollups_and_lookups_are_kept_per_data_version_and_reloaded(tmp_path) -> None:
    """A write keeps the rollups and lookups of the new data, and drops those of the data
    before; a new process loads them instead of scanning the lines."""
    from sales_dash.engine import db, rollups
    from sales_dash.engine.db import LOOKUPS, run_query, run_sql
    from sales_dash.ingest import ingest_file
    from tests.conftest import write_csv

    lake = Lake(tmp_path / "lake")
    header = "order_id,order_date,customer_id,rep_id,region,revenue,cost,paid_amount"
    for day, name in ((3, "a.csv"), (9, "b.csv")):
        path = write_csv(tmp_path, name, f"{header}\nSO{day},2026-10-0{day},C1,R1,华东,100,60,40")
        ingest_file(path, "orders", lake)
    kept = sorted(p.name for p in (lake.root / "_derived").glob("*.parquet"))
    stamp = "-".join(map(str, lake.data_stamp()))
    suffix = f"-{stamp}-{db._definition()}.parquet"
    assert kept == sorted(f"lookup_{name}{suffix}" for name in LOOKUPS)
    # the derived tables: one file per table and month of the lines (the ledger's in its
    # month's folder, rollups.FILE_MONTH)
    monthly = sorted({p.name[:-17] for p in (lake.root / "_derived/monthly").rglob("*.parquet")})
    tables = rollups.KEPT
    assert monthly == sorted(f"{name}-2026-10" for name in tables)

    built = run_sql(lake, "select * from orders_daily order by all")
    looked_up = {name: run_query(lake, name) for name in LOOKUPS}
    forget_databases()  # as a new process would start
    db.clear_result_cache()
    reloaded = run_sql(lake, "select * from orders_daily order by all")
    assert reloaded.equals(built)
    assert reloaded["open_amount"].to_list() == [Decimal("60.00"), Decimal("60.00")]
    for name, first in looked_up.items():
        assert run_query(lake, name).equals(first), name
    assert run_query(lake, "latest_order_date")["latest"][0] == D(2026, 10, 9)


def test_every_facts_query_reads_a_known_macro_and_refuses_unknown_grains(
    demo_lake: Lake,
) -> None:
    """Every grain GRAINS lists has its view in sql/_facts.sql, and a $facts value the
    macro does not know is refused with the grains it does."""
    from sales_dash.engine.db import GRAINS, SQL_DIR, _macro_of, run_sql

    for macro, grains in GRAINS.items():
        shapes = {
            grain: run_sql(demo_lake, f"select * from {macro}_{grain} limit 0").schema
            for grain in grains
        }
        first = shapes[min(shapes)]
        assert len(first) > 0
        for grain, shape in shapes.items():  # one shape per macro, as a union's branches
            assert shape == first, (macro, grain)

    with_facts = [p.stem for p in SQL_DIR.glob("*.sql") if "$facts" in p.read_text("utf-8")]
    assert len(with_facts) >= 9
    for name in with_facts:
        assert _macro_of(name) in GRAINS, name
    with pytest.raises(ValueError, match="not a grain of discount_facts"):
        run_query(
            demo_lake,
            "discount_distribution",
            facts="rollup",
            range_start=D(2026, 11, 1),
            flow_range_end=D(2026, 11, 23),
            discount_limit=0.15,
            **filter_params(Filters()),
        )


def test_every_thread_reads_parquet_footers_from_the_cache(demo_lake: Lake) -> None:
    """A setting made on the connection alone would not reach the cursors that the page
    threads query through: the footer cache is set for the whole database."""
    import threading

    from sales_dash.engine.db import _database

    seen = []

    def read_setting() -> None:
        cursor = _database(demo_lake).cursor()
        seen.append(cursor.execute("select current_setting('parquet_metadata_cache')").fetchone())

    worker = threading.Thread(target=read_setting)
    worker.start()
    worker.join()
    assert seen == [(True,)]

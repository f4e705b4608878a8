"""Row-level security in the engine (issue 13): a lake read as a user sees only the rows
of their scope, in every query, lookup, cache and denominator; an empty scope is nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from sales_dash.access import Access, Role
from sales_dash.engine.date_window import as_of_within_window
from sales_dash.engine.db import run_query, run_sql
from sales_dash.engine.metrics import compute_metric
from sales_dash.engine.options import filter_choices
from sales_dash.engine.row_scope import RowScope, scope_expr, scope_sql
from sales_dash.filters import Filters
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from sales_dash.schema import MARKET, ORDERS, UNASSIGNED
from sales_dash.sections.data import lake_status
from tests.conftest import write_csv

AS_OF = dt.date(2026, 11, 23)
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 11, 30))
EAST = frozenset({"华东"})
MANAGER = Access(Role.REGION_MANAGER, regions=EAST, user="east")
NOBODY = Access(Role.REGION_MANAGER, regions=frozenset(), user="nobody")


def metric(
    lake: Lake, name: str, by: str | None = None, **filters: tuple[str, ...]
) -> pl.DataFrame:
    return compute_metric(lake, name, *YEAR, AS_OF, by=by, filters=Filters(**filters))


def east_rep(lake: Lake) -> str:
    reps = lake.read_table("quotas").filter(pl.col("region") == "华东")["rep_id"]
    return str(reps.sort()[0])


def test_no_scope_is_no_condition_and_an_empty_one_is_nothing() -> None:
    assert RowScope.of(Access.everything()) is None
    assert RowScope.of(Access(Role.DIRECTOR)) is None
    assert scope_sql(None, ORDERS.column_names) == "true"
    assert scope_sql(RowScope(regions=frozenset()), ORDERS.column_names) == "false"
    assert scope_sql(RowScope(reps=frozenset()), ORDERS.column_names) == "false"
    # the market has no rep: a scope of reps alone reads none of it, not all of it
    assert scope_sql(RowScope(reps=frozenset({"S001"})), MARKET.column_names) == "false"
    assert scope_sql(RowScope(regions=EAST, reps=frozenset({"S001"})), MARKET.column_names) == (
        "coalesce(region, '') in ('华东')"
    )
    assert scope_sql(RowScope(regions=frozenset({"O'Hare"})), ORDERS.column_names) == (
        "coalesce(region, '') in ('O''Hare')"
    )
    rows = pl.DataFrame({"region": ["华东", None, "华北"], "rep_id": ["S1", "S2", None]})
    kept = rows.filter(
        scope_expr(RowScope(regions=frozenset({"华东", UNASSIGNED})), ORDERS.column_names)
    )
    assert kept["rep_id"].to_list() == ["S1", "S2"]
    assert rows.filter(scope_expr(RowScope(regions=frozenset()), ORDERS.column_names)).is_empty()


def test_a_region_manager_reads_their_region_as_the_region_filter_does(demo_lake: Lake) -> None:
    east = demo_lake.scoped(MANAGER)
    for name in ("attainment", "margin", "collection", "expense", "activity", "market_share"):
        assert metric(east, name).equals(metric(demo_lake, name, regions=("华东",))), name
    by_rep = metric(east, "attainment", "rep")
    assert set(by_rep["rep_id"]) == set(
        metric(demo_lake, "attainment", "rep", regions=("华东",))["rep_id"]
    )
    # the denominator follows: the whole market ("" category rows) of the manager's region
    share = metric(east, "market_share")
    market = demo_lake.read_table("market").filter(
        pl.col("region") == "华东",
        pl.col("category") == "",
        pl.col("month").is_between(pl.lit("2026-01"), pl.lit("2026-11")),
    )
    # up to as-of 11-23 (issue 14, like for like): January to October whole, November 23/30
    whole = market.filter(pl.col("month") < "2026-11")["market_size"].sum()
    november = market.filter(pl.col("month") == "2026-11")["market_size"].sum()
    expected = float(whole) + float(november) * 23 / 30
    assert float(share["market_size"][0]) == pytest.approx(expected, abs=0.01)


def test_a_filter_outside_the_scope_finds_nothing_never_everything(demo_lake: Lake) -> None:
    east = demo_lake.scoped(MANAGER)
    north = metric(east, "attainment", regions=("华北",))
    assert north["revenue"][0] == 0 and north["quota"][0] == 0
    assert metric(east, "attainment", "rep", regions=("华北",)).is_empty()
    nothing = demo_lake.scoped(NOBODY)
    assert metric(nothing, "attainment")["revenue"][0] == 0
    assert filter_choices(nothing).regions == ()
    assert run_query(nothing, "latest_order_date")["latest"][0] is None
    assert run_query(nothing, "customer_names").is_empty()


def test_every_lookup_is_scoped(demo_lake: Lake) -> None:
    east = demo_lake.scoped(MANAGER)
    orders = demo_lake.read_table("orders")
    east_orders = orders.filter(pl.col("region") == "华东")
    assert filter_choices(east).regions == ("华东",)
    assert set(filter_choices(east).reps) == set(east_orders["rep_id"]) | set(
        demo_lake.read_table("quotas").filter(pl.col("region") == "华东")["rep_id"]
    )
    assert set(run_query(east, "customer_names")["customer_id"]) == set(
        east_orders["customer_id"].drop_nulls()
    )
    assert set(run_query(east, "rep_names")["rep_id"]) <= set(filter_choices(east).reps)
    months = run_query(east, "table_months").filter(pl.col("table_name") == "orders")
    assert months["row_count"].sum() == east_orders.height
    assert lake_status(east).tables["rows"][0] == east_orders.height
    booked = east_orders.filter(pl.col("status").fill_null("") != "cancelled")
    assert run_query(east, "latest_order_date")["latest"][0] == booked["order_date"].max()
    assert as_of_within_window(east, dt.date(9999, 1, 1), AS_OF) == booked["order_date"].max()


def test_a_rep_reads_their_own_lines_only(demo_lake: Lake) -> None:
    rep = east_rep(demo_lake)
    mine = demo_lake.scoped(Access(Role.REP, regions=EAST, reps=frozenset({rep})))
    assert metric(mine, "margin").equals(metric(demo_lake, "margin", reps=(rep,)))
    assert filter_choices(mine).reps == (rep,)
    ranked = metric(mine, "attainment", "rep")
    assert ranked["rep_id"].to_list() == [rep]
    # a rep's market is their region's: share of their own sales in it
    share = metric(mine, "market_share")
    assert (
        share["market_size"][0]
        == metric(demo_lake, "market_share", regions=("华东",))["market_size"][0]
    )
    alone = demo_lake.scoped(Access(Role.REP, reps=frozenset({rep})))
    assert metric(alone, "market_share")["market_size"][0] in (None, 0)


def test_caches_never_hand_one_users_answer_to_another(demo_lake: Lake) -> None:
    everyone = run_query(demo_lake, "filter_options")
    east = run_query(demo_lake.scoped(MANAGER), "filter_options")
    again = run_query(Lake(demo_lake.root), "filter_options")
    assert set(east["region"]) == {"华东"}
    assert set(again["region"]) == set(everyone["region"]) != {"华东"}
    director = run_query(demo_lake.scoped(Access(Role.DIRECTOR)), "filter_options")
    assert director.equals(everyone)


@pytest.mark.parametrize("access", [MANAGER, NOBODY])
def test_a_scoped_read_keeps_nothing_on_disk(demo_lake: Lake, access: Access) -> None:
    """The files kept in ``_derived/`` hold every row: a scoped reader never writes one
    that another reader would load."""
    before = sorted(p.name for p in (demo_lake.root / "_derived").glob("*"))
    metric(demo_lake.scoped(access), "attainment", "month")
    run_query(demo_lake.scoped(access), "customer_first_lines")
    assert sorted(p.name for p in (demo_lake.root / "_derived").glob("*")) == before


MOVED_CUSTOMER = """
order_id,line_no,order_date,customer_id,customer_name,rep_id,rep_name,region,product,category,quantity,discount_rate,revenue,cost,due_date,paid_amount,paid_date,status
SO1,1,2026-10-03,C1,甲公司,R9,赵六,华北,P1,空调,1,0,1000.00,600.00,,,,
SO2,1,2026-11-05,C1,甲公司,R1,张三,华东,P1,空调,1,0,500.00,300.00,,,,
SO3,1,2026-11-06,C2,乙公司,R1,张三,华东,P1,空调,1,0,200.00,100.00,,,,
"""


def test_a_rows_figures_are_the_companys_the_scope_only_chooses_rows(
    lake: Lake, tmp_path: Path
) -> None:
    """C1 first bought in 华北: new to the company in October, so not a new customer of
    华东 in November, for the 华东 manager as for the 华东 filter. Only C2 is."""
    ingest_file(write_csv(tmp_path, "orders.csv", MOVED_CUSTOMER), "orders", lake)
    november = (dt.date(2026, 11, 1), dt.date(2026, 11, 30), dt.date(2026, 11, 30))
    east = compute_metric(lake.scoped(MANAGER), "activity", *november)
    filtered = compute_metric(lake, "activity", *november, filters=Filters(regions=("华东",)))
    assert east["new_customers"][0] == filtered["new_customers"][0] == 1
    firsts = run_query(lake.scoped(MANAGER), "customer_first_lines")
    assert firsts["customer_id"].to_list() == ["C2"]  # C1's first line is 华北's


PAYMENTS = """
payment_id,payment_date,customer_id,amount,order_id,line_no,rep_id,region,method
P1,2026-11-10,C1,100.00,,,,,bank
P2,2026-11-11,C9,200.00,,,,,bank
P3,2026-11-12,C1,300.00,,,R1,华东,bank
P4,2026-11-13,C9,400.00,,,,华东,bank
"""
TWO_OWNERS = """
order_id,line_no,order_date,customer_id,customer_name,rep_id,rep_name,region,product,category,quantity,discount_rate,revenue,cost,due_date,paid_amount,paid_date,status
SO1,1,2026-11-03,C1,甲公司,R1,张三,华东,P1,空调,1,0,1000.00,600.00,,,,
SO2,1,2026-11-05,C9,北方公司,R9,赵六,华北,P1,空调,1,0,500.00,300.00,,,,
"""


def test_a_receipt_without_a_region_is_its_customers_owners(lake: Lake, tmp_path: Path) -> None:
    """Receipts often name only the customer: the 华东 manager sees those of 华东's
    customers (and those naming 华东), not 华北's; each keeps its own values."""
    ingest_file(write_csv(tmp_path, "orders.csv", TWO_OWNERS), "orders", lake)
    ingest_file(write_csv(tmp_path, "payments.csv", PAYMENTS), "payments", lake)
    east = lake.scoped(MANAGER)
    seen = run_sql(east, "select payment_id, region from payments order by payment_id")
    assert seen.rows() == [("P1", None), ("P3", "华东"), ("P4", "华东")]
    owners = run_sql(east, "select customer_id, region from customer_owners")
    assert owners.rows() == [("C1", "华东")]
    assert run_sql(lake, "select count(*) as n from payments")["n"][0] == 4

"""The monthly tables built from scratch one month's lines at a time (bounded memory at any
size of lake) equal the same tables built in one pass over every line, as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from sales_dash.engine.db import _Database, query_text, run_sql
from sales_dash.engine.rollups import MONTHLY
from sales_dash.ingest import ingest_bytes
from sales_dash.lake import Lake

ORDERS = b"""\
order_id,line_no,order_date,customer_id,rep_id,region,revenue,cost,paid_amount,paid_date,\
discount_rate,status,due_date
SO1,1,2026-01-05,C1,R1,East,100.00,60.00,,,0.05,,2026-02-04
SO1,2,2026-01-05,C1,R1,East,40.00,,,,0.20,,2026-02-04
SO2,1,2026-01-31,C2,R2,West,250.00,200.00,250.00,2026-02-20,,,2026-03-02
SO3,1,2026-02-01,C1,R1,East,80.00,50.00,,,0.20,cancelled,2026-03-03
SO4,1,2026-02-14,,R2,West,60.00,30.00,,,,,
SO5,1,2026-02-28,C3,,,-20.00,-12.00,-20.00,2026-03-10,0.16,,2026-03-30
SO6,1,2026-04-02,C2,R1,East,500.00,300.00,100.00,2026-04-30,0.10,,2026-05-02
SO6,2,2026-04-02,C2,R1,East,75.00,45.00,,,0.25,,2026-05-02
"""
"""Three months of lines (none in March) from a file with payment data (a blank paid
amount is 0 paid), unknowns (no customer, rep, region, cost or discount), a cancelled
line, a return, discounts each side of the limit (0.15)."""
UNPAID = b"""\
order_id,line_no,order_date,customer_id,rep_id,region,revenue,cost,discount_rate
SO7,1,2026-05-06,C3,R2,West,90.00,50.00,0
SO8,1,2026-05-07,C1,R1,East,30.00,20.00,0.30
"""
"""May, from a file without payment data: C3's line has no known collection, C1's is
settled by C1's receipts."""
PAYMENTS = b"""\
payment_id,payment_date,customer_id,amount,order_id
P1,2026-02-10,C1,70.00,SO1
"""


@pytest.fixture(scope="module")
def paid_lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    lake = Lake(Path(tmp_path_factory.mktemp("paid")) / "lake")
    for table, content in (("orders", ORDERS), ("orders", UNPAID), ("payments", PAYMENTS)):
        result = ingest_bytes(content, f"{table}.csv", table, lake)
        assert result.upload_id is not None, result
    return lake


def _one_pass(lake: Lake, sql_name: str) -> str:
    """The table's select over every line at once: how the tables were built before."""
    select = query_text(sql_name)
    return f"with rollup_lines as (select * from orders) select * from (\n{select}\n) order by all"


@pytest.mark.parametrize(("sql_name", "table_name"), list(MONTHLY.items()))
@pytest.mark.parametrize("lake_name", ["paid_lake", "demo_lake"])
def test_monthly_tables_built_month_by_month_equal_one_pass(
    sql_name: str, table_name: str, lake_name: str, request: pytest.FixtureRequest
) -> None:
    lake: Lake = request.getfixturevalue(lake_name)
    built = run_sql(lake, f"select * from {table_name} order by all")
    expected = run_sql(lake, _one_pass(lake, sql_name))
    assert built.height > 0
    assert built.equals(expected)


def test_paid_lake_rollup_holds_the_hand_worked_rows(paid_lake: Lake) -> None:
    """orders_daily per month: January 100 + 40 + 250, February 60 − 20 (SO3 cancelled),
    April 500 + 75, all tracked by their paid columns; May 90 + 30, of which C1's 30 is
    tracked by C1's receipts and C3's 90 is not."""
    months = run_sql(
        paid_lake,
        "select strftime(order_date, '%Y-%m') as month, sum(revenue)::double as revenue, "
        "sum(tracked_revenue)::double as tracked, sum(lines)::int as lines "
        "from orders_daily group by month order by month",
    )
    assert months.rows() == [
        ("2026-01", 390.0, 390.0, 3),
        ("2026-02", 40.0, 40.0, 2),
        ("2026-04", 575.0, 575.0, 2),
        ("2026-05", 120.0, 30.0, 2),
    ]


def test_monthly_tables_keep_their_order_by_date(demo_lake: Lake) -> None:
    """Month after month, each table stays sorted by order date: row groups skip periods."""
    for table_name in MONTHLY.values():
        if table_name == "owner_months":
            continue  # grouped per customer and month, read whole
        dates = run_sql(demo_lake, f"select order_date from {table_name}")["order_date"]
        assert dates.is_sorted(), table_name


def test_engine_memory_setting_bounds_duckdb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SALES_DASH_ENGINE_MEMORY_MB caps DuckDB (a 100M-line lake's tables spill beyond it);
    the rollups built under the cap are the same."""
    monkeypatch.setenv("SALES_DASH_ENGINE_MEMORY_MB", "300")
    lake = Lake(tmp_path / "lake")
    assert ingest_bytes(ORDERS, "orders.csv", "orders", lake).upload_id is not None
    limit = run_sql(lake, "select current_setting('memory_limit') as limit_")["limit_"][0]
    assert limit == "286.1 MiB"  # 300 MB, as DuckDB prints it (binary units)
    built = run_sql(lake, "select * from orders_daily order by all")
    assert built.equals(run_sql(lake, _one_pass(lake, "_rollup")))


def test_the_engine_is_bounded_unless_told_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """By default DuckDB may hold 2000 MB (not its own 80% of RAM: the 100M-line demo took
    11.2 GB so); 0 gives it DuckDB's own."""
    monkeypatch.delenv("SALES_DASH_ENGINE_MEMORY_MB", raising=False)
    lake = Lake(tmp_path / "lake")
    limit = "select current_setting('memory_limit') as limit_"
    assert run_sql(lake, limit)["limit_"][0] == "1.8 GiB"  # 2000 MB in binary units
    monkeypatch.setenv("SALES_DASH_ENGINE_MEMORY_MB", "0")
    own = _Database(folders=[tmp_path]).connection.execute(limit).fetchone()
    assert own is not None and own[0] != "1.8 GiB"


def test_a_new_lake_can_spill(tmp_path: Path) -> None:
    """DuckDB creates its spill folder but not the folder that holds it: a build of a new
    lake larger than memory failed ("Failed to create directory .../_derived/spill") before
    anything was kept, and the demo's best-effort refresh kept nothing."""
    lake = Lake(tmp_path / "lake")
    lake.root.mkdir()  # a lake the engine has not opened: no _derived/ yet
    assert not (lake.root / "_derived").exists()
    database = _Database(folders=[lake.root])
    spill = database.connection.execute("select current_setting('temp_directory')").fetchone()
    assert spill is not None and Path(spill[0]).parent.is_dir()

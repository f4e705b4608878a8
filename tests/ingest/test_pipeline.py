"""Canonical ingest: typing, defaults, rejections, and upsert by key."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from sales_dash.ingest import Mode, Problem, RejectedUpload, ingest_file
from sales_dash.lake import Lake
from tests.conftest import write_csv

HEADER = (
    "order_id,line_no,order_date,customer_id,customer_name,rep_id,rep_name,region,product,"
    "category,quantity,discount_rate,revenue,cost,due_date,paid_amount,paid_date,status"
)
ORDERS = f"""
{HEADER}
SO1,1,2026-10-03,C1,甲公司,R1,张三,华东,P1,空调,2,0.1,1000.00,600.00,,500.00,2026-10-20,
SO1,2,2026-10-03,C1,甲公司,R1,张三,华东,P2,冰箱,1,0,200.50,100.25,2026-12-01,0,,
SO2,1,2026-11-05,C2,乙公司,R2,李四,华南,P1,空调,3,0.2,-300.00,-180.00,,0,,cancelled
"""


def lake_bytes(lake: Lake) -> dict[str, bytes]:
    """Every file of the lake with its content, to prove a lake did not change."""
    return {
        str(p.relative_to(lake.root)): p.read_bytes()
        for p in sorted(lake.root.rglob("*"))
        if p.is_file() and p.name != "_write.lock"
    }


def test_canonical_orders_are_typed_and_defaulted(lake: Lake, tmp_path: Path) -> None:
    result = ingest_file(write_csv(tmp_path, "orders.csv", ORDERS), "orders", lake)
    assert (result.inserted, result.updated, result.unchanged) == (3, 0, 0)
    rows = lake.read_table("orders").sort("order_id", "line_no").to_dicts()
    first = rows[0]
    assert first["order_date"] == dt.date(2026, 10, 3)
    assert first["revenue"] == Decimal("1000.00")
    assert first["quantity"] == Decimal("2")
    # due_date defaults to order_date + 30 days; a given one is kept
    assert first["due_date"] == dt.date(2026, 11, 2)
    assert rows[1]["due_date"] == dt.date(2026, 12, 1)
    assert rows[1]["paid_date"] is None
    assert rows[2]["status"] == "cancelled"
    assert rows[2]["revenue"] == Decimal("-300.00")


def test_lake_is_partitioned_by_month(lake: Lake, tmp_path: Path) -> None:
    ingest_file(write_csv(tmp_path, "orders.csv", ORDERS), "orders", lake)
    assert lake.manifest().months("orders") == ["2026-10", "2026-11"]
    folders = sorted(p.parent.name for p in lake.files("orders"))
    assert folders == ["month=2026-10", "month=2026-11"]


def test_same_file_twice_changes_nothing(lake: Lake, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "orders.csv", ORDERS)
    ingest_file(path, "orders", lake)
    before, version = lake_bytes(lake), lake.version
    again = ingest_file(path, "orders", lake)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert lake.version == version
    assert lake_bytes(lake) == before


def test_corrected_row_replaces_the_stored_one(lake: Lake, tmp_path: Path) -> None:
    ingest_file(write_csv(tmp_path, "orders.csv", ORDERS), "orders", lake)
    corrected = f"""
    {HEADER}
    SO1,2,2026-10-03,C1,甲公司,R1,张三,华东,P2,冰箱,1,0,250.00,100.25,2026-12-01,0,,
    """
    result = ingest_file(write_csv(tmp_path, "fix.csv", corrected), "orders", lake)
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 0)
    stored = lake.read_table("orders").sort("order_id", "line_no")
    assert stored.height == 3
    assert stored["revenue"].to_list() == [
        Decimal("1000.00"),
        Decimal("250.00"),
        Decimal("-300.00"),
    ]


def test_corrected_date_moves_a_row_to_its_new_month(lake: Lake, tmp_path: Path) -> None:
    ingest_file(write_csv(tmp_path, "orders.csv", ORDERS), "orders", lake)
    moved = f"""
    {HEADER}
    SO1,1,2026-11-01,C1,甲公司,R1,张三,华东,P1,空调,2,0.1,1000.00,600.00,,500.00,2026-10-20,
    """
    # moving a stored line to another month is a conflict the user confirms (issue 11 §4)
    with pytest.raises(RejectedUpload):
        ingest_file(write_csv(tmp_path, "moved.csv", moved), "orders", lake)
    ingest_file(write_csv(tmp_path, "moved.csv", moved), "orders", lake, accept_moves=True)
    stored = lake.read_table("orders")
    assert stored.height == 3
    assert lake.read_table("orders", ["2026-10"])["line_no"].to_list() == [2]
    assert sorted(lake.read_table("orders", ["2026-11"])["order_id"].to_list()) == ["SO1", "SO2"]


def test_replace_months_deletes_rows_missing_from_the_file(lake: Lake, tmp_path: Path) -> None:
    ingest_file(write_csv(tmp_path, "orders.csv", ORDERS), "orders", lake)
    october = f"""
    {HEADER}
    SO1,1,2026-10-03,C1,甲公司,R1,张三,华东,P1,空调,2,0.1,1000.00,600.00,,500.00,2026-10-20,
    """
    result = ingest_file(
        write_csv(tmp_path, "oct.csv", october), "orders", lake, mode=Mode.REPLACE_MONTHS
    )
    assert (result.unchanged, result.deleted) == (1, 1)
    stored = lake.read_table("orders").sort("order_id", "line_no")
    # October lost SO1/2; November, absent from the file, is untouched
    assert stored.select("order_id", "line_no").rows() == [("SO1", 1), ("SO2", 1)]


def test_dry_run_writes_nothing(lake: Lake, tmp_path: Path) -> None:
    result = ingest_file(write_csv(tmp_path, "orders.csv", ORDERS), "orders", lake, dry_run=True)
    assert result.inserted == 3
    assert lake.version == 0
    assert lake.read_table("orders").is_empty()


def rejected(lake: Lake, tmp_path: Path, content: str, table: str = "orders") -> list[Problem]:
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(write_csv(tmp_path, "bad.csv", content), table, lake)
    return caught.value.problems


def test_rejection_names_row_column_value_and_reason(lake: Lake, tmp_path: Path) -> None:
    content = f"""
    {HEADER}
    SO1,1,2026-10-03,C1,甲公司,R1,张三,华东,P1,空调,2,0.1,1000.00,600.00,,0,,
    SO1,2,2026-13-03,C1,甲公司,R1,张三,华东,P1,空调,2,0.1,abc,600.00,,0,,
    SO1,3,2026-10-03,C1,甲公司,R1,张三,华东,P1,空调,2,1.5,,6,,0,,
    SO1,1,2026-10-04,C1,甲公司,R1,张三,华东,P1,空调,2,0.1,1000.00,600.00,,0,,
    """
    assert rejected(lake, tmp_path, content) == [
        Problem(3, "order_date", "2026-13-03", "not_a_date"),
        Problem(3, "revenue", "abc", "not_a_money"),
        Problem(4, "discount_rate", "1.5", "discount_out_of_range"),
        Problem(4, "revenue", "", "required_empty"),  # customer_id is optional since issue 11
        Problem(5, "order_id", "SO1 / 1", "duplicate_key", detail="2"),
    ]


def test_missing_required_column_lists_the_headers_found(lake: Lake, tmp_path: Path) -> None:
    content = """
    order_id,order_date,customer_id,rep_id,region,cost
    SO1,2026-10-03,C1,R1,华东,600
    """
    assert rejected(lake, tmp_path, content) == [
        Problem(
            0,
            "revenue",
            "revenue",
            "missing_column",
            detail="order_id, order_date, customer_id, rep_id, region, cost",
        )
    ]


def test_impossible_date_is_rejected_not_rolled_over(lake: Lake, tmp_path: Path) -> None:
    content = f"""
    {HEADER}
    SO1,1,2026-02-30,C1,甲公司,R1,张三,华东,P1,空调,2,0.1,1000.00,600.00,,0,,
    """
    assert rejected(lake, tmp_path, content)[0].reason == "not_a_date"


def test_rejected_file_leaves_the_lake_byte_identical(lake: Lake, tmp_path: Path) -> None:
    ingest_file(write_csv(tmp_path, "orders.csv", ORDERS), "orders", lake)
    before = lake_bytes(lake)
    content = f"""
    {HEADER}
    SO9,1,2026-10-09,C9,丙公司,R1,张三,华东,P1,空调,1,0,900.00,500.00,,0,,
    SO9,2,not-a-date,C9,丙公司,R1,张三,华东,P1,空调,1,0,900.00,500.00,,0,,
    """
    rejected(lake, tmp_path, content)
    assert lake_bytes(lake) == before


def test_blank_and_total_rows_are_skipped_and_reported(lake: Lake, tmp_path: Path) -> None:
    content = f"""
    {HEADER}
    SO1,1,2026-10-03,C1,甲公司,R1,张三,华东,P1,空调,2,0.1,1000.00,600.00,,0,,
    ,,,,,,,,,,,,,,,,,
    合计,,,,,,,,,,,,1000.00,600.00,,,,
    """
    result = ingest_file(write_csv(tmp_path, "orders.csv", content), "orders", lake)
    assert result.inserted == 1
    assert result.skipped == [3, 4]


def test_money_rounds_half_away_from_zero(lake: Lake, tmp_path: Path) -> None:
    content = f"""
    {HEADER}
    SO1,1,2026-10-03,C1,甲公司,R1,张三,华东,P1,空调,2,0,1000.00005,-2.67505,,0,,
    """
    ingest_file(write_csv(tmp_path, "orders.csv", content), "orders", lake)
    row = lake.read_table("orders").row(0, named=True)
    # money keeps four places (issue 11); only a fifth is rounded
    assert (row["revenue"], row["cost"]) == (Decimal("1000.0001"), Decimal("-2.6751"))


def test_quota_months_and_optional_defaults(lake: Lake, tmp_path: Path) -> None:
    content = """
    month,rep_id,region,revenue_quota
    2026-10,R1,华东,"10,000"
    """
    ingest_file(write_csv(tmp_path, "quotas.csv", content), "quotas", lake)
    stored = lake.read_table("quotas").drop("rep_name")
    assert stored.to_dicts() == [
        {
            "month": "2026-10",
            "rep_id": "R1",
            "region": "华东",
            "revenue_quota": Decimal("10000.00"),
            "expense_budget": None,  # unknown, not 0 (issue 11)
            "visit_target": None,
        }
    ]


def test_visit_without_region_takes_the_reps_region(lake: Lake, tmp_path: Path) -> None:
    quotas = """
    month,rep_id,region,revenue_quota
    2026-10,R1,华东,1000
    """
    visits = """
    visit_id,visit_date,rep_id,customer_id,expense
    V1,2026-10-05,R1,C1,120.50
    V2,2026-10-06,R9,C2,
    """
    ingest_file(write_csv(tmp_path, "quotas.csv", quotas), "quotas", lake)
    ingest_file(write_csv(tmp_path, "visits.csv", visits), "visits", lake)
    stored = lake.read_table("visits").sort("visit_id")
    assert stored["region"].to_list() == ["华东", None]
    assert stored["expense"].to_list() == [Decimal("120.50"), None]  # unknown (issue 11)


def test_market_category_defaults_to_whole_market(lake: Lake, tmp_path: Path) -> None:
    content = """
    month,region,market_size
    2026-10,华东,5000000
    """
    ingest_file(write_csv(tmp_path, "market.csv", content), "market", lake)
    assert lake.read_table("market")["category"].to_list() == [""]


def test_chinese_synonym_headers_are_mapped(lake: Lake, tmp_path: Path) -> None:
    content = """
    订单号,订单日期,客户编号,业务员编号,区域,销售额,成本
    SO1,2026/10/3,00123,R1,华东,"¥1,234.50",800
    """
    ingest_file(write_csv(tmp_path, "orders.csv", content), "orders", lake)
    row = lake.read_table("orders").row(0, named=True)
    assert row["customer_id"] == "00123"
    assert row["order_date"] == dt.date(2026, 10, 3)
    assert row["revenue"] == Decimal("1234.50")


def test_parsed_frame_has_contract_types(lake: Lake, tmp_path: Path) -> None:
    ingest_file(write_csv(tmp_path, "orders.csv", ORDERS), "orders", lake)
    schema = lake.read_table("orders").schema
    assert schema["revenue"] == pl.Decimal(18, 4)
    assert schema["order_date"] == pl.Date
    assert schema["line_no"] == pl.Int64

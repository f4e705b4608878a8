"""The sample exports shipped in data/samples/ (what a manager can try the upload with), and
what they change on the demo lake: only what a 华东 manager would (issue 11 §4)."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from sales_dash.demo import build_demo
from sales_dash.ingest import Mode, ingest_file
from sales_dash.lake import Lake
from sales_dash.settings import PROJECT_ROOT

SAMPLES = PROJECT_ROOT / "data" / "samples"
ORDERS = "订单明细_华东_2026-10.csv"
QUOTAS = "销售指标_华东_2026Q4.xlsx"
VISITS = "visits_east_2026-10.csv"
ORDERS_TOTAL = Decimal("2304425.99")
"""The sample's 合计 row: the sum of its 200 lines' 销售金额."""


@pytest.mark.parametrize(
    ("name", "table", "rows", "encoding"),
    [
        (ORDERS, "orders", 200, "gbk"),
        (QUOTAS, "quotas", 27, "xlsx"),
        (VISITS, "visits", 91, "utf-8-sig"),
    ],
)
def test_sample_exports_ingest(
    tmp_path: Path, name: str, table: str, rows: int, encoding: str
) -> None:
    result = ingest_file(SAMPLES / name, table, Lake(tmp_path / "lake"))
    assert (result.inserted, result.encoding) == (rows, encoding)


@pytest.fixture
def demo_copy(demo_lake: Lake, tmp_path: Path) -> Lake:
    """A copy of the session's demo lake (built on 2026-11-23, seed 7) to write into."""
    return Lake(shutil.copytree(demo_lake.root, tmp_path / "lake"))


def by_key(frame: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    return frame.sort(key)


def test_the_orders_sample_adds_east_lines_and_touches_nothing_else(demo_copy: Lake) -> None:
    before = demo_copy.read_table("orders")
    parts_before = dict(demo_copy.manifest().partitions["orders"])

    result = ingest_file(SAMPLES / ORDERS, "orders", demo_copy)

    # 200 lines, 111 orders numbered HD26100001… by 华东's ERP: none is a demo order
    assert (result.inserted, result.updated, result.unchanged, result.deleted) == (200, 0, 0, 0)
    assert result.plan is not None and result.plan.moved_lines == 0
    after = demo_copy.read_table("orders")
    key = ["order_id", "line_no"]
    kept = after.filter(~pl.col("order_id").str.starts_with("HD"))
    assert by_key(kept, key).equals(by_key(before, key))  # every demo line as it was
    added = after.filter(pl.col("order_id").str.starts_with("HD"))
    assert added.height == 200
    assert added["order_id"].n_unique() == 111
    assert added["region"].unique().to_list() == ["华东"]
    assert added["order_date"].dt.strftime("%Y-%m").unique().to_list() == ["2026-10"]
    assert added["revenue"].sum() == ORDERS_TOTAL
    parts_after = demo_copy.manifest().partitions["orders"]
    assert {m: p for m, p in parts_after.items() if m != "2026-10"} == {
        m: p for m, p in parts_before.items() if m != "2026-10"
    }
    again = ingest_file(SAMPLES / ORDERS, "orders", demo_copy)
    assert again.noop


def test_replacing_east_october_with_the_sample_leaves_other_regions_alone(
    demo_copy: Lake,
) -> None:
    october = demo_copy.read_table("orders", ["2026-10"])
    east = october.filter(pl.col("region") == "华东").height
    others = october.filter(pl.col("region") != "华东").sort("order_id", "line_no")

    result = ingest_file(SAMPLES / ORDERS, "orders", demo_copy, mode=Mode.REPLACE_MONTHS)

    assert (result.inserted, result.deleted) == (200, east)
    assert result.plan is not None
    assert result.plan.deletions.rows() == [("2026-10", "华东", east)]
    after = demo_copy.read_table("orders", ["2026-10"])
    assert after.filter(pl.col("region") != "华东").sort("order_id", "line_no").equals(others)
    assert after.filter(pl.col("region") == "华东")["order_id"].str.starts_with("HD").all()


def test_the_visits_sample_adds_east_visits_only(demo_copy: Lake) -> None:
    before = demo_copy.read_table("visits")
    result = ingest_file(SAMPLES / VISITS, "visits", demo_copy)
    assert (result.inserted, result.updated, result.deleted) == (91, 0, 0)
    assert result.plan is not None and result.plan.moved_lines == 0
    after = demo_copy.read_table("visits")
    kept = after.filter(~pl.col("visit_id").str.starts_with("HDV"))
    assert kept.sort("visit_id").equals(before.sort("visit_id"))
    assert after.height - before.height == 91


def test_the_quotas_sample_corrects_east_quotas_only(demo_copy: Lake) -> None:
    before = demo_copy.read_table("quotas")
    result = ingest_file(SAMPLES / QUOTAS, "quotas", demo_copy)
    # 9 华东 reps x Oct-Dec 2026, all in the demo already, with the sheet's own figures
    assert (result.inserted, result.updated, result.deleted) == (0, 27, 0)
    assert result.plan is not None and result.plan.moved_lines == 0
    after = demo_copy.read_table("quotas")
    key = ["month", "rep_id"]
    untouched = (pl.col("region") != "华东") | (pl.col("month") < "2026-10")
    assert after.filter(untouched).sort(key).equals(before.filter(untouched).sort(key))
    october = after.filter((pl.col("month") == "2026-10") & (pl.col("rep_id") == "S001"))
    assert october.select("rep_name", "revenue_quota").row(0) == ("彭华", Decimal("3032000"))


@pytest.mark.parametrize("today", [dt.date(2026, 12, 31), dt.date(2028, 2, 29)])
def test_the_samples_move_nothing_whatever_day_the_demo_is_built(
    tmp_path: Path, today: dt.date
) -> None:
    """The demo follows the day it is built: its order and visit numbers shift, its
    company (customers, reps, regions) does not; the samples use their own numbers."""
    lake = Lake(tmp_path / "lake")
    build_demo(lake, seed=7, rows=3_000, today=today)
    for name, table in ((ORDERS, "orders"), (VISITS, "visits"), (QUOTAS, "quotas")):
        result = ingest_file(SAMPLES / name, table, lake, dry_run=True)
        assert result.plan is not None and result.plan.moved_lines == 0, name
        assert result.deleted == 0
    orders = ingest_file(SAMPLES / ORDERS, "orders", lake, dry_run=True)
    assert (orders.inserted, orders.updated) == (200, 0)
    # the sample's customers are the demo's, with the same rep, name and region
    assert orders.prepared is not None
    sample = orders.prepared.rows.select("customer_id", "customer_name", "rep_id", "region")
    demo = lake.read_table("orders").select(sample.columns).unique()
    joined = sample.unique().join(demo, on="customer_id", how="inner", suffix="_demo")
    assert joined.height > 0
    for column in ("customer_name", "rep_id", "region"):
        assert (joined[column] == joined[f"{column}_demo"]).all(), column

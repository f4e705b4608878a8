"""The demo company: deterministic for a seed, realistic in shape (never in exact values)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from sales_dash.demo import REGIONS, build_demo
from sales_dash.engine.metrics import compute_metric
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from tests.conftest import DEMO_TODAY

TODAY = dt.date(2026, 11, 23)


def _tables(lake: Lake) -> dict[str, pl.DataFrame]:
    return {t: lake.read_table(t) for t in ("orders", "visits", "quotas", "market")}


def test_same_seed_same_lake(tmp_path: Path) -> None:
    first, second = Lake(tmp_path / "a"), Lake(tmp_path / "b")
    build_demo(first, seed=3, rows=3_000, today=TODAY)
    build_demo(second, seed=3, rows=3_000, today=TODAY)
    for table, frame in _tables(first).items():
        assert frame.equals(_tables(second)[table]), table


def test_other_seed_other_lake(tmp_path: Path) -> None:
    first, second = Lake(tmp_path / "a"), Lake(tmp_path / "b")
    build_demo(first, seed=3, rows=3_000, today=TODAY)
    build_demo(second, seed=4, rows=3_000, today=TODAY)
    assert not first.read_table("orders").equals(second.read_table("orders"))


def test_demo_shape(demo_lake: Lake) -> None:
    orders = demo_lake.read_table("orders")
    assert 19_000 <= orders.height <= 21_000
    assert orders["order_date"].min() == dt.date(DEMO_TODAY.year - 2, 1, 1)
    assert orders["order_date"].max() <= DEMO_TODAY
    assert set(orders["region"].unique()) == set(REGIONS)
    assert orders["rep_id"].n_unique() == 40
    assert 1_000 <= orders["customer_id"].n_unique() <= 1_500
    assert 4 <= orders["category"].n_unique() <= 6
    assert orders.filter(pl.col("status") == "cancelled").height > 0
    assert orders.filter(pl.col("revenue") < 0).height > 0
    assert orders.filter(pl.col("discount_rate") > 0.15).height > 0
    assert orders.select(pl.struct("order_id", "line_no").is_unique().all()).item()

    quotas = demo_lake.read_table("quotas")
    # every rep has a quota for every month through the end of the current year
    assert quotas.height == 40 * 36
    assert demo_lake.read_table("visits").height > 1_000
    market = demo_lake.read_table("market")
    assert set(market["category"].unique()) >= {"", "空调"}


def test_demo_has_reps_ahead_and_behind(demo_lake: Lake) -> None:
    october = compute_metric(
        demo_lake, "attainment", dt.date(2026, 10, 1), dt.date(2026, 10, 31), by="rep"
    )
    assert october.height == 40
    assert october["attainment"].max() > 1.05
    assert october["attainment"].min() < 0.8


def test_demo_is_seasonal(demo_lake: Lake) -> None:
    months = compute_metric(
        demo_lake, "margin", dt.date(2025, 1, 1), dt.date(2025, 12, 31), by="month"
    )
    revenue = dict(zip(months["month"], months["revenue"], strict=True))
    assert revenue["2025-02"] < revenue["2025-01"]  # Spring Festival dip
    assert revenue["2025-11"] > revenue["2025-10"]  # 双11


def test_demo_ages_receivables(demo_lake: Lake) -> None:
    aging = compute_metric(
        demo_lake, "collection", dt.date(2026, 1, 1), DEMO_TODAY, filters=Filters()
    ).row(0, named=True)
    assert all(aging[bucket] > 0 for bucket in ("not_due", "d1_30", "d31_60", "d90_plus"))


def test_demo_writes_its_lines_in_the_lakes_order(demo_lake: Lake) -> None:
    # the demo's month files skip the write's sort (Lake.write_partition(ordered=True)):
    # each must come out as the sort would have left it
    for path in demo_lake.files("orders"):
        lines = pl.read_parquet(path)
        assert lines.equals(lines.sort("order_date", "order_id", "line_no")), path

"""The overview's alerts on a lake written here, every value worked out by hand.

January 2026; thresholds are the settings' defaults: pacing gap below −0.10, collection
rate below 0.90, budget usage above 1 (or projected above 1 by an open period's run rate).

    R1 Alice, East:  quota 1000.00, budget 100.00; B1 on 01-05 1000.00, due 01-15, paid
                     in full on 01-14; visit expenses 150.00 on 01-06
    R2 Bob,   North: quota 1000.00, budget 100.00; B2 on 01-08 500.00, due 01-20, 100.00
                     paid on 01-25; visit expenses 60.00 on 01-09
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from sales_dash.engine.scope import Filters
from sales_dash.lake import Lake
from sales_dash.sections.alerts import ALERT_SCHEMA, alerts
from sales_dash.view import View
from tests.engine.conftest import write_lake

ORDERS_CSV = """\
order_id,line_no,order_date,customer_id,customer_name,rep_id,rep_name,region,product,category,\
quantity,discount_rate,revenue,cost,due_date,paid_amount,paid_date,status
B1,1,2026-01-05,C1,Acme,R1,Alice,East,Alpha,Hardware,1,0,1000.00,600.00,2026-01-15,1000.00,2026-01-14,
B2,1,2026-01-08,C2,Birch,R2,Bob,North,Alpha,Hardware,1,0,500.00,300.00,2026-01-20,100.00,2026-01-25,
"""
QUOTAS_CSV = """\
month,rep_id,rep_name,region,revenue_quota,expense_budget,visit_target
2026-01,R1,Alice,East,1000.00,100.00,2
2026-01,R2,Bob,North,1000.00,100.00,2
"""
VISITS_CSV = """\
visit_id,visit_date,rep_id,customer_id,region,visit_type,expense
V1,2026-01-06,R1,C1,East,follow-up,150.00
V2,2026-01-09,R2,C2,North,follow-up,60.00
"""
JANUARY = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    tables = {"orders": ORDERS_CSV, "quotas": QUOTAS_CSV, "visits": VISITS_CSV}
    return write_lake(tmp_path_factory.mktemp("alerts"), tables)


def _rows(frame: pl.DataFrame) -> list[tuple[Any, ...]]:
    assert frame.schema == ALERT_SCHEMA
    return [(*row[:4], pytest.approx(row[4]), row[5]) for row in frame.rows()]


def test_a_closed_month(lake: Lake) -> None:
    view = View(*JANUARY, as_of=dt.date(2026, 1, 31))
    assert _rows(alerts(lake, view)) == [
        # attainment R2 500/1000 = 0.5 with the whole month gone (time progress 1): −0.5;
        # R1 1000/1000 is on time (0). North is R2.
        ("pacing", "region", "North", "North", -0.5, -0.10),
        ("pacing", "rep", "R2", "Bob", -0.5, -0.10),
        # due in January: B2 500.00, of which 100.00 collected by 01-31: 0.2 (B1: 1.0)
        ("collection", "region", "North", "North", 0.2, 0.90),
        ("collection", "rep", "R2", "Bob", 0.2, 0.90),
        # budget usage R1 150/100 = 1.5; R2 60/100 = 0.6 is within it
        ("expense_overrun", "region", "East", "East", 1.5, 1.0),
        ("expense_overrun", "rep", "R1", "Alice", 1.5, 1.0),
    ]


def test_an_open_month_projects_the_budget(lake: Lake) -> None:
    # at 01-16, 16 of 31 days are gone: R2's attainment 0.5 is 16/31 − 0.5 ≈ 0.016 behind
    # (no alert), B2 is not due yet (no rate, no alert), and R2's usage 0.6 runs to
    # 0.6 / (16/31) = 1.1625 by the month's end
    view = View(*JANUARY, as_of=dt.date(2026, 1, 16))
    assert _rows(alerts(lake, view)) == [
        ("expense_overrun", "region", "East", "East", 1.5, 1.0),
        ("expense_overrun", "rep", "R1", "Alice", 1.5, 1.0),
        ("expense_projected", "region", "North", "North", 1.1625, 1.0),
        ("expense_projected", "rep", "R2", "Bob", 1.1625, 1.0),
    ]


def test_the_filters_choose_whose_alerts(lake: Lake) -> None:
    view = View(*JANUARY, as_of=dt.date(2026, 1, 31), filters=Filters(regions=("East",)))
    assert _rows(alerts(lake, view)) == [
        ("expense_overrun", "region", "East", "East", 1.5, 1.0),
        ("expense_overrun", "rep", "R1", "Alice", 1.5, 1.0),
    ]


def test_no_alert_is_an_empty_frame_of_the_alert_columns(lake: Lake) -> None:
    # December: no sales, no quota, nothing due, no expense
    view = View(dt.date(2025, 12, 1), dt.date(2025, 12, 31), as_of=dt.date(2025, 12, 31))
    assert _rows(alerts(lake, view)) == []

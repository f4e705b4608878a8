"""Golden tests for the metric engine: a tiny hand-made lake, every number worked out by hand.

The contract is SPEC §3 (data), §5 (metrics) and §6 (columns), plus the decisions recorded
where the SPEC is ambiguous (quoted as "D1".."D11" in the comments):

D1  as_of defaults to the latest order_date among non-cancelled lines.
D2  a ratio with denominator 0 or null is None; quota 0 or no quota row -> attainment None;
    quota > 0 and no sales -> revenue 0.00, attainment 0.0.
D3  by month / week: every calendar month / ISO week of the period is a row, clipped to the
    period, each computed as a period of its own (time progress, prorations, retention).
D4  without `by`: exactly one row, even when the filters match nothing; with a dimension
    `by` and nothing matching: zero rows.
D5  a category or product filter nulls the visits-based numbers and the targets; a customer
    filter nulls the targets and filters visits by customer_id.
D6  market size: the scope's regions (all market regions without a region filter), rows with
    category "" unless grouping or filtering by category; prorated by calendar days.
D7  collection groups: keys with due lines in the period or outstanding > 0 at as_of;
    outstanding and aging are a snapshot at as_of that ignores the period but not the
    filters; a line's paid_amount is money received on its paid_date (SPEC §5, issue 16):
    paid after as_of, it is neither collected nor settled at as_of.
D8  retention: the previous period is the same number of days right before start; a new
    customer is counted in the period, region and rep of its first non-cancelled line.
D9  ABC: only customers with revenue > 0 get A/B/C (cumulative share includes the customer
    itself; <= 0.70 A, <= 0.90 B, else C); D = not A/B/C with revenue > 0 in the 12 months
    before start.
D10 elapsed = days from start to min(as_of, end) inclusive (0 if as_of < start);
    time_progress = elapsed / days; forecast = revenue / elapsed * days; quota prorated by
    the month's days inside the period / days in the month.
D11 due/collected: lines with due_date in the period and <= as_of; an empty due_date is
    order_date + 30 days.
D12 an as_of inside the period cuts the flows at as_of (sales, costs, visits, expenses,
    new customers, retention's current window); targets (quota, budget) stay whole.
D13 the market size is prorated to the same days as the sales (period start to
    min(end, as_of)): an open month's share is sales to date over the market to date.

Default as_of of this lake is 2026-11-20 (SO-1106): SO-1107 on 2026-11-25 is cancelled.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from unittest.mock import ANY

import polars as pl
import pytest

from sales_dash.engine.metrics import Filters, compute_metric
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake

# --------------------------------------------------------------------------------------
# The lake
# --------------------------------------------------------------------------------------
# Customers: C1 Acme, C2 Birch (R1 Alice, East); C3 Cedar, C6 Fir (R2 Bob, East);
# C4 Delta, C7 Gale (R3 Carol, North); C5 Elm (R4 Dave, North).
# Products: Alpha, Beta (category Hardware); Gamma (category Software).
#
# Line notes (an empty due_date is order_date + 30 days, D11; aging is at as_of 2026-11-20):
#   SO-0301  C7's only line, in March: C7 is the D customer of ABC. Fully paid.
#   SO-0701  due 07-22+30 = 08-21 -> 91 days overdue (d90_plus)  outstanding 800
#   SO-0702  due 07-23+30 = 08-22 -> 90 days (d61_90)             outstanding 700-200 = 500
#   SO-0801  due 08-21+30 = 09-20 -> 61 days (d61_90)             outstanding 600
#   SO-0802  due 08-22+30 = 09-21 -> 60 days (d31_60)             outstanding 500
#   SO-0902  due 2026-11-19 given -> 1 day   (d1_30)              outstanding 300
#   SO-0903  due 2026-11-20 given -> 0 days  (not_due)            outstanding 200
#   SO-0905  due 09-20+30 = 10-20 -> 31 days (d31_60)             outstanding 400
#   SO-0906  due 09-21+30 = 10-21 -> 30 days (d1_30)              outstanding 250
#   SO-0904  due 09-18+30 = 10-18 -> 33 days (d31_60)             outstanding 900-500 = 400
#   SO-0907  due 10-25; paid in full on 11-24, after as_of: open at as_of, 26 days (D7)
#   SO-1001  C3's only October line, on 10-01; due 2026-11-25 given, after as_of
#   SO-1002  two lines; line 2 has discount 0.20 (over authority)
#   SO-1003  C5's first line (new customer in October); discount exactly 0.15 (not over)
#   SO-1005  cancelled, C6, discount 0.30: must vanish everywhere; C6 is new in November
#   SO-1006  a return: negative quantity, revenue and cost
#   SO-1102  discount 0.25 (over authority)
#   SO-1107  cancelled, 2026-11-25: must not move as_of
ORDERS_CSV = """\
order_id,line_no,order_date,customer_id,customer_name,rep_id,rep_name,region,product,category,\
quantity,discount_rate,revenue,cost,due_date,paid_amount,paid_date,status
SO-0301,1,2026-03-15,C7,Gale,R3,Carol,North,Beta,Hardware,2,0,700.00,490.00,,700.00,2026-04-10,
SO-0701,1,2026-07-22,C4,Delta,R3,Carol,North,Beta,Hardware,2,0,800.00,560.00,,0,,
SO-0702,1,2026-07-23,C4,Delta,R3,Carol,North,Beta,Hardware,2,0,700.00,490.00,,200.00,2026-08-30,
SO-0801,1,2026-08-21,C4,Delta,R3,Carol,North,Beta,Hardware,2,0,600.00,420.00,,0,,
SO-0802,1,2026-08-22,C4,Delta,R3,Carol,North,Beta,Hardware,1,0,500.00,350.00,,0,,
SO-0901,1,2026-09-10,C1,Acme,R1,Alice,East,Alpha,Hardware,8,0.05,4000.00,2400.00,,4000.00,2026-10-09,
SO-0902,1,2026-09-15,C4,Delta,R3,Carol,North,Beta,Hardware,1,0,300.00,210.00,2026-11-19,0,,
SO-0903,1,2026-09-15,C4,Delta,R3,Carol,North,Beta,Hardware,1,0,200.00,140.00,2026-11-20,0,,
SO-0904,1,2026-09-18,C2,Birch,R1,Alice,East,Beta,Hardware,3,0,900.00,600.00,,500.00,2026-10-15,
SO-0905,1,2026-09-20,C4,Delta,R3,Carol,North,Beta,Hardware,1,0,400.00,280.00,,0,,
SO-0906,1,2026-09-21,C4,Delta,R3,Carol,North,Beta,Hardware,1,0,250.00,175.00,,0,,
SO-0907,1,2026-09-25,C3,Cedar,R2,Bob,East,Gamma,Software,1,0,1500.00,600.00,,1500.00,2026-11-24,
SO-1001,1,2026-10-01,C3,Cedar,R2,Bob,East,Gamma,Software,1,0,2000.00,800.00,2026-11-25,0,,
SO-1002,1,2026-10-05,C1,Acme,R1,Alice,East,Alpha,Hardware,10,0.10,5000.00,3000.00,,5000.00,2026-11-02,
SO-1002,2,2026-10-05,C1,Acme,R1,Alice,East,Gamma,Software,2,0.20,2000.00,500.00,,1000.00,2026-11-02,
SO-1003,1,2026-10-08,C5,Elm,R4,Dave,North,Beta,Hardware,2,0.15,400.00,300.00,,400.00,2026-11-05,
SO-1004,1,2026-10-12,C2,Birch,R1,Alice,East,Alpha,Hardware,2,0,1000.00,600.00,,0,,
SO-1005,1,2026-10-14,C6,Fir,R2,Bob,East,Beta,Hardware,5,0.30,3000.00,2000.00,,0,,cancelled
SO-1006,1,2026-10-20,C2,Birch,R1,Alice,East,Alpha,Hardware,-1,0,-400.00,-250.00,,0,,
SO-1101,1,2026-11-03,C1,Acme,R1,Alice,East,Alpha,Hardware,6,0.10,3000.00,1800.00,,0,,
SO-1102,1,2026-11-10,C3,Cedar,R2,Bob,East,Gamma,Software,1,0.25,1500.00,600.00,,0,,
SO-1103,1,2026-11-12,C4,Delta,R3,Carol,North,Beta,Hardware,2,0,800.00,560.00,,0,,
SO-1104,1,2026-11-16,C5,Elm,R4,Dave,North,Beta,Hardware,3,0,600.00,450.00,,0,,
SO-1105,1,2026-11-18,C6,Fir,R2,Bob,East,Beta,Hardware,4,0.05,1200.00,840.00,,0,,
SO-1106,1,2026-11-20,C1,Acme,R1,Alice,East,Gamma,Software,1,0,900.00,300.00,,0,,
SO-1107,1,2026-11-25,C2,Birch,R1,Alice,East,Alpha,Hardware,10,0,5000.00,3000.00,,0,,cancelled
"""

# R4 Dave has a zero quota in October and no quota row at all in November.
QUOTAS_CSV = """\
month,rep_id,rep_name,region,revenue_quota,expense_budget,visit_target
2026-09,R1,Alice,East,10000.00,600.00,4
2026-09,R2,Bob,East,8000.00,400.00,3
2026-09,R3,Carol,North,6000.00,300.00,3
2026-10,R1,Alice,East,10000.00,600.00,4
2026-10,R2,Bob,East,8000.00,400.00,3
2026-10,R3,Carol,North,6000.00,300.00,3
2026-10,R4,Dave,North,0.00,200.00,2
2026-11,R1,Alice,East,12000.00,600.00,4
2026-11,R2,Bob,East,9000.00,450.00,3
2026-11,R3,Carol,North,6000.00,300.00,3
"""

# V05 leaves region empty: it is R4 Dave's region, North. V08 leaves expense empty: 0.
VISITS_CSV = """\
visit_id,visit_date,rep_id,customer_id,region,visit_type,expense
V00,2026-09-28,R1,C1,East,follow-up,60.00
V01,2026-10-02,R1,C1,East,follow-up,150.00
V02,2026-10-09,R1,C2,East,follow-up,100.00
V03,2026-10-15,R2,C3,East,service,80.00
V04,2026-10-22,R3,C4,North,follow-up,120.00
V05,2026-10-29,R4,C5,,new,50.00
V06,2026-11-04,R1,C1,East,follow-up,200.00
V07,2026-11-11,R2,C6,East,new,90.00
V08,2026-11-17,R3,C4,North,service,
"""

# West has a market but no sales. Category "" is the whole market of the region.
MARKET_CSV = """\
month,region,category,market_size
2026-10,East,,100000.00
2026-10,North,,50000.00
2026-10,West,,20000.00
2026-10,East,Hardware,60000.00
2026-10,North,Hardware,30000.00
2026-10,East,Software,40000.00
2026-11,East,,93000.00
2026-11,North,,45000.00
2026-11,West,,18000.00
2026-11,East,Hardware,54000.00
2026-11,North,Hardware,27000.00
2026-11,East,Software,39000.00
"""

# The periods used below. Days: October 31, November 30, CUT 16 + 15 = 31.
OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
CUT = (dt.date(2026, 10, 16), dt.date(2026, 11, 15))  # cuts both months in half

# Non-cancelled order lines per period, used again and again below:
#   October:  SO-1001 C3/R2 2000 (cost 800), SO-1002/1 C1/R1 5000 (3000),
#             SO-1002/2 C1/R1 2000 (500), SO-1003 C5/R4 400 (300), SO-1004 C2/R1 1000 (600),
#             SO-1006 C2/R1 -400 (-250)
#             revenue 2000+5000+2000+400+1000-400 = 10000; cost 800+3000+500+300+600-250 = 4950
#             R1 5000+2000+1000-400 = 7600; R2 2000; R3 0; R4 400
#   November: SO-1101 C1/R1 3000 (1800), SO-1102 C3/R2 1500 (600), SO-1103 C4/R3 800 (560),
#             SO-1104 C5/R4 600 (450), SO-1105 C6/R2 1200 (840), SO-1106 C1/R1 900 (300)
#             revenue 3000+1500+800+600+1200+900 = 8000
#             R1 3000+900 = 3900; R2 1500+1200 = 2700; R3 800; R4 600
#   CUT:      SO-1006 -400 (10-20), SO-1101 3000, SO-1102 1500, SO-1103 800 -> 4900


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    """The hand-made lake: the four CSVs above, ingested through the real upload path."""
    base = tmp_path_factory.mktemp("golden")
    lake = Lake(base / "lake")
    for table, text in (
        ("orders", ORDERS_CSV),
        ("quotas", QUOTAS_CSV),
        ("visits", VISITS_CSV),
        ("market", MARKET_CSV),
    ):
        path = base / f"{table}.csv"
        path.write_text(text, encoding="utf-8")
        ingest_file(path, table, lake)
    return lake


# --------------------------------------------------------------------------------------
# Comparing results
# --------------------------------------------------------------------------------------
EXACT_MONEY = {
    "revenue", "cost", "gross_profit", "due_amount", "collected", "outstanding",
    "not_due", "d1_30", "d31_60", "d61_90", "d90_plus", "expense",
}  # fmt: skip
PRORATED_MONEY = {"quota", "forecast", "expense_budget", "market_size"}
COUNTS = {"visits", "new_customers", "lines"}


def money(text: str | None) -> Decimal | None:
    """Exact money, as the engine must return it."""
    return None if text is None else Decimal(text)


def prorated(value: float | None) -> Any:
    """Money that may be prorated: compared as float to the cent."""
    return None if value is None else pytest.approx(value, abs=0.01)


def ratio(value: float | None) -> Any:
    """A ratio (0-1 scale, float) or None."""
    return None if value is None else pytest.approx(value, abs=1e-9)


def _normalise(row: dict[str, Any]) -> dict[str, Any]:
    """Check each value's type, then make prorated money comparable with approx."""
    out = dict(row)
    for column, value in row.items():
        if value is None:
            continue
        if column in EXACT_MONEY:
            assert isinstance(value, Decimal), f"{column}={value!r} is not a Decimal"
            assert value.as_tuple().exponent == -2, f"{column}={value!r} has not 2 places"
        elif column in PRORATED_MONEY:
            out[column] = float(value)
        elif column in COUNTS:
            assert type(value) is int, f"{column}={value!r} is not an int"
    return out


def assert_rows(frame: pl.DataFrame, expected: list[dict[str, Any]]) -> None:
    """Whole rows: same columns in the same order, same values, same row order."""
    if expected:
        assert frame.columns == list(expected[0])
    assert [_normalise(row) for row in frame.to_dicts()] == expected


def metric(lake: Lake, name: str, period: tuple[dt.date, dt.date], **kwargs: Any) -> pl.DataFrame:
    return compute_metric(lake, name, period[0], period[1], **kwargs)


def attainment_row(
    *, revenue, quota, attainment, time_progress, pacing_gap, forecast, forecast_attainment
) -> dict[str, Any]:
    return {
        "revenue": money(revenue),
        "quota": prorated(quota),
        "attainment": ratio(attainment),
        "time_progress": ratio(time_progress),
        "pacing_gap": ratio(pacing_gap),
        "forecast": prorated(forecast),
        "forecast_attainment": ratio(forecast_attainment),
    }


def margin_row(*, revenue, cost, gross_profit, gross_margin) -> dict[str, Any]:
    return {
        "revenue": money(revenue),
        "cost": money(cost),
        "gross_profit": money(gross_profit),
        "gross_margin": ratio(gross_margin),
    }


def collection_row(
    *, due_amount, collected, collection_rate, outstanding, not_due, d1_30, d31_60, d61_90,
    d90_plus,
) -> dict[str, Any]:  # fmt: skip
    return {
        "due_amount": money(due_amount),
        "collected": money(collected),
        "collection_rate": ratio(collection_rate),
        "outstanding": money(outstanding),
        "not_due": money(not_due),
        "d1_30": money(d1_30),
        "d31_60": money(d31_60),
        "d61_90": money(d61_90),
        "d90_plus": money(d90_plus),
    }


def expense_row(*, expense, revenue, expense_ratio, expense_budget, budget_usage) -> dict:
    return {
        "expense": money(expense),
        "revenue": money(revenue),
        "expense_ratio": ratio(expense_ratio),
        "expense_budget": prorated(expense_budget),
        "budget_usage": ratio(budget_usage),
    }


def market_row(*, revenue, market_size, market_share) -> dict[str, Any]:
    return {
        "revenue": money(revenue),
        "market_size": prorated(market_size),
        "market_share": ratio(market_share),
    }


def activity_row(*, visits, visits_per_week, new_customers, retention_rate) -> dict:
    return {
        "visits": visits,
        "visits_per_week": ratio(visits_per_week),
        "new_customers": new_customers,
        "retention_rate": ratio(retention_rate),
    }


def abc_row(customer_id, customer_name, revenue, revenue_share, cumulative_share, abc_class):
    return {
        "customer_id": customer_id,
        "customer_name": customer_name,
        "revenue": money(revenue),
        "revenue_share": revenue_share,
        "cumulative_share": cumulative_share,
        "abc_class": abc_class,
    }


ALICE = {"rep_id": "R1", "rep_name": "Alice"}
BOB = {"rep_id": "R2", "rep_name": "Bob"}
CAROL = {"rep_id": "R3", "rep_name": "Carol"}
DAVE = {"rep_id": "R4", "rep_name": "Dave"}
NOBODY = Filters(regions=("South",))  # a region with no data at all
HARDWARE = Filters(categories=("Hardware",))


# --------------------------------------------------------------------------------------
# attainment
# --------------------------------------------------------------------------------------
def test_as_of_defaults_to_latest_non_cancelled_order(lake: Lake) -> None:
    # Latest non-cancelled order_date is 2026-11-20 (SO-1106), not 11-25 (SO-1107, cancelled):
    # November elapsed = 11-01..11-20 = 20 days of 30 -> 2/3 (11-25 would give 25/30).
    default = metric(lake, "attainment", NOV)
    explicit = metric(lake, "attainment", NOV, as_of=dt.date(2026, 11, 20))
    assert default.to_dicts() == explicit.to_dicts()
    assert default["time_progress"][0] == pytest.approx(20 / 30, abs=1e-9)


def test_attainment_closed_month_by_rep(lake: Lake) -> None:
    # October, as_of 11-20 >= end: elapsed 31 of 31, time_progress 1, forecast = revenue.
    assert_rows(
        metric(lake, "attainment", OCT, by="rep"),
        [
            ALICE  # 7600 / 10000 = 0.76
            | attainment_row(revenue="7600.00", quota=10000, attainment=0.76, time_progress=1.0,
                             pacing_gap=0.76 - 1, forecast=7600, forecast_attainment=0.76),
            BOB  # 2000 / 8000 = 0.25; the cancelled SO-1005 (3000) is not Bob's revenue
            | attainment_row(revenue="2000.00", quota=8000, attainment=0.25, time_progress=1.0,
                             pacing_gap=0.25 - 1, forecast=2000, forecast_attainment=0.25),
            CAROL  # quota 6000 and no October sales: 0 / 6000 = 0.0, not None
            | attainment_row(revenue="0.00", quota=6000, attainment=0.0, time_progress=1.0,
                             pacing_gap=0.0 - 1, forecast=0, forecast_attainment=0.0),
            DAVE  # zero quota row: 400 / 0 -> None, and so the gap and forecast attainment
            | attainment_row(revenue="400.00", quota=0, attainment=None, time_progress=1.0,
                             pacing_gap=None, forecast=400, forecast_attainment=None),
        ],
    )  # fmt: skip


def test_attainment_closed_month_total(lake: Lake) -> None:
    # revenue 10000 (return -400 counts, cancelled 3000 does not);
    # quota 10000 + 8000 + 6000 + 0 = 24000; 10000 / 24000 = 5/12.
    assert_rows(
        metric(lake, "attainment", OCT),
        [attainment_row(revenue="10000.00", quota=24000, attainment=5 / 12, time_progress=1.0,
                        pacing_gap=5 / 12 - 1, forecast=10000, forecast_attainment=5 / 12)],
    )  # fmt: skip


def test_attainment_by_region(lake: Lake) -> None:
    # East: R1 7600 + R2 2000 = 9600 / (10000 + 8000) = 8/15.
    # North: R3 0 + R4 400 = 400 / (6000 + 0) = 1/15.
    assert_rows(
        metric(lake, "attainment", OCT, by="region"),
        [
            {"region": "East"}
            | attainment_row(revenue="9600.00", quota=18000, attainment=8 / 15, time_progress=1.0,
                             pacing_gap=8 / 15 - 1, forecast=9600, forecast_attainment=8 / 15),
            {"region": "North"}
            | attainment_row(revenue="400.00", quota=6000, attainment=1 / 15, time_progress=1.0,
                             pacing_gap=1 / 15 - 1, forecast=400, forecast_attainment=1 / 15),
        ],
    )  # fmt: skip


def test_attainment_open_month_by_rep(lake: Lake) -> None:
    # November, as_of 11-20: elapsed 20 of 30, time_progress 2/3, forecast = revenue / 20 * 30.
    tp = 20 / 30
    assert_rows(
        metric(lake, "attainment", NOV, by="rep"),
        [
            ALICE  # 3000 + 900 = 3900; 3900 / 12000 = 0.325; forecast 3900 / 20 * 30 = 5850
            | attainment_row(revenue="3900.00", quota=12000, attainment=0.325, time_progress=tp,
                             pacing_gap=0.325 - tp, forecast=5850,
                             forecast_attainment=5850 / 12000),
            BOB  # 1500 + 1200 = 2700; 2700 / 9000 = 0.3; forecast 2700 / 20 * 30 = 4050
            | attainment_row(revenue="2700.00", quota=9000, attainment=0.3, time_progress=tp,
                             pacing_gap=0.3 - tp, forecast=4050, forecast_attainment=4050 / 9000),
            CAROL  # 800 / 6000 = 2/15; forecast 800 / 20 * 30 = 1200
            | attainment_row(revenue="800.00", quota=6000, attainment=2 / 15, time_progress=tp,
                             pacing_gap=2 / 15 - tp, forecast=1200,
                             forecast_attainment=1200 / 6000),
            DAVE  # sales and no quota row in November: quota 0, attainment None
            | attainment_row(revenue="600.00", quota=0, attainment=None, time_progress=tp,
                             pacing_gap=None, forecast=600 / 20 * 30, forecast_attainment=None),
        ],
    )  # fmt: skip


def test_attainment_open_month_total(lake: Lake) -> None:
    # 8000 / (12000 + 9000 + 6000 = 27000) = 8/27; gap 8/27 - 18/27 = -10/27;
    # forecast 8000 / 20 * 30 = 12000; 12000 / 27000 = 4/9.
    assert_rows(
        metric(lake, "attainment", NOV),
        [attainment_row(revenue="8000.00", quota=27000, attainment=8 / 27, time_progress=20 / 30,
                        pacing_gap=-10 / 27, forecast=12000, forecast_attainment=4 / 9)],
    )  # fmt: skip


def test_attainment_period_cutting_months_prorates_quota(lake: Lake) -> None:
    # CUT 10-16..11-15: October 16 of 31 days, November 15 of 30 days; closed (31 of 31).
    # quota = 24000 * 16/31 + 27000 * 15/30 = 12387.10 + 13500 = 25887.10
    # revenue = -400 + 3000 + 1500 + 800 = 4900
    quota = 24000 * 16 / 31 + 27000 * 15 / 30
    assert_rows(
        metric(lake, "attainment", CUT),
        [attainment_row(revenue="4900.00", quota=quota, attainment=4900 / quota,
                        time_progress=1.0, pacing_gap=4900 / quota - 1, forecast=4900,
                        forecast_attainment=4900 / quota)],
    )  # fmt: skip


def test_attainment_by_month_splits_and_clips_the_period(lake: Lake) -> None:
    # 10-16..11-30 by month: "2026-10" is 10-16..10-31 (16 days, closed),
    # "2026-11" is the whole of November (open: 20 of 30 days, as in the November test).
    october_quota = 24000 * 16 / 31  # 12387.10
    assert_rows(
        metric(lake, "attainment", (dt.date(2026, 10, 16), NOV[1]), by="month"),
        [
            {"month": "2026-10"}  # only the return SO-1006: -400; forecast -400 / 16 * 16
            | attainment_row(revenue="-400.00", quota=october_quota,
                             attainment=-400 / october_quota, time_progress=1.0,
                             pacing_gap=-400 / october_quota - 1, forecast=-400,
                             forecast_attainment=-400 / october_quota),
            {"month": "2026-11"}
            | attainment_row(revenue="8000.00", quota=27000, attainment=8 / 27,
                             time_progress=20 / 30, pacing_gap=-10 / 27, forecast=12000,
                             forecast_attainment=4 / 9),
        ],
    )  # fmt: skip


def test_attainment_with_category_filter_has_no_targets(lake: Lake) -> None:
    # Hardware in October: 5000 + 400 + 1000 - 400 = 6000 (cancelled Beta 3000 left out).
    # Targets are per rep and month only: quota, attainment, forecast_attainment are None.
    assert_rows(
        metric(lake, "attainment", OCT, filters=HARDWARE),
        [attainment_row(revenue="6000.00", quota=None, attainment=None, time_progress=1.0,
                        pacing_gap=None, forecast=6000, forecast_attainment=None)],
    )  # fmt: skip


def test_attainment_with_customer_filter_has_no_targets(lake: Lake) -> None:
    # C1 Acme in October: 5000 + 2000 = 7000.
    assert_rows(
        metric(lake, "attainment", OCT, filters=Filters(customers=("C1",))),
        [attainment_row(revenue="7000.00", quota=None, attainment=None, time_progress=1.0,
                        pacing_gap=None, forecast=7000, forecast_attainment=None)],
    )  # fmt: skip


def test_attainment_with_rep_filter(lake: Lake) -> None:
    # Same numbers as Alice's row of the October by-rep test.
    assert_rows(
        metric(lake, "attainment", OCT, filters=Filters(reps=("R1",))),
        [attainment_row(revenue="7600.00", quota=10000, attainment=0.76, time_progress=1.0,
                        pacing_gap=0.76 - 1, forecast=7600, forecast_attainment=0.76)],
    )  # fmt: skip


def test_attainment_as_of_before_start_has_no_time_elapsed(lake: Lake) -> None:
    # as_of 10-31 < start 11-01: elapsed 0, time_progress 0, forecast revenue / 0 -> None.
    # D12: flows stop at as_of, so nothing of November is counted yet: revenue 0,
    # attainment 0 / 27000 = 0, pacing 0 - 0 = 0.
    assert_rows(
        metric(lake, "attainment", NOV, as_of=dt.date(2026, 10, 31)),
        [attainment_row(revenue="0.00", quota=27000, attainment=0.0, time_progress=0.0,
                        pacing_gap=0.0, forecast=None, forecast_attainment=None)],
    )  # fmt: skip


# D12 (decided with the dashboard): an as-of inside the period cuts the flows (sales,
# costs, visits, expenses, new customers, the current window of retention) at as_of,
# the same cut time progress and the run-rate forecast make; targets stay whole.
AS_OF_NOV_12 = dt.date(2026, 11, 12)


def test_attainment_as_of_inside_the_period_counts_sales_up_to_it(lake: Lake) -> None:
    # November lines up to 11-12: SO-1101 3000 + SO-1102 1500 + SO-1103 800 = 5300
    # (SO-1104 11-16, SO-1105 11-18, SO-1106 11-20 come after as_of).
    # quota R1 12000 + R2 9000 + R3 6000 = 27000 (R4 has no November row)
    # attainment 5300 / 27000 = 0.196296296; time 12 / 30 = 0.4; gap -0.203703704
    # forecast 5300 / 12 * 30 = 13250.00; forecast attainment 13250 / 27000 = 0.490740741
    assert_rows(
        metric(lake, "attainment", NOV, as_of=AS_OF_NOV_12),
        [attainment_row(revenue="5300.00", quota=27000, attainment=5300 / 27000,
                        time_progress=0.4, pacing_gap=5300 / 27000 - 0.4, forecast=13250,
                        forecast_attainment=13250 / 27000)],
    )  # fmt: skip


def test_expense_and_activity_as_of_inside_the_period(lake: Lake) -> None:
    # Visits up to 11-12: V06 11-04 R1 200.00, V07 11-11 R2 90.00 (V08 is 11-17) -> 290.00
    # expense ratio 290 / 5300; budget 600 + 450 + 300 = 1350 whole month; usage 290 / 1350
    assert_rows(
        metric(lake, "expense", NOV, as_of=AS_OF_NOV_12),
        [expense_row(expense="290.00", revenue="5300.00", expense_ratio=290 / 5300,
                     expense_budget=1350, budget_usage=290 / 1350)],
    )  # fmt: skip
    # visits 2 -> 2 / (30 / 7) per week; C6's first booked line (SO-1105, 11-18) is after
    # as_of -> 0 new customers; previous period 10-02..10-31 ordered C1, C5, C2 (C3's
    # SO-1001 is 10-01, C6's SO-1005 cancelled); up to 11-12 C1, C3, C4 ordered -> 1 / 3
    assert_rows(
        metric(lake, "activity", NOV, as_of=AS_OF_NOV_12),
        [activity_row(visits=2, visits_per_week=2 / (30 / 7), new_customers=0,
                      retention_rate=1 / 3)],
    )  # fmt: skip


def test_attainment_empty_filter_result(lake: Lake) -> None:
    # Region South matches nothing: one row, revenue 0, quota 0, ratios over 0 are None;
    # forecast 0 / 31 * 31 = 0. With by=region: no rows at all.
    assert_rows(
        metric(lake, "attainment", OCT, filters=NOBODY),
        [attainment_row(revenue="0.00", quota=0, attainment=None, time_progress=1.0,
                        pacing_gap=None, forecast=0, forecast_attainment=None)],
    )  # fmt: skip
    assert metric(lake, "attainment", OCT, by="region", filters=NOBODY).height == 0


# --------------------------------------------------------------------------------------
# margin
# --------------------------------------------------------------------------------------
def test_margin_total_counts_returns_and_drops_cancelled(lake: Lake) -> None:
    # revenue 10000, cost 4950 (both include the return -400 / -250, exclude SO-1005);
    # gross profit 10000 - 4950 = 5050; margin 5050 / 10000 = 0.505.
    assert_rows(
        metric(lake, "margin", OCT),
        [margin_row(revenue="10000.00", cost="4950.00", gross_profit="5050.00",
                    gross_margin=0.505)],
    )  # fmt: skip


def test_margin_by_category(lake: Lake) -> None:
    # Hardware: 5000 + 400 + 1000 - 400 = 6000; cost 3000 + 300 + 600 - 250 = 3650;
    #           profit 2350; 2350 / 6000 = 47/120.
    # Software: 2000 + 2000 = 4000; cost 800 + 500 = 1300; profit 2700; 2700 / 4000 = 0.675.
    assert_rows(
        metric(lake, "margin", OCT, by="category"),
        [
            {"category": "Hardware"}
            | margin_row(revenue="6000.00", cost="3650.00", gross_profit="2350.00",
                         gross_margin=47 / 120),
            {"category": "Software"}
            | margin_row(revenue="4000.00", cost="1300.00", gross_profit="2700.00",
                         gross_margin=0.675),
        ],
    )  # fmt: skip


def test_margin_by_product(lake: Lake) -> None:
    # Alpha: 5000 + 1000 - 400 = 5600; cost 3000 + 600 - 250 = 3350; 2250 / 5600 = 45/112.
    # Beta:  400; cost 300; 100 / 400 = 0.25 (the cancelled Beta line would add 3000).
    # Gamma: 2000 + 2000 = 4000; cost 800 + 500 = 1300; 2700 / 4000 = 0.675.
    assert_rows(
        metric(lake, "margin", OCT, by="product"),
        [
            {"product": "Alpha"}
            | margin_row(revenue="5600.00", cost="3350.00", gross_profit="2250.00",
                         gross_margin=45 / 112),
            {"product": "Beta"}
            | margin_row(revenue="400.00", cost="300.00", gross_profit="100.00",
                         gross_margin=0.25),
            {"product": "Gamma"}
            | margin_row(revenue="4000.00", cost="1300.00", gross_profit="2700.00",
                         gross_margin=0.675),
        ],
    )  # fmt: skip


def test_margin_by_region(lake: Lake) -> None:
    # East: 7600 + 2000 = 9600; cost (3000 + 500 + 600 - 250) + 800 = 4650; 4950 / 9600.
    # North: 400; cost 300; 100 / 400 = 0.25.
    assert_rows(
        metric(lake, "margin", OCT, by="region"),
        [
            {"region": "East"}
            | margin_row(revenue="9600.00", cost="4650.00", gross_profit="4950.00",
                         gross_margin=4950 / 9600),
            {"region": "North"}
            | margin_row(revenue="400.00", cost="300.00", gross_profit="100.00",
                         gross_margin=0.25),
        ],
    )  # fmt: skip


def test_margin_with_product_filter(lake: Lake) -> None:
    # Gamma in October: SO-1001 2000 (800) + SO-1002/2 2000 (500).
    assert_rows(
        metric(lake, "margin", OCT, filters=Filters(products=("Gamma",))),
        [margin_row(revenue="4000.00", cost="1300.00", gross_profit="2700.00",
                    gross_margin=0.675)],
    )  # fmt: skip


def test_margin_by_week_splits_and_clips_the_period(lake: Lake) -> None:
    # 10-14 (Wed) .. 11-04 (Wed), ISO weeks keyed by their Monday:
    #   2026-10-12: 10-14..10-18, only the cancelled SO-1005 -> zeros, margin None
    #   2026-10-19: 10-19..10-25, the return SO-1006: -400, cost -250, profit -150,
    #               margin -150 / -400 = 0.375
    #   2026-10-26: 10-26..11-01, no lines -> zeros, margin None
    #   2026-11-02: 11-02..11-04, SO-1101 3000, cost 1800, profit 1200, margin 0.4
    empty = margin_row(revenue="0.00", cost="0.00", gross_profit="0.00", gross_margin=None)
    assert_rows(
        metric(lake, "margin", (dt.date(2026, 10, 14), dt.date(2026, 11, 4)), by="week"),
        [
            {"week": dt.date(2026, 10, 12)} | empty,
            {"week": dt.date(2026, 10, 19)}
            | margin_row(revenue="-400.00", cost="-250.00", gross_profit="-150.00",
                         gross_margin=0.375),
            {"week": dt.date(2026, 10, 26)} | empty,
            {"week": dt.date(2026, 11, 2)}
            | margin_row(revenue="3000.00", cost="1800.00", gross_profit="1200.00",
                         gross_margin=0.4),
        ],
    )  # fmt: skip


def test_margin_empty_filter_result(lake: Lake) -> None:
    # No by: one row of zeros with margin None. By region: zero rows.
    assert_rows(
        metric(lake, "margin", OCT, filters=NOBODY),
        [margin_row(revenue="0.00", cost="0.00", gross_profit="0.00", gross_margin=None)],
    )
    assert metric(lake, "margin", OCT, by="region", filters=NOBODY).height == 0


# --------------------------------------------------------------------------------------
# collection
# --------------------------------------------------------------------------------------
# Snapshot at as_of 11-20, lines with revenue - paid > 0 (order_date <= 11-20, not cancelled):
#   C1: SO-1002/2 2000-1000 = 1000, due 11-04 -> 16 days (d1_30);
#       SO-1101 3000 due 12-03, SO-1106 900 due 12-20 (not_due 3900)       total 4900
#   C2: SO-0904 400 (33 days, d31_60); SO-1004 1000, due 11-11 -> 9 days (d1_30)
#       (the return SO-1006 -400 is not > 0)                               total 1400
#   C3: SO-1001 2000 due 11-25; SO-1102 1500 due 12-10 (not_due 3500);
#       SO-0907 1500 due 10-25 -> 26 days (d1_30): paid in full on 11-24, after as_of,
#       so it was still open at as_of (D7)                                 total 5000
#   C4: not_due 200 (SO-0903, 0 days) + 800 (SO-1103 due 12-12) = 1000
#       d1_30 250 (30 days) + 300 (1 day) = 550; d31_60 500 (60) + 400 (31) = 900
#       d61_90 500 (90) + 600 (61) = 1100; d90_plus 800 (91)               total 4350
#   C5: SO-1104 600 due 12-16 (not_due; SO-1003 is paid)                   total 600
#   C6: SO-1105 1200 due 12-18 (not_due; cancelled SO-1005 ignored)        total 1200
#   C7: fully paid -> nothing outstanding
#   all: not_due 3900 + 3500 + 1000 + 600 + 1200 = 10200;
#        d1_30 1000 + 1000 + 1500 + 550 = 4050; d31_60 400 + 900 = 1300; d61_90 1100;
#        d90_plus 800; outstanding 17450


def test_collection_by_customer(lake: Lake) -> None:
    # October due lines (due_date in October and <= as_of):
    #   C1 SO-0901 due 10-10: 4000, paid 4000     C2 SO-0904 due 10-18: 900, paid 500
    #   C3 SO-0907 due 10-25: 1500, paid 1500 on 11-24, after as_of: 0 collected at as_of
    #   C4 SO-0905 due 10-20: 400 + SO-0906 10-21: 250
    # C5 and C6 have nothing due in October but money outstanding, so they are groups;
    # C7 has neither, so it is not.
    assert_rows(
        metric(lake, "collection", OCT, by="customer"),
        [
            {"customer_id": "C1", "customer_name": "Acme"}
            | collection_row(due_amount="4000.00", collected="4000.00", collection_rate=1.0,
                             outstanding="4900.00", not_due="3900.00", d1_30="1000.00",
                             d31_60="0.00", d61_90="0.00", d90_plus="0.00"),
            {"customer_id": "C2", "customer_name": "Birch"}
            | collection_row(due_amount="900.00", collected="500.00", collection_rate=500 / 900,
                             outstanding="1400.00", not_due="0.00", d1_30="1000.00",
                             d31_60="400.00", d61_90="0.00", d90_plus="0.00"),
            {"customer_id": "C3", "customer_name": "Cedar"}
            | collection_row(due_amount="1500.00", collected="0.00", collection_rate=0.0,
                             outstanding="5000.00", not_due="3500.00", d1_30="1500.00",
                             d31_60="0.00", d61_90="0.00", d90_plus="0.00"),
            {"customer_id": "C4", "customer_name": "Delta"}  # 400 + 250 = 650 due, 0 paid
            | collection_row(due_amount="650.00", collected="0.00", collection_rate=0.0,
                             outstanding="4350.00", not_due="1000.00", d1_30="550.00",
                             d31_60="900.00", d61_90="1100.00", d90_plus="800.00"),
            {"customer_id": "C5", "customer_name": "Elm"}
            | collection_row(due_amount="0.00", collected="0.00", collection_rate=None,
                             outstanding="600.00", not_due="600.00", d1_30="0.00",
                             d31_60="0.00", d61_90="0.00", d90_plus="0.00"),
            {"customer_id": "C6", "customer_name": "Fir"}
            | collection_row(due_amount="0.00", collected="0.00", collection_rate=None,
                             outstanding="1200.00", not_due="1200.00", d1_30="0.00",
                             d31_60="0.00", d61_90="0.00", d90_plus="0.00"),
        ],
    )  # fmt: skip


def test_collection_total_open_month_ignores_dues_after_as_of(lake: Lake) -> None:
    # November lines due 11-01..11-20:
    #   SO-0902 11-19: 300 / 0        SO-0903 11-20: 200 / 0
    #   SO-1002/1 11-04: 5000 / 5000  SO-1002/2 11-04: 2000 / 1000
    #   SO-1003 11-07: 400 / 400      SO-1004 11-11: 1000 / 0
    #   SO-1006 11-19: -400 / 0 (the return counts)
    # not counted: SO-1001 due 11-25 (after as_of), SO-1005 due 11-13 (cancelled).
    # due 300 + 200 + 5000 + 2000 + 400 + 1000 - 400 = 8500; paid 5000 + 1000 + 400 = 6400.
    assert_rows(
        metric(lake, "collection", NOV),
        [collection_row(due_amount="8500.00", collected="6400.00", collection_rate=6400 / 8500,
                        outstanding="17450.00", not_due="10200.00", d1_30="4050.00",
                        d31_60="1300.00", d61_90="1100.00", d90_plus="800.00")],
    )  # fmt: skip


def test_collection_aging_bucket_boundaries(lake: Lake) -> None:
    # C4 Delta holds one open line at each boundary (days overdue at 11-20):
    #   0 -> not_due 200 (+ 800 not yet due, SO-1103)   1 -> d1_30 300    30 -> d1_30 250
    #   31 -> d31_60 400    60 -> d31_60 500    61 -> d61_90 600    90 -> d61_90 500
    #   91 -> d90_plus 800
    # Due in November <= 11-20: SO-0902 300 + SO-0903 200 = 500, nothing paid -> rate 0.0.
    assert_rows(
        metric(lake, "collection", NOV, filters=Filters(customers=("C4",))),
        [collection_row(due_amount="500.00", collected="0.00", collection_rate=0.0,
                        outstanding="4350.00", not_due="1000.00", d1_30="550.00",
                        d31_60="900.00", d61_90="1100.00", d90_plus="800.00")],
    )  # fmt: skip


def test_collection_by_month_repeats_the_snapshot(lake: Lake) -> None:
    # Each month has its own due lines: October 4000 + 900 + 1500 + 650 = 7050 due, of which
    # 4000 + 500 = 4500 paid by as_of (by-customer test); November 8500 due, 6400 paid (total
    # test). The snapshot at as_of ignores the period: both rows carry the same buckets.
    snapshot = {
        "outstanding": "17450.00",
        "not_due": "10200.00",
        "d1_30": "4050.00",
        "d31_60": "1300.00",
        "d61_90": "1100.00",
        "d90_plus": "800.00",
    }
    assert_rows(
        metric(lake, "collection", (OCT[0], NOV[1]), by="month"),
        [
            {"month": "2026-10"}
            | collection_row(due_amount="7050.00", collected="4500.00",
                             collection_rate=4500 / 7050, **snapshot),
            {"month": "2026-11"}
            | collection_row(due_amount="8500.00", collected="6400.00",
                             collection_rate=6400 / 8500, **snapshot),
        ],
    )  # fmt: skip


# --------------------------------------------------------------------------------------
# expense
# --------------------------------------------------------------------------------------
# October visits: V01 R1 150, V02 R1 100, V03 R2 80, V04 R3 120, V05 R4 50 (North) -> 500.
# (V00 on 09-28 is outside.) October budgets: R1 600, R2 400, R3 300, R4 200 -> 1500.


def test_expense_by_rep(lake: Lake) -> None:
    assert_rows(
        metric(lake, "expense", OCT, by="rep"),
        [
            ALICE  # 150 + 100 = 250; 250 / 7600; 250 / 600
            | expense_row(expense="250.00", revenue="7600.00", expense_ratio=250 / 7600,
                          expense_budget=600, budget_usage=250 / 600),
            BOB  # 80 / 2000 = 0.04; 80 / 400 = 0.2
            | expense_row(expense="80.00", revenue="2000.00", expense_ratio=0.04,
                          expense_budget=400, budget_usage=0.2),
            CAROL  # 120 / 0 -> None; 120 / 300 = 0.4
            | expense_row(expense="120.00", revenue="0.00", expense_ratio=None,
                          expense_budget=300, budget_usage=0.4),
            DAVE  # 50 / 400 = 0.125; 50 / 200 = 0.25
            | expense_row(expense="50.00", revenue="400.00", expense_ratio=0.125,
                          expense_budget=200, budget_usage=0.25),
        ],
    )  # fmt: skip


def test_expense_total(lake: Lake) -> None:
    # 500 / 10000 = 0.05; 500 / 1500 = 1/3.
    assert_rows(
        metric(lake, "expense", OCT),
        [expense_row(expense="500.00", revenue="10000.00", expense_ratio=0.05,
                     expense_budget=1500, budget_usage=1 / 3)],
    )  # fmt: skip


def test_expense_by_region_uses_reps_region_for_visits_without_one(lake: Lake) -> None:
    # East: 150 + 100 + 80 = 330; 330 / 9600; budget 600 + 400 = 1000; 330 / 1000 = 0.33.
    # North: 120 + 50 (V05, region from Dave) = 170; 170 / 400 = 0.425;
    #        budget 300 + 200 = 500; 170 / 500 = 0.34.
    assert_rows(
        metric(lake, "expense", OCT, by="region"),
        [
            {"region": "East"}
            | expense_row(expense="330.00", revenue="9600.00", expense_ratio=330 / 9600,
                          expense_budget=1000, budget_usage=0.33),
            {"region": "North"}
            | expense_row(expense="170.00", revenue="400.00", expense_ratio=0.425,
                          expense_budget=500, budget_usage=0.34),
        ],
    )  # fmt: skip


def test_expense_period_cutting_months_prorates_budget(lake: Lake) -> None:
    # CUT visits: V04 120 + V05 50 + V06 200 + V07 90 = 460; revenue 4900.
    # budget = 1500 * 16/31 + (600 + 450 + 300 = 1350) * 15/30 = 774.19 + 675 = 1449.19
    budget = 1500 * 16 / 31 + 1350 * 15 / 30
    assert_rows(
        metric(lake, "expense", CUT),
        [expense_row(expense="460.00", revenue="4900.00", expense_ratio=460 / 4900,
                     expense_budget=budget, budget_usage=460 / budget)],
    )  # fmt: skip


def test_expense_with_category_filter_is_null(lake: Lake) -> None:
    # Visits have no category: expense and the budget are unknown for Hardware.
    assert_rows(
        metric(lake, "expense", OCT, filters=HARDWARE),
        [expense_row(expense=None, revenue="6000.00", expense_ratio=None,
                     expense_budget=None, budget_usage=None)],
    )  # fmt: skip


def test_expense_with_customer_filter_uses_that_customers_visits(lake: Lake) -> None:
    # C1 in October: visit V01 150; revenue 5000 + 2000 = 7000; 150 / 7000; no budget.
    assert_rows(
        metric(lake, "expense", OCT, filters=Filters(customers=("C1",))),
        [expense_row(expense="150.00", revenue="7000.00", expense_ratio=150 / 7000,
                     expense_budget=None, budget_usage=None)],
    )  # fmt: skip


# --------------------------------------------------------------------------------------
# market_share
# --------------------------------------------------------------------------------------
def test_market_share_total(lake: Lake) -> None:
    # Category "" rows of every region: 100000 + 50000 + 20000 = 170000; 10000 / 170000.
    assert_rows(
        metric(lake, "market_share", OCT),
        [market_row(revenue="10000.00", market_size=170000, market_share=10000 / 170000)],
    )


def test_market_share_by_region(lake: Lake) -> None:
    # East 9600 / 100000; North 400 / 50000; West has a market and no sales: 0 / 20000 = 0.0.
    assert_rows(
        metric(lake, "market_share", OCT, by="region"),
        [
            {"region": "East"}
            | market_row(revenue="9600.00", market_size=100000, market_share=0.096),
            {"region": "North"}
            | market_row(revenue="400.00", market_size=50000, market_share=0.008),
            {"region": "West"} | market_row(revenue="0.00", market_size=20000, market_share=0.0),
        ],
    )


def test_market_share_by_category(lake: Lake) -> None:
    # Hardware: 6000 / (East 60000 + North 30000 = 90000) = 1/15.
    # Software: 4000 / 40000 = 0.1. The category "" rows are not a category.
    assert_rows(
        metric(lake, "market_share", OCT, by="category"),
        [
            {"category": "Hardware"}
            | market_row(revenue="6000.00", market_size=90000, market_share=1 / 15),
            {"category": "Software"}
            | market_row(revenue="4000.00", market_size=40000, market_share=0.1),
        ],
    )


def test_market_share_by_region_with_category_filter(lake: Lake) -> None:
    # Hardware rows only. East: 5000 + 1000 - 400 = 5600 / 60000; North: 400 / 30000.
    # West has no Hardware market and no sales: no row.
    assert_rows(
        metric(lake, "market_share", OCT, by="region", filters=HARDWARE),
        [
            {"region": "East"}
            | market_row(revenue="5600.00", market_size=60000, market_share=5600 / 60000),
            {"region": "North"}
            | market_row(revenue="400.00", market_size=30000, market_share=400 / 30000),
        ],
    )


def test_market_share_with_region_and_category_filter(lake: Lake) -> None:
    # East Software: 2000 + 2000 = 4000 / 40000 = 0.1.
    filters = Filters(regions=("East",), categories=("Software",))
    assert_rows(
        metric(lake, "market_share", OCT, filters=filters),
        [market_row(revenue="4000.00", market_size=40000, market_share=0.1)],
    )


def test_market_share_period_cutting_months_prorates_market(lake: Lake) -> None:
    # market = 170000 * 16/31 + (93000 + 45000 + 18000 = 156000) * 15/30
    #        = 87741.94 + 78000 = 165741.94; revenue 4900.
    market = 170000 * 16 / 31 + 156000 * 15 / 30
    assert_rows(
        metric(lake, "market_share", CUT),
        [market_row(revenue="4900.00", market_size=market, market_share=4900 / market)],
    )


def test_market_share_by_month(lake: Lake) -> None:
    # CUT by month: "2026-10" = 10-16..10-31: -400 / (170000 * 16/31);
    #               "2026-11" = 11-01..11-15: 3000 + 1500 + 800 = 5300 / (156000 * 15/30).
    assert_rows(
        metric(lake, "market_share", CUT, by="month"),
        [
            {"month": "2026-10"}
            | market_row(revenue="-400.00", market_size=170000 * 16 / 31,
                         market_share=-400 / (170000 * 16 / 31)),
            {"month": "2026-11"}
            | market_row(revenue="5300.00", market_size=78000, market_share=5300 / 78000),
        ],
    )  # fmt: skip


# --------------------------------------------------------------------------------------
# activity
# --------------------------------------------------------------------------------------
# First non-cancelled line of each customer: C7 03-15, C4 07-22, C1 09-10, C2 09-18,
# C3 09-25, C5 10-08 (R4, North), C6 11-18 (R2, East; its cancelled 10-14 line does not count).
# Customers with lines: 08-31..09-30 (before October): C1, C2, C3, C4
#                       October: C1, C2, C3, C5
#                       10-02..10-31 (before November): C1, C2, C5 (C3 only on 10-01;
#                       C6 only cancelled)
#                       November: C1, C3, C4, C5, C6


def test_activity_total(lake: Lake) -> None:
    # 5 visits / (31 / 7) weeks; new: C5; retention {C1, C2, C3} / {C1, C2, C3, C4} = 3/4.
    assert_rows(
        metric(lake, "activity", OCT),
        [activity_row(visits=5, visits_per_week=5 / (31 / 7), new_customers=1,
                      retention_rate=3 / 4)],
    )  # fmt: skip


def test_activity_open_month_uses_previous_equal_length_period(lake: Lake) -> None:
    # V06, V07, V08 = 3 visits / (30 / 7) = 0.7 (days of the period, not elapsed days);
    # new: C6 (first real line 11-18); previous period = 10-02..10-31 (30 days):
    # {C1, C5} / {C1, C2, C5} = 2/3 (calendar October would give 3/4).
    assert_rows(
        metric(lake, "activity", NOV),
        [activity_row(visits=3, visits_per_week=0.7, new_customers=1, retention_rate=2 / 3)],
    )


def test_activity_by_rep(lake: Lake) -> None:
    week = 31 / 7
    assert_rows(
        metric(lake, "activity", OCT, by="rep"),
        [
            ALICE  # V01, V02; C1 and C2 before and in October: 2/2
            | activity_row(visits=2, visits_per_week=2 / week, new_customers=0,
                           retention_rate=1.0),
            BOB  # V03; C3 before and in October: 1/1 (cancelled C6 is nobody's new customer)
            | activity_row(visits=1, visits_per_week=1 / week, new_customers=0,
                           retention_rate=1.0),
            CAROL  # V04; C4 before, nobody in October: 0/1
            | activity_row(visits=1, visits_per_week=1 / week, new_customers=0,
                           retention_rate=0.0),
            DAVE  # V05; new C5; no customers before: None
            | activity_row(visits=1, visits_per_week=1 / week, new_customers=1,
                           retention_rate=None),
        ],
    )  # fmt: skip


def test_activity_by_region(lake: Lake) -> None:
    week = 31 / 7
    assert_rows(
        metric(lake, "activity", OCT, by="region"),
        [
            {"region": "East"}  # V01, V02, V03; {C1, C2, C3} / {C1, C2, C3}
            | activity_row(visits=3, visits_per_week=3 / week, new_customers=0,
                           retention_rate=1.0),
            {"region": "North"}  # V04, V05 (region from Dave); new C5; {} / {C4}
            | activity_row(visits=2, visits_per_week=2 / week, new_customers=1,
                           retention_rate=0.0),
        ],
    )  # fmt: skip


def test_activity_by_month_gives_each_month_its_own_previous_period(lake: Lake) -> None:
    # 09-01..10-31 by month.
    # "2026-09" (30 days): V00 -> 1 visit / (30 / 7); new C1, C2, C3 (first lines 09-10,
    #   09-18, 09-25); previous 08-02..08-31: C4 (08-21, 08-22), who buys again in
    #   September: 1/1.
    # "2026-10": exactly the October total (previous period 08-31..09-30).
    assert_rows(
        metric(lake, "activity", (dt.date(2026, 9, 1), OCT[1]), by="month"),
        [
            {"month": "2026-09"}
            | activity_row(visits=1, visits_per_week=1 / (30 / 7), new_customers=3,
                           retention_rate=1.0),
            {"month": "2026-10"}
            | activity_row(visits=5, visits_per_week=5 / (31 / 7), new_customers=1,
                           retention_rate=3 / 4),
        ],
    )  # fmt: skip


def test_activity_with_category_filter(lake: Lake) -> None:
    # Visits have no category: None. C5's first line (SO-1003) is Hardware: 1 new.
    # Hardware before October: C1 (SO-0901), C2 (SO-0904), C4 (Beta lines);
    # Hardware in October: C1, C2, C5 -> {C1, C2} / {C1, C2, C4} = 2/3.
    assert_rows(
        metric(lake, "activity", OCT, filters=HARDWARE),
        [activity_row(visits=None, visits_per_week=None, new_customers=1,
                      retention_rate=2 / 3)],
    )  # fmt: skip


def test_activity_empty_filter_result(lake: Lake) -> None:
    assert_rows(
        metric(lake, "activity", OCT, filters=NOBODY),
        [activity_row(visits=0, visits_per_week=0.0, new_customers=0, retention_rate=None)],
    )
    assert metric(lake, "activity", OCT, by="region", filters=NOBODY).height == 0


# --------------------------------------------------------------------------------------
# abc
# --------------------------------------------------------------------------------------
def test_abc_classes_with_exact_boundaries_and_d_customers(lake: Lake) -> None:
    # October revenue: C1 5000 + 2000 = 7000; C3 2000; C2 1000 - 400 = 600; C5 400;
    # total 10000. Cumulative: C1 0.70 (<= 0.70: A), C3 0.90 (<= 0.90: B), C2 0.96 C, C5 1.0 C.
    # D: no October revenue, revenue in 2025-10-01..2026-09-30:
    #    C4 800 + 700 + 600 + 500 + 300 + 200 + 400 + 250 = 3750; C7 700.
    # C6 (only a cancelled line) is nowhere. The shares of D rows are not decided: ANY.
    assert_rows(
        metric(lake, "abc", OCT),
        [
            abc_row("C1", "Acme", "7000.00", ratio(0.70), ratio(0.70), "A"),
            abc_row("C3", "Cedar", "2000.00", ratio(0.20), ratio(0.90), "B"),
            abc_row("C2", "Birch", "600.00", ratio(0.06), ratio(0.96), "C"),
            abc_row("C5", "Elm", "400.00", ratio(0.04), ratio(1.0), "C"),
            abc_row("C4", "Delta", "0.00", ANY, ANY, "D"),
            abc_row("C7", "Gale", "0.00", ANY, ANY, "D"),
        ],
    )


def test_abc_open_month(lake: Lake) -> None:
    # November revenue: C1 3900, C3 1500, C6 1200, C4 800, C5 600; total 8000.
    # C1 0.4875 (A), C3 +0.1875 = 0.675 (A), C6 +0.15 = 0.825 (B), C4 +0.1 = 0.925 (C),
    # C5 +0.075 = 1.0 (C). D (2025-11-01..2026-10-31): C2 900 + 1000 - 400 = 1500; C7 700.
    assert_rows(
        metric(lake, "abc", NOV),
        [
            abc_row("C1", "Acme", "3900.00", ratio(3900 / 8000), ratio(0.4875), "A"),
            abc_row("C3", "Cedar", "1500.00", ratio(1500 / 8000), ratio(0.675), "A"),
            abc_row("C6", "Fir", "1200.00", ratio(1200 / 8000), ratio(0.825), "B"),
            abc_row("C4", "Delta", "800.00", ratio(800 / 8000), ratio(0.925), "C"),
            abc_row("C5", "Elm", "600.00", ratio(600 / 8000), ratio(1.0), "C"),
            abc_row("C2", "Birch", "0.00", ANY, ANY, "D"),
            abc_row("C7", "Gale", "0.00", ANY, ANY, "D"),
        ],
    )


# --------------------------------------------------------------------------------------
# over_authority (limit 0.15)
# --------------------------------------------------------------------------------------
def over_authority_row(*, lines: int, revenue: str) -> dict[str, Any]:
    return {"lines": lines, "revenue": money(revenue)}


def test_over_authority_limit_is_exclusive_and_cancelled_lines_dropped(lake: Lake) -> None:
    # October: SO-1002/2 at 0.20 (2000) counts; SO-1003 at exactly 0.15 does not;
    # SO-1005 at 0.30 is cancelled.
    assert_rows(
        metric(lake, "over_authority", OCT),
        [over_authority_row(lines=1, revenue="2000.00")],
    )


def test_over_authority_two_months(lake: Lake) -> None:
    # 10-01..11-30: SO-1002/2 2000 + SO-1102 (0.25) 1500 = 3500 over 2 lines.
    assert_rows(
        metric(lake, "over_authority", (OCT[0], NOV[1])),
        [over_authority_row(lines=2, revenue="3500.00")],
    )


def test_over_authority_none_in_scope(lake: Lake) -> None:
    # North's lines are at 0 or 0.15: one row of zeros.
    assert_rows(
        metric(lake, "over_authority", OCT, filters=Filters(regions=("North",))),
        [over_authority_row(lines=0, revenue="0.00")],
    )


# --------------------------------------------------------------------------------------
# averages: 客单价 (average order value) and 人均销售额 (revenue per rep), branch catalogue
# --------------------------------------------------------------------------------------
# Decisions (docs/metrics.md): orders are the distinct orders with a line of positive
# revenue in the period and group (a return is no order, but lowers the revenue); reps are
# the distinct reps with any booked line there; rep_revenue is the revenue of the lines that
# name a rep. average_order_value = revenue / orders, revenue_per_rep = rep_revenue / reps,
# both None when the denominator is 0, rounded to the cent.
def averages_row(*, revenue, orders, reps, rep_revenue, aov, per_rep) -> dict[str, Any]:
    return {
        "revenue": money(revenue),
        "orders": orders,
        "reps": reps,
        "rep_revenue": money(rep_revenue),
        "average_order_value": money(aov),
        "revenue_per_rep": money(per_rep),
    }


def test_averages_closed_month_total(lake: Lake) -> None:
    # October's booked lines: SO-1001 2000, SO-1002 5000 + 2000 (one order of two lines),
    # SO-1003 400, SO-1004 1000, SO-1006 -400 (a return: no order); SO-1005 cancelled.
    # revenue 2000 + 7000 + 400 + 1000 - 400 = 10000; orders 1001, 1002, 1003, 1004 = 4;
    # 10000 / 4 = 2500.00. Reps R1, R2, R4 = 3; 10000 / 3 = 3333.33.
    assert_rows(
        metric(lake, "averages", OCT),
        [averages_row(revenue="10000.00", orders=4, reps=3, rep_revenue="10000.00",
                      aov="2500.00", per_rep="3333.33")],
    )  # fmt: skip


def test_averages_by_rep(lake: Lake) -> None:
    # Alice: 7000 + 1000 - 400 = 7600 over SO-1002, SO-1004 (SO-1006 is a return) = 3800;
    # Bob: SO-1001 2000; Dave: SO-1003 400. Carol sold nothing in October: no row.
    # By rep, revenue per rep is the rep's own revenue.
    assert_rows(
        metric(lake, "averages", OCT, by="rep"),
        [
            ALICE | averages_row(revenue="7600.00", orders=2, reps=1, rep_revenue="7600.00",
                                 aov="3800.00", per_rep="7600.00"),
            BOB | averages_row(revenue="2000.00", orders=1, reps=1, rep_revenue="2000.00",
                               aov="2000.00", per_rep="2000.00"),
            DAVE | averages_row(revenue="400.00", orders=1, reps=1, rep_revenue="400.00",
                                aov="400.00", per_rep="400.00"),
        ],
    )  # fmt: skip


def test_averages_by_region(lake: Lake) -> None:
    # East: 2000 + 7000 + 1000 - 400 = 9600 over SO-1001, SO-1002, SO-1004 = 3200.00;
    # reps R1, R2: 9600 / 2 = 4800.00. North: SO-1003 400, one order, one rep (R4).
    assert_rows(
        metric(lake, "averages", OCT, by="region"),
        [
            {"region": "East"} | averages_row(revenue="9600.00", orders=3, reps=2,
                                              rep_revenue="9600.00", aov="3200.00",
                                              per_rep="4800.00"),
            {"region": "North"} | averages_row(revenue="400.00", orders=1, reps=1,
                                               rep_revenue="400.00", aov="400.00",
                                               per_rep="400.00"),
        ],
    )  # fmt: skip


def test_averages_by_month_cut_at_as_of(lake: Lake) -> None:
    # October as above. November up to as-of 11-20: SO-1101 3000, SO-1102 1500, SO-1103 800,
    # SO-1104 600, SO-1105 1200, SO-1106 900 = 8000 over 6 orders = 1333.33; reps R1, R2,
    # R3, R4 = 4: 8000 / 4 = 2000.00. SO-1107 (11-25) is cancelled and after as-of.
    assert_rows(
        metric(lake, "averages", (OCT[0], NOV[1]), by="month"),
        [
            {"month": "2026-10"} | averages_row(revenue="10000.00", orders=4, reps=3,
                                                rep_revenue="10000.00", aov="2500.00",
                                                per_rep="3333.33"),
            {"month": "2026-11"} | averages_row(revenue="8000.00", orders=6, reps=4,
                                                rep_revenue="8000.00", aov="1333.33",
                                                per_rep="2000.00"),
        ],
    )  # fmt: skip


def test_averages_without_orders_are_unknown(lake: Lake) -> None:
    # June holds no line: revenue 0, no order, no rep: both averages None, not 0.
    june = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    assert_rows(
        metric(lake, "averages", june),
        [averages_row(revenue="0.00", orders=0, reps=0, rep_revenue="0.00", aov=None,
                      per_rep=None)],
    )  # fmt: skip
    # 10-20 holds only the return SO-1006 (-400, Alice): no order, so no average order
    # value; Alice has a line, so she is a rep: -400 / 1 = -400.00.
    day = (dt.date(2026, 10, 20), dt.date(2026, 10, 20))
    assert_rows(
        metric(lake, "averages", day),
        [averages_row(revenue="-400.00", orders=0, reps=1, rep_revenue="-400.00", aov=None,
                      per_rep="-400.00")],
    )  # fmt: skip


# Two orders of November: A-1 has three lines, one of them a return; A-2 has no rep.
UNASSIGNED_ORDERS_CSV = """\
order_id,line_no,order_date,customer_id,rep_id,rep_name,region,product,category,revenue
A-1,1,2026-11-02,C1,R1,Alice,East,Alpha,Hardware,300.00
A-1,2,2026-11-02,C1,R1,Alice,East,Beta,Hardware,200.00
A-1,3,2026-11-02,C1,R1,Alice,East,Beta,Hardware,-100.00
A-2,1,2026-11-03,C2,,,East,Alpha,Hardware,600.00
"""


def test_averages_one_order_of_many_lines_and_an_unassigned_rep(tmp_path: Any) -> None:
    # revenue 300 + 200 - 100 + 600 = 1000 over 2 orders (A-1 once for its three lines;
    # its return line lowers it): 500.00. Reps: only R1 (A-2 has none); rep_revenue is
    # R1's 400: revenue per rep 400 / 1 = 400.00, the unassigned 600 left out.
    lake = Lake(tmp_path / "lake")
    path = tmp_path / "orders.csv"
    path.write_text(UNASSIGNED_ORDERS_CSV, encoding="utf-8")
    ingest_file(path, "orders", lake)
    assert_rows(
        metric(lake, "averages", NOV),
        [averages_row(revenue="1000.00", orders=2, reps=1, rep_revenue="400.00",
                      aov="500.00", per_rep="400.00")],
    )  # fmt: skip
    # by rep: Alice 400 over A-1 = 400.00; the unassigned group ("") has its order A-2
    # (600 / 1) but no rep: revenue per rep None.
    assert_rows(
        metric(lake, "averages", NOV, by="rep"),
        [
            {"rep_id": "", "rep_name": None}
            | averages_row(revenue="600.00", orders=1, reps=0, rep_revenue="0.00",
                           aov="600.00", per_rep=None),
            ALICE | averages_row(revenue="400.00", orders=1, reps=1, rep_revenue="400.00",
                                 aov="400.00", per_rep="400.00"),
        ],
    )  # fmt: skip


# the market of an open period is cut where its sales stop (D13): like for like
def test_market_share_of_an_open_month_prorates_the_market_to_the_same_days(lake: Lake) -> None:
    # November up to 11-12: revenue 3000 + 1500 + 800 = 5300 (as in the attainment case);
    # market East 93000 + North 45000 + West 18000 = 156000 for 30 days -> 12 days:
    # 156000 * 12 / 30 = 62400; share 5300 / 62400 = 0.084935897
    assert_rows(
        metric(lake, "market_share", NOV, as_of=AS_OF_NOV_12),
        [market_row(revenue="5300.00", market_size=62400, market_share=5300 / 62400)],
    )


def test_market_share_trend_ends_on_the_figure_of_the_open_month(lake: Lake) -> None:
    # by month, October closed (10000 / 170000) and November open at 11-12: its point is
    # the tile's figure above, 5300 / 62400, not 5300 / 156000 (a dip from the cut alone)
    assert_rows(
        metric(lake, "market_share", (OCT[0], NOV[1]), by="month", as_of=AS_OF_NOV_12),
        [
            {"month": "2026-10"}
            | market_row(revenue="10000.00", market_size=170000, market_share=10000 / 170000),
            {"month": "2026-11"}
            | market_row(revenue="5300.00", market_size=62400, market_share=5300 / 62400),
        ],
    )

"""Golden tests for "unknown is not zero" (issue 11 §1, docs/metrics.md): a small lake whose
files leave some optional values out, every number worked out by hand.

The orders (October 2026; as-of defaults to 2026-10-20, the latest order date):

    line  date   customer rep  region  discount  revenue  cost  due    paid
    U-1   10-02  C1       R1   East    0.10      1000     600   10-10  1000
    U-2   10-05  C2       R1   East    -         600      -     10-12  -
    U-3   10-08  -        R2   East    0.20      400      100   10-15  100
    U-4   10-12  C3       -    North   -         2000     -     10-20  -
    U-5   10-20  C1       R2   -       0.30      1000     500   10-25  0

    revenue 1000 + 600 + 400 + 2000 + 1000 = 5000
    known cost: U-1, U-3, U-5: revenue 2400 (cost_coverage 2400 / 5000 = 0.48), cost 1200
    payment data: U-1, U-3, U-5 (3 of 5 lines: receivable_coverage 0.6)
    due by as-of in October: U-1, U-2, U-3, U-4 (4000); with payment data U-1, U-3 (1400):
        payment_coverage 1400 / 4000 = 0.35, collected 1000 + 100 = 1100, rate 1100 / 1400
    open at as-of: U-3 400 - 100 = 300, due 10-15 (5 days: d1_30); U-5 1000, due 10-25
        (not due): outstanding 1300
    known discount: U-1, U-3, U-5 (3 of 5: discount_coverage 0.6); over 0.15: U-3, U-5 (1400)
    with a customer: all but U-3: 4600 of 5000 (customer_coverage 0.92)
    a line without a rep (U-4) or region (U-5) is the group "" (schema.UNASSIGNED)

The lake "bare" holds these orders only: no quotas, visits or market sizes. The lake "fuller"
adds October quotas (R1 4000 with a budget of 300; R2 2000 without a budget) and three visits
(R1 50, R1 without an expense, R2 30).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from sales_dash.cli import main
from sales_dash.engine.metrics import compute_metric
from sales_dash.engine.unknowns import Note, note_texts, notes
from sales_dash.filters import Filters
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from sales_dash.sections.alerts import alerts
from sales_dash.sections.headline import headline
from sales_dash.sections.meeting import headlines, meeting
from sales_dash.view import View

OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
AS_OF = dt.date(2026, 10, 20)
TIME_PROGRESS = 20 / 31

ORDERS_CSV = """\
order_id,line_no,order_date,customer_id,rep_id,region,category,product,discount_rate,revenue,cost,due_date,paid_amount
U-1,1,2026-10-02,C1,R1,East,HW,A,0.10,1000.00,600.00,2026-10-10,1000.00
U-3,1,2026-10-08,,R2,East,SW,B,0.20,400.00,100.00,2026-10-15,100.00
U-5,1,2026-10-20,C1,R2,,SW,B,0.30,1000.00,500.00,2026-10-25,0
"""
ORDERS_WITHOUT_PAYMENTS_CSV = """\
order_id,line_no,order_date,customer_id,rep_id,region,category,product,discount_rate,revenue,cost,due_date
U-2,1,2026-10-05,C2,R1,East,HW,A,,600.00,,2026-10-12
U-4,1,2026-10-12,C3,,North,HW,A,,2000.00,,2026-10-20
"""
"""U-2 and U-4 come from an export without a paid column: in a file that has one, an empty
paid cell is nothing paid yet (docs/ingest.md), so their payment data is unknown only
because their file does not carry it."""
QUOTAS_CSV = """\
month,rep_id,region,revenue_quota,expense_budget,visit_target
2026-10,R1,East,4000.00,300.00,2
2026-10,R2,East,2000.00,,
"""
VISITS_CSV = """\
visit_id,visit_date,rep_id,customer_id,region,visit_type,expense
V1,2026-10-03,R1,C1,East,follow-up,50.00
V2,2026-10-06,R1,C2,East,follow-up,
V3,2026-10-09,R2,C1,East,service,30.00
"""


def _lake(base: Path, files: list[tuple[str, str]]) -> Lake:
    lake = Lake(base / "lake")
    for number, (table, text) in enumerate(files):
        path = base / f"{table}-{number}.csv"
        path.write_text(text, encoding="utf-8")
        ingest_file(path, table, lake)
    return lake


ORDERS = [("orders", ORDERS_CSV), ("orders", ORDERS_WITHOUT_PAYMENTS_CSV)]


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    return _lake(tmp_path_factory.mktemp("bare"), ORDERS)


@pytest.fixture(scope="module")
def fuller(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    files = [*ORDERS, ("quotas", QUOTAS_CSV), ("visits", VISITS_CSV)]
    return _lake(tmp_path_factory.mktemp("fuller"), files)


def rows(frame: pl.DataFrame) -> list[dict]:
    return frame.to_dicts()


def approx(value: float) -> object:
    return pytest.approx(value, abs=1e-9)


# --------------------------------------------------------------------------------------
# margin: the lines with a known cost only, and how much they cover
# --------------------------------------------------------------------------------------
def test_margin_covers_the_lines_with_a_known_cost(bare: Lake) -> None:
    frame = compute_metric(bare, "margin", *OCT, coverage=True)
    assert rows(frame) == [
        {
            "revenue": Decimal("5000.00"),
            "cost": Decimal("1200.00"),
            "gross_profit": Decimal("1200.00"),  # 2400 - 1200, not 5000 - 1200
            "gross_margin": 0.5,  # 1200 / 2400
            "cost_coverage": approx(0.48),
        }
    ]
    assert note_texts(frame, "zh") == ["毛利与毛利率基于 48.0% 的销售额（有成本的订单行）。"]


def test_margin_by_rep_unknown_where_no_line_has_a_cost(bare: Lake) -> None:
    """R1: U-1 (1000, cost 600) and U-2 (600, no cost): 400 / 1000, coverage 1000 / 1600."""
    frame = compute_metric(bare, "margin", *OCT, by="rep", coverage=True)
    assert rows(frame) == [
        {"rep_id": "", "rep_name": None, "revenue": Decimal("2000.00"), "cost": None,
         "gross_profit": None, "gross_margin": None, "cost_coverage": 0.0},
        {"rep_id": "R1", "rep_name": None, "revenue": Decimal("1600.00"),
         "cost": Decimal("600.00"), "gross_profit": Decimal("400.00"), "gross_margin": 0.4,
         "cost_coverage": 0.625},
        {"rep_id": "R2", "rep_name": None, "revenue": Decimal("1400.00"),
         "cost": Decimal("600.00"), "gross_profit": Decimal("800.00"),
         "gross_margin": approx(800 / 1400), "cost_coverage": 1.0},
    ]  # fmt: skip
    assert [n.key for n in notes(frame)] == ["partial_cost"]
    assert notes(frame)[0].share == (0.0, 1.0)


def test_margin_with_no_cost_at_all_is_unknown(bare: Lake) -> None:
    """The unassigned rep (U-4) carries no cost: "—" with its reason."""
    frame = compute_metric(bare, "margin", *OCT, filters=Filters(reps=("",)), coverage=True)
    assert rows(frame) == [
        {"revenue": Decimal("2000.00"), "cost": None, "gross_profit": None,
         "gross_margin": None, "cost_coverage": 0.0}
    ]  # fmt: skip
    assert note_texts(frame, "en") == ["No cost in these lines."]


# --------------------------------------------------------------------------------------
# collection: the lines with payment data only
# --------------------------------------------------------------------------------------
def test_collection_covers_the_lines_with_payment_data(bare: Lake) -> None:
    frame = compute_metric(bare, "collection", *OCT, coverage=True)
    assert rows(frame) == [
        {
            "due_amount": Decimal("1400.00"),  # U-1 + U-3; U-2 and U-4 carry no payment data
            "collected": Decimal("1100.00"),
            "collection_rate": approx(1100 / 1400),
            "outstanding": Decimal("1300.00"),
            "not_due": Decimal("1000.00"),
            "d1_30": Decimal("300.00"),
            "d31_60": Decimal("0.00"),
            "d61_90": Decimal("0.00"),
            "d90_plus": Decimal("0.00"),
            "payment_coverage": approx(0.35),
            "receivable_coverage": approx(0.6),
            "receipt_basis": None,  # no receipt in the lake: the lines are the only source
        }
    ]
    assert note_texts(frame, "zh")[0] == "回款率基于 35.0% 的订单金额。"


def test_collection_by_region_is_unknown_where_no_line_has_payment_data(bare: Lake) -> None:
    """ "": U-5 alone, due after as-of (nothing due: 0), open 1000 not yet due.
    East: U-1, U-2, U-3 due (2000), U-1 and U-3 tracked (1400, collected 1100).
    North: U-4 alone, no payment data: every figure unknown."""
    frame = compute_metric(bare, "collection", *OCT, by="region", coverage=True)
    zero = Decimal("0.00")
    assert rows(frame) == [
        {"region": "", "due_amount": zero, "collected": zero, "collection_rate": None,
         "outstanding": Decimal("1000.00"), "not_due": Decimal("1000.00"), "d1_30": zero,
         "d31_60": zero, "d61_90": zero, "d90_plus": zero, "payment_coverage": None,
         "receivable_coverage": 1.0, "receipt_basis": None},
        {"region": "East", "due_amount": Decimal("1400.00"), "collected": Decimal("1100.00"),
         "collection_rate": approx(1100 / 1400), "outstanding": Decimal("300.00"),
         "not_due": zero, "d1_30": Decimal("300.00"), "d31_60": zero, "d61_90": zero,
         "d90_plus": zero, "payment_coverage": approx(0.7), "receivable_coverage": approx(2 / 3),
         "receipt_basis": None},
        {"region": "North", "due_amount": None, "collected": None, "collection_rate": None,
         "outstanding": None, "not_due": None, "d1_30": None, "d31_60": None, "d61_90": None,
         "d90_plus": None, "payment_coverage": 0.0, "receivable_coverage": 0.0,
         "receipt_basis": None},
    ]  # fmt: skip
    north = compute_metric(
        bare, "collection", *OCT, filters=Filters(regions=("North",)), coverage=True
    )
    assert note_texts(north, "en") == ["The uploads carry no payment data."]


# --------------------------------------------------------------------------------------
# quotas, visits, market sizes: none loaded -> unknown, not 0
# --------------------------------------------------------------------------------------
def test_attainment_without_quotas_is_unknown(bare: Lake) -> None:
    frame = compute_metric(bare, "attainment", *OCT, coverage=True)
    assert rows(frame) == [
        {"revenue": Decimal("5000.00"), "quota": None, "attainment": None,
         "time_progress": approx(TIME_PROGRESS), "pacing_gap": None,
         "forecast": Decimal("7750.00"),  # 5000 / 20 days x 31
         "forecast_attainment": None, "quota_coverage": 0.0}
    ]  # fmt: skip
    assert note_texts(frame, "zh") == ["未导入销售指标。"]


def test_attainment_with_quotas_keeps_the_spec_rule_for_a_rep_without_one(fuller: Lake) -> None:
    """Quotas loaded: the unassigned rep has sales and no quota: quota 0, attainment null."""
    frame = compute_metric(fuller, "attainment", *OCT, by="rep")
    assert frame.select("rep_id", "quota", "attainment").to_dicts() == [
        {"rep_id": "", "quota": Decimal("0.00"), "attainment": None},
        {"rep_id": "R1", "quota": Decimal("4000.00"), "attainment": 0.4},
        {"rep_id": "R2", "quota": Decimal("2000.00"), "attainment": 0.7},
    ]
    total = compute_metric(fuller, "attainment", *OCT, coverage=True).row(0, named=True)
    assert total["quota"] == Decimal("6000.00")
    assert total["attainment"] == approx(5000 / 6000)
    assert total["pacing_gap"] == approx(5000 / 6000 - TIME_PROGRESS)
    assert total["quota_coverage"] == 1.0


def test_expense_budget_and_market_without_their_tables_are_unknown(bare: Lake) -> None:
    expense = compute_metric(bare, "expense", *OCT, coverage=True)
    assert rows(expense) == [
        {"expense": None, "revenue": Decimal("5000.00"), "expense_ratio": None,
         "expense_budget": None, "budget_usage": None, "visit_coverage": 0.0,
         "expense_coverage": None, "budget_coverage": 0.0}
    ]  # fmt: skip
    assert note_texts(expense, "en") == ["No visits loaded.", "No expense budget in the quotas."]
    market = compute_metric(bare, "market_share", *OCT, coverage=True)
    assert rows(market) == [
        {"revenue": Decimal("5000.00"), "market_size": None, "market_share": None,
         "market_coverage": 0.0}
    ]  # fmt: skip
    assert note_texts(market, "en") == ["No market sizes loaded."]
    activity = compute_metric(bare, "activity", *OCT, columns=["visits", "visits_per_week"])
    assert activity.select("visits", "visits_per_week").row(0) == (None, None)


def test_expense_covers_the_visits_with_an_expense_and_budget_the_quotas_with_one(
    fuller: Lake,
) -> None:
    """Visits 50, (none), 30: expense 80 over 2 of 3 visits. Budget 300 on one of the two
    quota rows: the budget is shown, its usage is not (it is not the scope's budget)."""
    frame = compute_metric(fuller, "expense", *OCT, coverage=True)
    assert rows(frame) == [
        {"expense": Decimal("80.00"), "revenue": Decimal("5000.00"),
         "expense_ratio": approx(80 / 5000), "expense_budget": Decimal("300.00"),
         "budget_usage": None, "visit_coverage": 1.0, "expense_coverage": approx(2 / 3),
         "budget_coverage": 0.5}
    ]  # fmt: skip
    assert note_texts(frame, "en") == [
        "Expense based on 66.7% of the visits (those with an expense).",
        "Only 50.0% of the quota rows carry an expense budget: budget usage is not computed.",
    ]
    by_rep = compute_metric(fuller, "expense", *OCT, by="rep")
    assert by_rep.select("rep_id", "expense", "expense_budget", "budget_usage").to_dicts() == [
        # the unassigned rep made no visit (visits are loaded) and has no quota row
        {"rep_id": "", "expense": Decimal("0.00"), "expense_budget": Decimal("0.00"),
         "budget_usage": None},
        {"rep_id": "R1", "expense": Decimal("50.00"), "expense_budget": Decimal("300.00"),
         "budget_usage": approx(50 / 300)},
        {"rep_id": "R2", "expense": Decimal("30.00"), "expense_budget": None,
         "budget_usage": None},
    ]  # fmt: skip
    activity = compute_metric(fuller, "activity", *OCT, columns=["visits", "visits_per_week"])
    assert activity.select("visits", "visits_per_week").row(0) == (3, approx(3 / (31 / 7)))


# --------------------------------------------------------------------------------------
# discounts: the known lines only
# --------------------------------------------------------------------------------------
def test_over_authority_counts_among_the_lines_with_a_known_discount(bare: Lake) -> None:
    frame = compute_metric(bare, "over_authority", *OCT, coverage=True)
    assert rows(frame) == [{"lines": 2, "revenue": Decimal("1400.00"), "discount_coverage": 0.6}]
    assert [n.key for n in notes(frame)] == ["partial_discounts"]
    unknown = compute_metric(
        bare, "over_authority", *OCT, filters=Filters(regions=("North",)), coverage=True
    )
    assert rows(unknown) == [{"lines": None, "revenue": None, "discount_coverage": 0.0}]
    assert note_texts(unknown, "en") == ["No discount in these lines."]


def test_the_discount_histogram_leaves_unknown_discounts_out(bare: Lake) -> None:
    from sales_dash.sections.margin import discount_section

    section = discount_section(bare, View(*OCT, AS_OF))
    assert section.discounts["lines"].sum() == 3  # U-1, U-3, U-5; not U-2 and U-4 at 0 %
    assert section.discounts["discount_percent"].to_list() == [10, 20, 30]


# --------------------------------------------------------------------------------------
# customers: lines without one are left out, and the share is said
# --------------------------------------------------------------------------------------
def test_customer_metrics_leave_lines_without_a_customer_out(bare: Lake) -> None:
    activity = compute_metric(
        bare, "activity", *OCT, columns=["new_customers", "retention_rate"], coverage=True
    )
    row = activity.row(0, named=True)
    assert (row["new_customers"], row["retention_rate"]) == (3, None)  # C1, C2, C3
    assert row["customer_coverage"] == approx(0.92)
    abc = compute_metric(bare, "abc", *OCT, coverage=True)
    assert abc.select("customer_id", "revenue", "abc_class", "customer_coverage").rows() == [
        ("C1", Decimal("2000.00"), "A", approx(0.92)),  # 2000 / 4600 = 43.5 %
        ("C3", Decimal("2000.00"), "B", approx(0.92)),  # 4000 / 4600 = 87.0 %
        ("C2", Decimal("600.00"), "C", approx(0.92)),
    ]
    assert note_texts(abc, "zh") == [
        "客户指标基于 92.0% 的销售额（有客户编号的订单行），其余不计入。"
    ]
    # R2's lines: U-3 without a customer, U-5 C1 (not new: C1 first bought on U-1), so R2
    # has no new customer and no row
    by_rep = compute_metric(bare, "activity", *OCT, by="rep", columns=["new_customers"])
    assert by_rep.select("rep_id", "new_customers").rows() == [("", 1), ("R1", 2)]


def test_the_customer_page_says_how_much_revenue_has_no_customer(bare: Lake) -> None:
    from sales_dash.sections.customers import customer_section

    section = customer_section(bare, View(*OCT, AS_OF))
    assert section.without_customer == Decimal("400.00")  # U-3
    assert section.top["customer_id"].to_list() == ["C1", "C3", "C2"]


def test_a_scope_without_any_customer_has_customer_metrics_unknown(tmp_path: Path) -> None:
    lake = _lake(tmp_path, [("orders", "order_id,order_date,revenue\nX-1,2026-10-02,100.00\n")])
    row = compute_metric(lake, "activity", *OCT, coverage=True).row(0, named=True)
    assert row["new_customers"] is None
    assert row["customer_coverage"] == 0.0
    assert compute_metric(lake, "abc", *OCT).is_empty()


# --------------------------------------------------------------------------------------
# unassigned: one group, filterable
# --------------------------------------------------------------------------------------
def test_lines_without_rep_or_region_are_one_unassigned_group(bare: Lake) -> None:
    by_region = compute_metric(bare, "margin", *OCT, by="region")
    assert by_region.select("region", "revenue").rows() == [
        ("", Decimal("1000.00")),
        ("East", Decimal("2000.00")),
        ("North", Decimal("2000.00")),
    ]
    only = compute_metric(bare, "margin", *OCT, filters=Filters(regions=("",)))
    assert only["revenue"].to_list() == [Decimal("1000.00")]


# --------------------------------------------------------------------------------------
# alerts, the headline and the meeting: nothing fires or is said on an unknown
# --------------------------------------------------------------------------------------
def test_no_alert_on_an_unknown(bare: Lake, fuller: Lake) -> None:
    """bare: no quotas (no pacing alert), North and the unassigned rep carry no payment
    data (no collection alert); East (1100 / 1400 = 78.6 %) and R2 (100 / 400 = 25 %) are
    known below the 90 % target. fuller: pacing known for East (2000 / 6000 = 33.3 %,
    gap -31.2 pt) and R1 (1600 / 4000 = 40 %, gap -24.5 pt)."""
    view = View(*OCT, AS_OF)
    found = alerts(bare, view).select("kind", "key").rows()
    assert found == [("collection", "East"), ("collection", "R2")]
    found = alerts(fuller, view).filter(pl.col("kind") == "pacing").select("key").to_series()
    assert found.to_list() == ["East", "R1"]


def test_headline_and_meeting_say_why(bare: Lake) -> None:
    top = headline(bare, *OCT, AS_OF)
    assert (top.quota, top.attainment, top.pacing_gap, top.market_share) == (None,) * 4
    assert top.expense_ratio is None
    assert top.gross_margin == 0.5
    assert [n.key for n in top.notes] == [
        "unknown_no_quotas",
        "partial_cost",
        "partial_payments",
        "partial_receivables",
        "unknown_no_visits",
        "unknown_no_market",
    ]
    assert Note("partial_cost", (0.48, 0.48)).text("en").startswith("Gross profit and margin")
    data = meeting(bare, View(*OCT, AS_OF))
    assert data.overdue_known  # U-3 and U-5 carry payment data
    said = headlines(data, "en")
    assert "No quotas loaded." in said
    assert not any("no quota this month" in line for line in said)


def test_cli_prints_unknowns_empty_and_the_reasons_on_stderr(
    bare: Lake, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "zh")
    args = ["metrics", "attainment", "--start", "2026-10-01", "--end", "2026-10-31"]
    assert main([*args, "--data", str(bare.root)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "revenue,quota,attainment,time_progress,pacing_gap,forecast,forecast_attainment",
        "5000.00,,,0.6451612903,,7750.00,",
    ]
    assert err.splitlines() == ["sales-dash: 未导入销售指标。"]
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    assert main(["metrics", "margin", *args[2:], "--format", "json", "--data", str(bare.root)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == (
        '[{"revenue": 5000.0, "cost": 1200.0, "gross_profit": 1200.0, "gross_margin": 0.5}]'
    )
    assert err.splitlines() == [
        "sales-dash: Gross profit and margin based on 48.0% of the revenue (lines with a cost)."
    ]


# --------------------------------------------------------------------------------------
# money: four places in the lake, summed exactly, rounded once for the result
# --------------------------------------------------------------------------------------
def test_sub_cent_amounts_are_summed_exactly_then_rounded_half_away_from_zero(
    tmp_path: Path,
) -> None:
    """Lines of 100.005 and 200.005 (written to the lake directly, four places): the exact
    sum is 300.0100 -> 300.01. Rounding each line first would give 300.02 (half up) or
    300.00 (half even). Costs 0.0025 + 0.0025 = 0.0050 -> 0.01 (half away from zero)."""
    from sales_dash.schema import ORDERS

    lake = Lake(tmp_path / "lake")
    frame = pl.DataFrame(
        {
            "order_id": ["P-1", "P-2"],
            "line_no": [1, 1],
            "order_date": [dt.date(2026, 10, 2), dt.date(2026, 10, 3)],
            "revenue": [Decimal("100.005"), Decimal("200.005")],
            "cost": [Decimal("0.0025"), Decimal("0.0025")],
            "status": ["", ""],
        }
    )
    frame = frame.with_columns(
        pl.lit(None).alias(c) for c in ORDERS.column_names if c not in frame.columns
    ).select(pl.col(c).cast(t) for c, t in ORDERS.polars_schema.items())
    with lake.write_lock():
        lake.commit({"orders": {"2026-10": frame}})
    row = compute_metric(lake, "margin", *OCT, coverage=True).row(0, named=True)
    assert row["revenue"] == Decimal("300.01")
    assert row["cost"] == Decimal("0.01")
    assert row["gross_profit"] == Decimal("300.01")  # 300.0100 - 0.0050 = 300.0050
    assert row["cost_coverage"] == 1.0
    # the rollup's exact sums and the lines' agree
    by_day = compute_metric(lake, "margin", *OCT, by="customer")
    assert by_day["revenue"].to_list() == [Decimal("300.01")]


def test_expense_per_visit_only_where_every_visit_carries_its_expense(
    bare: Lake, fuller: Lake
) -> None:
    """R1: 50 on two visits, one without an expense: per visit unknown, not 25. R2: 30 on
    one visit. The unassigned rep made no visit. Without visits loaded, visits are unknown."""
    from sales_dash.sections.expenses import expense_by

    view = View(*OCT, AS_OF)
    by_rep = expense_by(fuller, view, "rep").select("rep_id", "visits", "expense_per_visit")
    assert by_rep.rows() == [("", 0, None), ("R1", 2, None), ("R2", 1, 30.0)]
    total = expense_by(fuller, view).row(0, named=True)
    assert (total["visits"], total["expense_per_visit"]) == (3, None)
    bare_by_rep = expense_by(bare, view, "rep")
    assert bare_by_rep["visits"].to_list() == [None, None, None]
    assert "visit_coverage" not in bare_by_rep.columns


def test_cli_filters_the_unassigned_group_by_its_key(
    bare: Lake, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--rep ""` is the lines without a rep (U-4: 2000, no cost)."""
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    args = ["metrics", "margin", "--start", "2026-10-01", "--end", "2026-10-31", "--rep", ""]
    assert main([*args, "--data", str(bare.root)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[1] == "2000.00,,,"
    assert err.splitlines() == ["sales-dash: No cost in these lines."]


def test_a_lake_mixing_two_and_four_place_files_keeps_the_fourth_place(tmp_path: Path) -> None:
    """September written before money kept four places (decimal(18,2)), October after
    (decimal(18,4)): DuckDB would read both in the first file's type, cutting 100.0050 to
    100.00. 10.00 + 100.0050 + 200.0050 = 310.0100 -> 310.01."""
    from sales_dash.schema import ORDERS

    def rows(month: int, amounts: list[str], money: pl.DataType) -> pl.DataFrame:
        frame = pl.DataFrame(
            {
                "order_id": [f"M{month}-{i}" for i in range(len(amounts))],
                "line_no": [1] * len(amounts),
                "order_date": [dt.date(2026, month, 2)] * len(amounts),
                "revenue": [Decimal(a) for a in amounts],
                "status": [""] * len(amounts),
            }
        )
        frame = frame.with_columns(
            pl.lit(None).alias(c) for c in ORDERS.column_names if c not in frame.columns
        )
        schema = {**ORDERS.polars_schema, "revenue": money}
        return frame.select(pl.col(c).cast(t) for c, t in schema.items())

    lake = Lake(tmp_path / "lake")
    with lake.write_lock():
        lake.commit(
            {
                "orders": {
                    "2026-09": rows(9, ["10.00"], pl.Decimal(18, 2)),
                    "2026-10": rows(10, ["100.005", "200.005"], pl.Decimal(18, 4)),
                }
            }
        )
    start, end = dt.date(2026, 9, 1), dt.date(2026, 10, 31)
    assert compute_metric(lake, "margin", start, end)["revenue"][0] == Decimal("310.01")

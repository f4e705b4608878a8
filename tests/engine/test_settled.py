"""Collections from the receipts as applied (issue 16, docs/receipts.md, docs/metrics.md):
a small ledger ingested through the real upload path, every number worked out by hand.

Customer A (Acme, rep R1, East) is settled by its receipts; its lines' own paid columns
are ignored (A1/1 says 100 paid on 02-01: counting it would count P1's money twice).
Customer B (Birch, rep R2, North) has no receipt: each line's paid_amount is a receipt for
that line, dated paid_date (B4's, without a date, is dated its due date, and not timed).

    line  booked  due    revenue  paid columns
    A1/1  01-05   02-04   100     100 on 02-01 (ignored)
    A1/2  01-05   03-06   200
    A2/1  01-20   01-30    50
    A3/1  03-10   04-09   100
    A4/1  03-20   03-20   -20     a return (its own order)
    A5/1  05-05   06-04    60
    B1/1  01-10   02-09   300     300 on 02-20
    B2/1  02-15   03-17   200     100 on 03-30 (partial)
    B3/1  03-25   04-24   150     150 on 05-10
    B4/1  02-01   03-03   120     120, no date: dated 03-03

Receipts of A (the first file holds P1, P2; the second P3, P4):

    P1 02-01  120  unlinked: FIFO, oldest due first: A2/1 50, A1/1 70 (A1/1 open 30)
    P2 03-01  150  linked to A1 line 2: A1/2 150 (a partial payment: A1/2 open 50)
    (03-20)        the return A4/1 closes itself (-20) and its credit note settles the
                   oldest due open line, A1/1: 20 (A1/1 open 10)
    P3 04-10  200  unlinked: A1/1 10, A1/2 50, A3/1 100; 40 left over is credit
    P4 04-12  -10  a refund: takes 10 of the credit (30 left)
    (05-05)        A5/1 is booked: the credit settles 30 of it (paid 04-10, applied 05-05)
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from sales_dash.engine import db
from sales_dash.engine.db import run_sql
from sales_dash.engine.metrics import compute_metric
from sales_dash.engine.settled import settled_rows
from sales_dash.filters import Filters
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from sales_dash_bench.receipts import ledger as ledger_frames
from tests.engine.conftest import forget_databases

ORDERS_CSV = """\
order_id,line_no,order_date,customer_id,customer_name,rep_id,rep_name,region,revenue,due_date,paid_amount,paid_date
A1,1,2026-01-05,A,Acme,R1,Ann,East,100.00,2026-02-04,100.00,2026-02-01
A1,2,2026-01-05,A,Acme,R1,Ann,East,200.00,2026-03-06,0,
A2,1,2026-01-20,A,Acme,R1,Ann,East,50.00,2026-01-30,0,
A3,1,2026-03-10,A,Acme,R1,Ann,East,100.00,2026-04-09,0,
A4,1,2026-03-20,A,Acme,R1,Ann,East,-20.00,2026-03-20,0,
A5,1,2026-05-05,A,Acme,R1,Ann,East,60.00,2026-06-04,0,
B1,1,2026-01-10,B,Birch,R2,Ben,North,300.00,2026-02-09,300.00,2026-02-20
B2,1,2026-02-15,B,Birch,R2,Ben,North,200.00,2026-03-17,100.00,2026-03-30
B3,1,2026-03-25,B,Birch,R2,Ben,North,150.00,2026-04-24,150.00,2026-05-10
B4,1,2026-02-01,B,Birch,R2,Ben,North,120.00,2026-03-03,120.00,
"""
FIRST_RECEIPTS_CSV = """\
收款单号,收款日期,客户编号,收款金额,源单号,源单行号
P1,2026-02-01,A,120.00,,
P2,2026-03-01,A,150.00,A1,2
"""
LATER_RECEIPTS_CSV = """\
payment_id,payment_date,customer_id,amount
P3,2026-04-10,A,200.00
P4,2026-04-12,A,-10.00
"""

Q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
Q2 = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
H1 = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def _ingest(lake: Lake, folder: Path, name: str, table: str, text: str) -> None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    ingest_file(path, table, lake)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    folder = tmp_path_factory.mktemp("ledger")
    lake = Lake(folder / "lake")
    _ingest(lake, folder, "orders.csv", "orders", ORDERS_CSV)
    _ingest(lake, folder, "first.csv", "payments", FIRST_RECEIPTS_CSV)
    _ingest(lake, folder, "later.csv", "payments", LATER_RECEIPTS_CSV)
    return lake


def money(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def approx(value: float | None) -> Any:
    return None if value is None else pytest.approx(value, abs=1e-9)


def metric(lake: Lake, name: str, period: tuple[dt.date, dt.date], **kwargs: Any) -> pl.DataFrame:
    return compute_metric(lake, name, period[0], period[1], **kwargs)


RATE = ["due_amount", "collected", "collection_rate"]
AGING = ["outstanding", "not_due", "d1_30", "d31_60", "d61_90", "d90_plus"]


# --------------------------------------------------------------------------------------
# collection rate as it stood at as-of
# --------------------------------------------------------------------------------------
# Lines due in Q1 (on or before 03-31): A1/1 100, A1/2 200, A2/1 50, the return A4/1 -20
# (A: 330); B1/1 300, B2/1 200, B4/1 120 (B: 620). Due 950.
# Applied on or before 03-31: A2/1 50, A1/1 70 + 20 (the return's credit), A1/2 150, A4/1
# -20 (A: 270); B1/1 300 (02-20), B2/1 100 (03-30), B4/1 120 (03-03) (B: 520). 790.
Q1_AT_END = {"due_amount": money("950.00"), "collected": money("790.00")}


def test_a_past_quarter_keeps_the_rate_it_had_at_its_end(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    _ingest(lake, tmp_path, "orders.csv", "orders", ORDERS_CSV)
    _ingest(lake, tmp_path, "first.csv", "payments", FIRST_RECEIPTS_CSV)
    before = metric(lake, "collection", Q1, as_of=Q1[1], columns=RATE).select(RATE)
    assert before.to_dicts() == [Q1_AT_END | {"collection_rate": approx(790 / 950)}]
    # P3 (04-10) settles the rest of A1/1 and A1/2, both due in Q1: not as of 03-31
    _ingest(lake, tmp_path, "later.csv", "payments", LATER_RECEIPTS_CSV)
    after = metric(lake, "collection", Q1, as_of=Q1[1], columns=RATE).select(RATE)
    assert after.equals(before)
    # as of 06-30 the same quarter has A1/1 10 and A1/2 50 more: 850 of 950
    later = metric(lake, "collection", Q1, as_of=Q2[1], columns=RATE).select(RATE)
    assert later.to_dicts() == [
        {"due_amount": money("950.00"), "collected": money("850.00"),
         "collection_rate": approx(850 / 950)}
    ]  # fmt: skip


def test_collection_by_customer_counts_each_source_once(ledger: Lake) -> None:
    # A1/1's own paid column (100 on 02-01) is not counted: A collected 270, not 370
    frame = metric(ledger, "collection", Q1, as_of=Q1[1], by="customer")
    assert frame.select("customer_id", *RATE).to_dicts() == [
        {"customer_id": "A", "due_amount": money("330.00"), "collected": money("270.00"),
         "collection_rate": approx(270 / 330)},
        {"customer_id": "B", "due_amount": money("620.00"), "collected": money("520.00"),
         "collection_rate": approx(520 / 620)},
    ]  # fmt: skip


# --------------------------------------------------------------------------------------
# aging at three as-of dates
# --------------------------------------------------------------------------------------
def aging(outstanding, not_due="0.00", d1_30="0.00", d31_60="0.00", d61_90="0.00",
          d90_plus="0.00") -> dict[str, Decimal | None]:  # fmt: skip
    values = [outstanding, not_due, d1_30, d31_60, d61_90, d90_plus]
    return dict(zip(AGING, map(money, values), strict=True))


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # 02-15: A1/1 30 (11 days, d1_30), A1/2 200 (not due); B1/1 300 (paid 02-20: open,
        # 6 days), B2/1 200 (booked that day), B4/1 120 (dated 03-03: open, not due)
        (dt.date(2026, 2, 15), aging("850.00", not_due="520.00", d1_30="330.00")),
        # 03-31: A1/1 10 (55 days), A1/2 50 (25 days), A3/1 100 (not due), A4/1 closed;
        # B2/1 100 (14 days), B3/1 150 (not due)
        (Q1[1], aging("410.00", not_due="250.00", d1_30="150.00", d31_60="10.00")),
        # 06-30: A5/1 60 - 30 of credit = 30 (26 days); B2/1 100 (105 days)
        (Q2[1], aging("130.00", d1_30="30.00", d90_plus="100.00")),
    ],
)
def test_aging_as_it_stood(ledger: Lake, as_of: dt.date, expected: dict[str, Any]) -> None:
    frame = metric(ledger, "collection", Q1, as_of=as_of, columns=AGING).select(AGING)
    assert frame.to_dicts() == [expected]


def test_aging_by_customer_at_the_quarter_end(ledger: Lake) -> None:
    frame = metric(ledger, "collection", Q1, as_of=Q1[1], by="customer")
    assert frame.select("customer_id", *AGING).to_dicts() == [
        {"customer_id": "A"} | aging("160.00", not_due="100.00", d1_30="50.00", d31_60="10.00"),
        {"customer_id": "B"} | aging("250.00", not_due="150.00", d1_30="100.00"),
    ]


# --------------------------------------------------------------------------------------
# cash collected, 回款周期, DSO
# --------------------------------------------------------------------------------------
def test_cash_collected_by_month(ledger: Lake) -> None:
    # receipts by payment_date: P1 02-01 120, P2 03-01 150, P3 04-10 200, P4 04-12 -10;
    # B's paid columns: B1 02-20 300, B4 03-03 120 (its due date), B2 03-30 100, B3 05-10 150.
    # A1/1's paid column is not money received: February is 420, not 520.
    frame = metric(ledger, "cash", H1, as_of=Q2[1], by="month", columns=["cash_collected"])
    assert frame.select("month", "cash_collected").to_dicts() == [
        {"month": "2026-01", "cash_collected": money("0.00")},
        {"month": "2026-02", "cash_collected": money("420.00")},
        {"month": "2026-03", "cash_collected": money("370.00")},
        {"month": "2026-04", "cash_collected": money("190.00")},
        {"month": "2026-05", "cash_collected": money("150.00")},
        {"month": "2026-06", "cash_collected": money("0.00")},
    ]


def test_cash_collected_by_region_and_its_owner(ledger: Lake) -> None:
    # A's receipts name no region: they count for A's owner, East (120 + 150 + 200 - 10)
    frame = metric(ledger, "cash", H1, as_of=Q2[1], by="region", columns=["cash_collected"])
    assert frame.select("region", "cash_collected").to_dicts() == [
        {"region": "East", "cash_collected": money("460.00")},
        {"region": "North", "cash_collected": money("670.00")},
    ]


def test_collection_days_weighs_each_amount_by_its_days(ledger: Lake) -> None:
    # Q1 money with a known date: P1 to A2/1 50 x 12 days (01-20 -> 02-01) and A1/1 70 x 27;
    # P2 to A1/2 150 x 55; B1 300 x 41; B2 100 x 43. (B4's date is by rule: left out; the
    # return is not money.) 600 + 1890 + 8250 + 12300 + 4300 = 27340 over 670.
    q1 = metric(ledger, "cash", Q1, as_of=Q1[1], columns=["collection_days"])
    assert q1["collection_days"].to_list() == [approx(27340 / 670)]
    # Q2: P3 to A1/1 10 x 95, A1/2 50 x 95, A3/1 100 x 31, and its credit to A5/1 30 x -25
    # (paid 04-10 for a line booked 05-05); B3 150 x 46. 950 + 4750 + 3100 - 750 + 6900 =
    # 14950 over 340. P4's refund took back credit only: no line's money moved.
    q2 = metric(ledger, "cash", Q2, as_of=Q2[1], columns=["collection_days"])
    assert q2["collection_days"].to_list() == [approx(14950 / 340)]


def test_dso_at_the_quarter_end(ledger: Lake) -> None:
    # outstanding at 03-31: 410 (aging above); revenue of 01-01..03-31 (90 days):
    # 100 + 200 + 50 + 100 - 20 + 300 + 200 + 150 + 120 = 1200. 410 / 1200 x 90 = 30.75.
    frame = metric(ledger, "cash", Q1, as_of=Q1[1], columns=["dso"])
    assert frame["dso"].to_list() == [approx(30.75)]
    # by customer: A 160 / (100 + 200 + 50 + 100 - 20) x 90; B 250 / 770 x 90
    by_customer = metric(ledger, "cash", Q1, as_of=Q1[1], by="customer", columns=["dso"])
    assert by_customer.select("customer_id", "dso").to_dicts() == [
        {"customer_id": "A", "dso": approx(160 / 430 * 90)},
        {"customer_id": "B", "dso": approx(250 / 770 * 90)},
    ]


def test_cash_under_a_product_filter_is_unknown_with_its_reason(ledger: Lake) -> None:
    frame = metric(ledger, "cash", Q1, as_of=Q1[1], filters=Filters(products=("x",)), coverage=True)
    assert frame["cash_collected"].to_list() == [None]
    assert frame["cash_coverage"].to_list() == [0.0]


def test_a_lake_without_payment_data_has_cash_unknown(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    text = "order_id,order_date,customer_id,revenue\nX1,2026-02-01,C,100.00\n"
    _ingest(lake, tmp_path, "orders.csv", "orders", text)
    frame = metric(lake, "cash", Q1, coverage=True)
    assert frame.row(0, named=True) == {
        "cash_collected": None,
        "collection_days": None,
        "dso": None,
        "receivable_coverage": 0.0,
        "cash_coverage": 1.0,
        "receipt_basis": None,  # no receipt in the lake: nothing to tell apart
    }


# --------------------------------------------------------------------------------------
# applied again only for the customers an upload touches
# --------------------------------------------------------------------------------------
SETTLED_ORDER = ["customer_id", "order_id", "line_no", "applied_date", "source", "payment_id"]


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort([*SETTLED_ORDER, "amount"], nulls_last=True)


def test_settled_again_for_changed_customers_equals_settled_from_scratch() -> None:
    lines, receipts = ledger_frames(3_000, 900)
    lines = lines.with_columns(category=pl.lit("c"), product=pl.lit("p"))
    before = settled_rows(lines, receipts)
    # C1's lines change, C2 loses its receipts, C3 gains one, a line without a customer
    changed_lines = pl.concat(
        [
            lines.filter(pl.col("customer_id") != "C1"),
            lines.filter(pl.col("customer_id") == "C1").with_columns(revenue=pl.col("revenue") * 2),
            lines.head(1).with_columns(customer_id=pl.lit(None, pl.String), order_id=pl.lit("X")),
        ]
    )
    extra = receipts.head(1).with_columns(customer_id=pl.lit("C3"), payment_id=pl.lit("PX"))
    changed_receipts = pl.concat([receipts.filter(pl.col("customer_id") != "C2"), extra])
    again = settled_rows(changed_lines, changed_receipts, before)
    fresh = settled_rows(changed_lines, changed_receipts)
    assert _sorted(again.select(fresh.columns)).equals(_sorted(fresh))


def test_the_lake_keeps_what_a_build_from_scratch_gives(ledger: Lake) -> None:
    """Three uploads, each applying again only what it touched, equal one build of all."""
    built = _sorted(run_sql(ledger, "select * from settled"))
    spans = run_sql(ledger, "select * from open_spans order by all")
    forget_databases()
    db.clear_result_cache()
    shutil.rmtree(ledger.root / db.DERIVED_DIR)
    assert _sorted(run_sql(ledger, "select * from settled")).equals(built)
    assert run_sql(ledger, "select * from open_spans order by all").equals(spans)


def test_a_new_process_applies_again_from_what_the_last_one_kept(tmp_path: Path) -> None:
    """The upload's process starts without the table in memory: it reads the one kept in
    _derived/ for the data before, and gives what a build from scratch gives."""
    lake = Lake(tmp_path / "lake")
    _ingest(lake, tmp_path, "orders.csv", "orders", ORDERS_CSV)
    _ingest(lake, tmp_path, "first.csv", "payments", FIRST_RECEIPTS_CSV)
    forget_databases()  # as a new process would start
    _ingest(lake, tmp_path, "later.csv", "payments", LATER_RECEIPTS_CSV)
    built = _sorted(run_sql(lake, "select * from settled"))
    forget_databases()
    db.clear_result_cache()
    shutil.rmtree(lake.root / db.DERIVED_DIR)
    assert _sorted(run_sql(lake, "select * from settled")).equals(built)
    # P3's 200: 160 on A1/1, A1/2, A3/1, and 30 of its credit on A5/1 (P4 took back 10)
    assert built.filter(pl.col("payment_id") == "P3")["amount"].sum() == Decimal("190")

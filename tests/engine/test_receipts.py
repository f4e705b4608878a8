"""Receipts applied to order lines (docs/receipts.md): golden ledgers worked by hand, and
properties over random ledgers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from sales_dash.engine.receipts import (
    AppliedReceipts,
    apply_receipts,
    credit_at,
    open_amount,
    reapply_receipts,
)
from sales_dash.schema import MONEY

D = Decimal
Line = tuple[str, int, dt.date, dt.date | None, str | None, str, str | None, dt.date | None]


def day(month: int, d: int) -> dt.date:
    return dt.date(2026, month, d)


def lines_frame(rows: list[Line]) -> pl.DataFrame:
    """(order_id, line_no, order_date, due_date, customer_id, revenue, paid_amount, paid_date)."""
    return pl.DataFrame(
        [(o, n, od, due, c, "东区", "R1", D(rev), None if p is None else D(p), pd)
         for o, n, od, due, c, rev, p, pd in rows],
        schema={
            "order_id": pl.String, "line_no": pl.Int64, "order_date": pl.Date,
            "due_date": pl.Date, "customer_id": pl.String, "region": pl.String,
            "rep_id": pl.String, "revenue": MONEY, "paid_amount": MONEY, "paid_date": pl.Date,
        },
        orient="row",
    )  # fmt: skip


def receipts_frame(
    rows: list[tuple[str, dt.date, str, str, str | None, int | None]],
) -> pl.DataFrame:
    """(payment_id, payment_date, customer_id, amount, order_id, line_no)."""
    return pl.DataFrame(
        [(p, d, c, D(a), o, n) for p, d, c, a, o, n in rows],
        schema={
            "payment_id": pl.String, "payment_date": pl.Date, "customer_id": pl.String,
            "amount": MONEY, "order_id": pl.String, "line_no": pl.Int64,
        },
        orient="row",
    )  # fmt: skip


def applications(applied: AppliedReceipts) -> list[tuple[object, ...]]:
    """(order, line, source, payment_id, payment_date, applied_date, amount) in result order."""
    return applied.allocations.select(
        "order_id", "line_no", "source", "payment_id", "payment_date", "applied_date", "amount"
    ).rows()


def opens(lines: pl.DataFrame, applied: AppliedReceipts, as_of: dt.date) -> dict[str, object]:
    frame = open_amount(lines, applied, as_of)
    return {f"{o}/{n}": v for o, n, v in frame.select("order_id", "line_no", "open").rows()}


# Customer C1: two lines of SO1 booked 1-05, one of SO2 booked 1-20 on short terms.
THREE_LINES = lines_frame(
    [
        ("SO1", 1, day(1, 5), day(2, 4), "C1", "100", None, None),
        ("SO1", 2, day(1, 5), day(3, 6), "C1", "200", None, None),
        ("SO2", 1, day(1, 20), day(1, 30), "C1", "50", None, None),
    ]
)


def test_unlinked_receipts_settle_the_oldest_due_first() -> None:
    receipts = receipts_frame(
        [("P1", day(2, 1), "C1", "120", None, None), ("P2", day(3, 1), "C1", "150", None, None)]
    )
    applied = apply_receipts(THREE_LINES, receipts)
    # P1 (2-01, 120), open lines by due date: SO2/1 (1-30) 50, SO1/1 (2-04) 100, SO1/2 (3-06)
    #   SO2/1 takes 50 (70 left), SO1/1 takes 70 (30 still open)
    # P2 (3-01, 150): SO1/1 takes its last 30 (120 left), SO1/2 takes 120 (80 still open)
    assert applications(applied) == [
        ("SO1", 1, "receipt", "P1", day(2, 1), day(2, 1), D("70")),
        ("SO1", 1, "receipt", "P2", day(3, 1), day(3, 1), D("30")),
        ("SO1", 2, "receipt", "P2", day(3, 1), day(3, 1), D("120")),
        ("SO2", 1, "receipt", "P1", day(2, 1), day(2, 1), D("50")),
    ]
    assert applied.credit.is_empty()  # 270 received, all applied
    assert applied.basis["basis"].to_list() == ["receipts"] * 3


def test_open_amounts_at_three_as_of_dates() -> None:
    receipts = receipts_frame(
        [("P1", day(2, 1), "C1", "120", None, None), ("P2", day(3, 1), "C1", "150", None, None)]
    )
    applied = apply_receipts(THREE_LINES, receipts)
    # 1-10: SO2/1 (booked 1-20) is not on the books yet; nothing received
    assert opens(THREE_LINES, applied, day(1, 10)) == {"SO1/1": D("100"), "SO1/2": D("200")}
    # 2-15: after P1 — SO1/1 100 − 70 = 30, SO2/1 50 − 50 = 0
    assert opens(THREE_LINES, applied, day(2, 15)) == {
        "SO1/1": D("30"), "SO1/2": D("200"), "SO2/1": D("0"),
    }  # fmt: skip
    # 3-31: after P2 — SO1/1 30 − 30 = 0, SO1/2 200 − 120 = 80
    assert opens(THREE_LINES, applied, day(3, 31)) == {
        "SO1/1": D("0"), "SO1/2": D("80"), "SO2/1": D("0"),
    }  # fmt: skip


def test_a_linked_receipt_settles_its_order_first_then_goes_on_unlinked() -> None:
    receipts = receipts_frame([("P1", day(2, 1), "C1", "330", "SO1", 2)])
    applied = apply_receipts(THREE_LINES, receipts)
    # P1 names SO1 line 2: SO1/2 takes 200 (130 left); then SO1's other open lines:
    # SO1/1 takes 100 (30 left); the rest goes on unlinked: SO2/1 takes 30 of its 50
    assert applications(applied) == [
        ("SO1", 1, "receipt", "P1", day(2, 1), day(2, 1), D("100")),
        ("SO1", 2, "receipt", "P1", day(2, 1), day(2, 1), D("200")),
        ("SO2", 1, "receipt", "P1", day(2, 1), day(2, 1), D("30")),
    ]
    assert opens(THREE_LINES, applied, day(2, 1))["SO2/1"] == D("20")  # 50 − 30


def test_a_receipt_linked_to_an_order_settles_it_even_when_others_are_due_earlier() -> None:
    receipts = receipts_frame([("P1", day(2, 1), "C1", "120", "SO1", None)])
    applied = apply_receipts(THREE_LINES, receipts)
    # SO1's lines oldest due first: SO1/1 (2-04) 100, SO1/2 (3-06) 20; SO2/1, due 1-30, untouched
    assert applications(applied) == [
        ("SO1", 1, "receipt", "P1", day(2, 1), day(2, 1), D("100")),
        ("SO1", 2, "receipt", "P1", day(2, 1), day(2, 1), D("20")),
    ]


def test_a_partial_payment_leaves_the_rest_open() -> None:
    lines = lines_frame([("SO1", 1, day(1, 5), day(2, 4), "C1", "100.50", None, None)])
    applied = apply_receipts(lines, receipts_frame([("P1", day(2, 1), "C1", "40.25", None, None)]))
    assert applications(applied) == [
        ("SO1", 1, "receipt", "P1", day(2, 1), day(2, 1), D("40.25")),
    ]
    assert opens(lines, applied, day(12, 31)) == {"SO1/1": D("60.25")}  # 100.50 − 40.25


def test_an_overpayment_is_credit_that_settles_a_line_booked_later() -> None:
    lines = lines_frame(
        [
            ("SO1", 1, day(1, 5), day(2, 4), "C1", "100", None, None),
            ("SO3", 1, day(3, 10), day(4, 9), "C1", "80", None, None),
        ]
    )
    applied = apply_receipts(lines, receipts_frame([("P1", day(2, 1), "C1", "150", None, None)]))
    # P1 (2-01, 150): SO1/1 takes 100; 50 is credit from 2-01
    # SO3/1 booked 3-10: the credit settles 50 of it, applied 3-10 (money received 2-01)
    assert applications(applied) == [
        ("SO1", 1, "receipt", "P1", day(2, 1), day(2, 1), D("100")),
        ("SO3", 1, "receipt", "P1", day(2, 1), day(3, 10), D("50")),
    ]
    assert applied.credit.rows() == [("C1", day(2, 1), D("50")), ("C1", day(3, 10), D("0"))]
    assert credit_at(applied, day(2, 15)).rows() == [("C1", D("50"))]
    assert credit_at(applied, day(3, 31)).rows() == [("C1", D("0"))]
    assert opens(lines, applied, day(3, 31)) == {"SO1/1": D("0"), "SO3/1": D("30")}  # 80 − 50


def test_a_refund_takes_back_credit_then_the_latest_application() -> None:
    lines = lines_frame(
        [
            ("SO1", 1, day(1, 5), day(2, 4), "C1", "100", None, None),
            ("SO2", 1, day(1, 10), day(2, 9), "C1", "60", None, None),
        ]
    )
    receipts = receipts_frame(
        [("P1", day(2, 1), "C1", "190", None, None), ("P2", day(2, 15), "C1", "-50", None, None)]
    )
    applied = apply_receipts(lines, receipts)
    # P1 (2-01, 190): SO1/1 100, SO2/1 60, credit 30
    # P2 (2-15, −50): the 30 of credit first, then 20 off the latest application (SO2/1's)
    assert applications(applied) == [
        ("SO1", 1, "receipt", "P1", day(2, 1), day(2, 1), D("100")),
        ("SO2", 1, "receipt", "P1", day(2, 1), day(2, 1), D("60")),
        ("SO2", 1, "refund", "P2", day(2, 15), day(2, 15), D("-20")),
    ]
    assert applied.credit.rows() == [("C1", day(2, 1), D("30")), ("C1", day(2, 15), D("0"))]
    assert opens(lines, applied, day(2, 10)) == {"SO1/1": D("0"), "SO2/1": D("0")}
    assert opens(lines, applied, day(2, 20)) == {"SO1/1": D("0"), "SO2/1": D("20")}  # 60 − 40


def test_a_refund_beyond_everything_paid_is_owed_back_first() -> None:
    lines = lines_frame([("SO1", 1, day(1, 5), day(2, 4), "C1", "100", None, None)])
    receipts = receipts_frame(
        [
            ("P1", day(2, 1), "C1", "100", None, None),
            ("P2", day(2, 2), "C1", "-130", None, None),
            ("P3", day(2, 3), "C1", "50", None, None),
        ]
    )
    applied = apply_receipts(lines, receipts)
    # P2 reverses SO1/1's 100 and leaves 30 owed back (credit −30); P3 repays those 30
    # first, then settles 20 of SO1/1
    assert applications(applied) == [
        ("SO1", 1, "receipt", "P1", day(2, 1), day(2, 1), D("100")),
        ("SO1", 1, "refund", "P2", day(2, 2), day(2, 2), D("-100")),
        ("SO1", 1, "receipt", "P3", day(2, 3), day(2, 3), D("20")),
    ]
    assert applied.credit.rows() == [("C1", day(2, 2), D("-30")), ("C1", day(2, 3), D("0"))]


def test_a_return_line_is_a_credit_note_for_its_order_first() -> None:
    lines = lines_frame(
        [
            ("SO1", 1, day(1, 5), day(2, 4), "C1", "100", None, None),
            ("SO1", 2, day(1, 20), None, "C1", "-30", None, None),
            ("SO2", 1, day(1, 10), day(1, 20), "C1", "50", None, None),
        ]
    )
    applied = apply_receipts(lines, receipts_frame([("P1", day(3, 1), "C1", "100", None, None)]))
    # 1-20: the return SO1/2 closes itself (−30) and settles 30 of its own order's SO1/1,
    #       although SO2/1 is due earlier
    # 3-01: P1 100 → SO2/1 (due 1-20) 50, SO1/1 (due 2-04) 50: SO1/1 open 100 − 30 − 50 = 20
    assert applications(applied) == [
        ("SO1", 1, "return", None, day(1, 20), day(1, 20), D("30")),
        ("SO1", 1, "receipt", "P1", day(3, 1), day(3, 1), D("50")),
        ("SO1", 2, "return", None, day(1, 20), day(1, 20), D("-30")),
        ("SO2", 1, "receipt", "P1", day(3, 1), day(3, 1), D("50")),
    ]
    # Σ revenue 100 − 30 + 50 = 120 = Σ applied (50 + 30 − 30 + 50 = 100) + Σ open (20)
    assert opens(lines, applied, day(3, 31)) == {
        "SO1/1": D("20"), "SO1/2": D("0"), "SO2/1": D("0"),
    }  # fmt: skip
    assert opens(lines, applied, day(1, 31)) == {
        "SO1/1": D("70"), "SO1/2": D("0"), "SO2/1": D("50"),
    }  # fmt: skip


def test_customers_without_receipts_are_settled_by_their_lines_and_unknown_stays_unknown() -> None:
    lines = lines_frame(
        [
            # C1 has a receipt: its lines' paid columns are ignored (no 999 counted)
            ("SO1", 1, day(1, 5), day(2, 4), "C1", "100", "999", day(1, 6)),
            # C9 has none: each line's paid_amount settles that line
            ("SO9", 1, day(1, 5), day(2, 4), "C9", "100", "60", day(2, 10)),
            ("SO9", 2, day(1, 5), day(3, 1), "C9", "40", "40", None),  # dated by its due date
            ("SO9", 3, day(1, 5), day(3, 1), "C9", "20", "0", None),
            # unknown payment data, with or without a customer: unknown, not 0
            ("SO8", 1, day(1, 5), None, "C8", "70", None, None),
            ("SO7", 1, day(1, 5), None, None, "10", None, None),
        ]
    )
    applied = apply_receipts(lines, receipts_frame([("P1", day(2, 1), "C1", "30", None, None)]))
    assert applications(applied) == [
        ("SO1", 1, "receipt", "P1", day(2, 1), day(2, 1), D("30")),
        ("SO9", 1, "line", None, day(2, 10), day(2, 10), D("60")),
        ("SO9", 2, "line", None, day(3, 1), day(3, 1), D("40")),
    ]
    assert applied.allocations["date_known"].to_list() == [True, True, False]
    keyed = applied.basis.select(pl.format("{}/{}", "order_id", "line_no"), "basis")
    assert dict(keyed.rows()) == {
        "SO7/1": "unknown", "SO1/1": "receipts", "SO8/1": "unknown",
        "SO9/1": "line", "SO9/2": "line", "SO9/3": "line",
    }  # fmt: skip
    # as of 2-20: SO1/1 100 − 30; SO9/1 100 − 60; SO9/2 not yet paid (dated 3-01); SO9/3 20
    assert opens(lines, applied, day(2, 20)) == {
        "SO7/1": None, "SO1/1": D("70"), "SO8/1": None,
        "SO9/1": D("40"), "SO9/2": D("40"), "SO9/3": D("20"),
    }  # fmt: skip


# --- properties over random ledgers

CUSTOMERS = ("A", "B", "C", "D")
dates = st.integers(0, 90).map(lambda n: day(1, 1) + dt.timedelta(days=n))
cents = st.integers(-5_000, 30_000).map(lambda n: Decimal(n) / 100)


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[pl.DataFrame, pl.DataFrame]:
    lines: list[Line] = []
    for number in range(draw(st.integers(0, 12))):
        order = f"SO{draw(st.integers(0, number))}"
        ordered = draw(dates)
        terms = draw(st.none() | st.integers(0, 60))
        due = None if terms is None else ordered + dt.timedelta(days=terms)
        paid = draw(st.none() | cents)
        lines.append(
            (order, number, ordered, due, draw(st.sampled_from(CUSTOMERS) | st.none()),
             str(draw(cents)), None if paid is None else str(paid), draw(st.none() | dates))
        )  # fmt: skip
    receipts = []
    for number in range(draw(st.integers(0, 10))):
        linked = draw(st.none() | st.sampled_from([line[0] for line in lines] or ["SO0"]))
        receipts.append(
            (f"P{number}", draw(dates), draw(st.sampled_from(CUSTOMERS[:3])), str(draw(cents)),
             linked, draw(st.none() | st.integers(0, 12)) if linked else None)
        )  # fmt: skip
    return lines_frame(lines), receipts_frame(receipts)


@settings(max_examples=150, deadline=None)
@given(ledgers())
def test_every_customer_balances_and_no_line_is_overpaid(
    ledger: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    lines, receipts = ledger
    applied = apply_receipts(lines, receipts)
    end = day(12, 31)
    opened = open_amount(lines, applied, end)
    credit = dict(credit_at(applied, end).rows())
    payers = set(receipts["customer_id"])
    for customer in payers:
        mine = opened.filter(pl.col("customer_id") == customer)
        paid = receipts.filter(pl.col("customer_id") == customer)["amount"].sum()
        # Σ revenue − Σ receipts = Σ open − credit: every unit received is applied or credit
        left = credit.get(customer, Decimal(0))
        assert mine["revenue"].sum() - paid == mine["open"].sum() - left
        # a line is never settled beyond its amount; a return closes itself
        for revenue, still_open in mine.select("revenue", "open").rows():
            assert (0 <= still_open <= revenue) if revenue >= 0 else still_open == 0
        # credit is only left over when nothing is open
        if left > 0:
            assert all(v == 0 for v in mine["open"])
    own = applied.allocations.filter(pl.col("source") == "line")
    expected = lines.filter(
        ~pl.col("customer_id").is_in(list(payers)).fill_null(False)
        & pl.col("paid_amount").is_not_null()
    )["paid_amount"].sum()
    assert own["amount"].sum() == expected
    # nothing settles a line before it is booked, nor with money not yet received
    booked = applied.allocations.join(lines, on=["order_id", "line_no"])
    receipt_rows = booked.filter(pl.col("source") != "line")
    assert (receipt_rows["applied_date"] >= receipt_rows["order_date"]).all()
    assert (receipt_rows["applied_date"] >= receipt_rows["payment_date"]).all()


@settings(max_examples=150, deadline=None)
@given(ledgers(), st.integers(0, 10), st.sets(st.sampled_from(CUSTOMERS)))
def test_applying_in_one_batch_or_upload_by_upload_gives_the_same_result(
    ledger: tuple[pl.DataFrame, pl.DataFrame], cut: int, first_customers: set[str]
) -> None:
    lines, receipts = ledger
    whole = apply_receipts(lines, receipts)
    # the order of the rows does not matter
    turned = apply_receipts(lines.reverse(), receipts.reverse())
    assert turned.allocations.equals(whole.allocations)
    assert turned.credit.equals(whole.credit)
    # first upload: the lines of some customers and the first receipts
    early_lines = lines.filter(pl.col("customer_id").is_in(list(first_customers)))
    early_receipts = receipts.head(cut)
    previous = apply_receipts(early_lines, early_receipts)
    # second upload: the rest; it touches the customers of the rows it adds
    later_lines = lines.join(early_lines, on=["order_id", "line_no"], how="anti")
    touched: set[str | None] = set(later_lines["customer_id"]) | set(
        receipts.tail(receipts.height - cut)["customer_id"]
    )
    step = reapply_receipts(previous, lines, receipts, touched)
    assert step.allocations.equals(whole.allocations)
    assert step.basis.equals(whole.basis)
    assert step.credit.equals(whole.credit)


def test_a_line_the_application_never_saw_has_unknown_collection() -> None:
    # C1 has a receipt (of 0): its lines are settled by receipts, nothing received yet
    nothing = receipts_frame([("P1", day(2, 1), "C1", "0", None, None)])
    applied = apply_receipts(THREE_LINES.head(1), nothing)
    # SO1/2 and SO2/1 were not in the lines applied: unknown, not "nothing paid"
    assert opens(THREE_LINES, applied, day(3, 31)) == {
        "SO1/1": D("100"), "SO1/2": None, "SO2/1": None,
    }  # fmt: skip

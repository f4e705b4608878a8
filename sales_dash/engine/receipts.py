"""Receipts applied to order lines: what settled each line, when, and the customers' credit.

The rules are in docs/receipts.md. In short: a customer with any receipt is settled by its
receipts (FIFO, oldest due first; a linked receipt settles its order first; a surplus is
credit for lines booked later; a return is a credit note; a refund takes back credit, then
the latest applications) and its lines' own paid columns are ignored; a customer without
receipts is settled line by line by ``paid_amount``, dated ``paid_date``; a line of such a
customer without payment data has unknown collection. Everything is exact: money travels
as integers of ten-thousandths, the precision of ``MONEY``.

Aging at any as-of date and collection as it stood at a date are aggregations of
``open_amount`` and ``AppliedReceipts.allocations`` (``applied_date <= as_of``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from sales_dash.engine.receipt_ledger import LINE, Ledger, LedgerLine, Receipt
from sales_dash.schema import MONEY

LINE_KEY = ("order_id", "line_no")
RECEIPTS, LINES, UNKNOWN = "receipts", "line", "unknown"
"""A line's basis: its customer's receipts, its own paid columns, or nothing known."""
UNITS = pl.Decimal(38, 0)
TEN_THOUSANDTH = pl.lit(Decimal("0.0001"), dtype=pl.Decimal(38, 4))

ALLOCATION_SCHEMA = pl.Schema(
    {
        "order_id": pl.String(),
        "line_no": pl.Int64(),
        "customer_id": pl.String(),
        "source": pl.String(),
        "payment_id": pl.String(),
        "payment_date": pl.Date(),
        "applied_date": pl.Date(),
        "amount": MONEY,
        "date_known": pl.Boolean(),
    }
)
BASIS_SCHEMA = pl.Schema(
    {
        "order_id": pl.String(),
        "line_no": pl.Int64(),
        "customer_id": pl.String(),
        "basis": pl.String(),
    }
)
CREDIT_SCHEMA = pl.Schema({"customer_id": pl.String(), "date": pl.Date(), "credit": MONEY})


@dataclass(frozen=True)
class AppliedReceipts:
    allocations: pl.DataFrame
    """One row per application (ALLOCATION_SCHEMA): the line, ``source`` (receipt, refund,
    return, line), the receipt's ``payment_id`` (null for return and line), the money's
    ``payment_date``, the ``applied_date`` it settled the line (≥ payment_date: credit
    settles a line when the line is booked), ``amount`` (negative for a refund's reversal
    and for a return line closing itself) and ``date_known`` (false: a line's paid_amount
    without paid_date, dated by rule)."""
    basis: pl.DataFrame
    """One row per line (BASIS_SCHEMA): ``receipts``, ``line`` or ``unknown``."""
    credit: pl.DataFrame
    """Each receipt customer's credit after each date it changed (CREDIT_SCHEMA); negative
    when refunds exceeded everything paid."""


def _units(column: str) -> pl.Expr:
    """Money as integers of ten-thousandths: exact, and fast in a Python loop."""
    return pl.col(column).cast(MONEY).to_physical().cast(pl.Int64)


def _money(column: str) -> pl.Expr:
    return (pl.col(column).cast(UNITS) * TEN_THOUSANDTH).cast(MONEY).alias(column)


def _days(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Date).to_physical().cast(pl.Int64)


def _normalised_receipts(receipts: pl.DataFrame) -> pl.DataFrame:
    for column, dtype in (("order_id", pl.String()), ("line_no", pl.Int64())):
        if column not in receipts.columns:
            receipts = receipts.with_columns(pl.lit(None, dtype).alias(column))
    known = pl.col("customer_id").is_not_null() & (pl.col("amount") != 0)
    return receipts.filter(known).sort("customer_id", "payment_date", "payment_id")


def apply_receipts(lines: pl.DataFrame, receipts: pl.DataFrame) -> AppliedReceipts:
    """Apply ``receipts`` (payment_id, payment_date, customer_id, amount; optional order_id,
    line_no) to order ``lines`` (order_id, line_no, order_date, due_date, customer_id,
    revenue, paid_amount, paid_date), both as stored: money ``MONEY``, dates ``Date``.

    Pass the lines that count (cancelled ones left out). Deterministic: the result depends
    on the rows, not their order.
    """
    payers = receipts["customer_id"].unique().drop_nulls()  # a receipt of 0 is one too
    receipts = _normalised_receipts(receipts)
    by_receipts = pl.col("customer_id").is_in(payers.implode()).fill_null(False)
    lines = lines.with_row_index("_line")
    ledger_lines = lines.filter(by_receipts)
    own_lines = lines.filter(~by_receipts)
    applied, credit = _run_ledgers(ledger_lines, receipts)
    allocations = pl.concat([applied, _line_allocations(own_lines)])
    basis = lines.select(
        *LINE_KEY,
        "customer_id",
        pl.when(by_receipts)
        .then(pl.lit(RECEIPTS))
        .when(pl.col("paid_amount").is_null())
        .then(pl.lit(UNKNOWN))
        .otherwise(pl.lit(LINES))
        .alias("basis"),
    )
    return AppliedReceipts(
        allocations=sort_allocations(allocations),
        basis=basis.sort("customer_id", *LINE_KEY, nulls_last=False).cast(BASIS_SCHEMA),
        credit=credit.sort("customer_id", "date"),
    )


def _line_allocations(lines: pl.DataFrame) -> pl.DataFrame:
    """Customers without receipts: a line's paid_amount settles that line, dated paid_date;
    without paid_date, the due date (or order date): "paid on its terms", flagged."""
    paid = lines.filter(pl.col("paid_amount").is_not_null() & (pl.col("paid_amount") != 0))
    dated = pl.coalesce("paid_date", "due_date", "order_date")
    return paid.select(
        *LINE_KEY,
        "customer_id",
        pl.lit(LINE).alias("source"),
        pl.lit(None, pl.String).alias("payment_id"),
        dated.alias("payment_date"),
        dated.alias("applied_date"),
        pl.col("paid_amount").cast(MONEY).alias("amount"),
        pl.col("paid_date").is_not_null().alias("date_known"),
    ).cast(ALLOCATION_SCHEMA)


def _run_ledgers(lines: pl.DataFrame, receipts: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One ledger per receipt customer: rows grouped by customer in one pass each."""
    line_rows = lines.select(
        "_line",
        "customer_id",
        "order_id",
        "line_no",
        _days("order_date").alias("order_day"),
        _days("due_date").fill_null(_days("order_date")).alias("due_day"),
        _units("revenue").alias("revenue"),
    )
    receipt_rows = receipts.with_row_index("_receipt").select(
        "_receipt",
        "customer_id",
        _days("payment_date").alias("day"),
        _units("amount").alias("amount"),
        "order_id",
        "line_no",
    )
    by_customer: dict[str, list[LedgerLine]] = {}
    for index, customer, order_id, line_no, order_day, due_day, revenue in line_rows.iter_rows():
        by_customer.setdefault(customer, []).append(
            LedgerLine(index, order_id, line_no, order_day, due_day, revenue)
        )
    receipts_of: dict[str, list[Receipt]] = {}
    for index, customer, day, amount, order_id, line_no in receipt_rows.iter_rows():
        receipts_of.setdefault(customer, []).append(Receipt(index, day, amount, order_id, line_no))
    applied: list[tuple[int, int, int, int, str, int]] = []
    credit: list[tuple[str, int, int]] = []
    for customer in sorted(by_customer.keys() | receipts_of.keys()):
        ledger = Ledger(by_customer.get(customer, []))
        ledger.run(receipts_of.get(customer, []))
        applied += ledger.applied
        credit += [(customer, date, balance) for date, balance in ledger.credit]
    return _applied_frame(applied, lines, receipts), _credit_frame(credit)


def _applied_frame(
    applied: list[tuple[int, int, int, int, str, int]], lines: pl.DataFrame, receipts: pl.DataFrame
) -> pl.DataFrame:
    rows = pl.DataFrame(
        applied,
        schema={
            "_line": pl.UInt32,
            "_receipt": pl.Int64,
            "payment_day": pl.Int64,
            "applied_day": pl.Int64,
            "source": pl.String,
            "units": pl.Int64,
        },
        orient="row",
    )
    payment_ids = receipts.select(pl.int_range(pl.len()).alias("_receipt"), "payment_id")
    return (
        rows.join(lines.select("_line", *LINE_KEY, "customer_id"), on="_line", how="left")
        .join(payment_ids, on="_receipt", how="left")
        .select(
            *LINE_KEY,
            "customer_id",
            "source",
            "payment_id",
            pl.col("payment_day").cast(pl.Int32).cast(pl.Date).alias("payment_date"),
            pl.col("applied_day").cast(pl.Int32).cast(pl.Date).alias("applied_date"),
            _money("units").alias("amount"),
            pl.lit(True).alias("date_known"),
        )
        .cast(ALLOCATION_SCHEMA)
    )


def _credit_frame(credit: list[tuple[str, int, int]]) -> pl.DataFrame:
    frame = pl.DataFrame(
        credit, schema={"customer_id": pl.String, "day": pl.Int64, "units": pl.Int64}, orient="row"
    )
    return frame.select(
        "customer_id",
        pl.col("day").cast(pl.Int32).cast(pl.Date).alias("date"),
        _money("units").alias("credit"),
    )


def sort_allocations(allocations: pl.DataFrame) -> pl.DataFrame:
    """The one order results are kept in, so that equal results are equal frames."""
    return allocations.sort(
        "customer_id",
        "order_id",
        "line_no",
        "applied_date",
        "source",
        "payment_id",
        "amount",
        nulls_last=False,
    )


def reapply_receipts(
    previous: AppliedReceipts,
    lines: pl.DataFrame,
    receipts: pl.DataFrame,
    customers: Collection[str | None],
) -> AppliedReceipts:
    """``previous`` with only ``customers`` recomputed (None: the lines without a customer).

    An upload touches the customers of the rows it writes and of the stored rows it
    replaces or moves (a line moved from customer A to B touches both). ``lines`` and
    ``receipts`` may be the whole lake: only the customers' rows are read.
    """
    named = [c for c in customers if c is not None]
    touched = pl.col("customer_id").is_in(pl.Series(named, dtype=pl.String).implode())
    if None in customers:
        touched = touched | pl.col("customer_id").is_null()
    touched = touched.fill_null(False)
    redone = apply_receipts(lines.filter(touched), receipts.filter(touched))
    kept = [
        frame.filter(~touched) for frame in (previous.allocations, previous.basis, previous.credit)
    ]
    return AppliedReceipts(
        allocations=sort_allocations(pl.concat([kept[0], redone.allocations])),
        basis=pl.concat([kept[1], redone.basis]).sort("customer_id", *LINE_KEY, nulls_last=False),
        credit=pl.concat([kept[2], redone.credit]).sort("customer_id", "date"),
    )


def open_amount(lines: pl.DataFrame, applied: AppliedReceipts, as_of: dt.date) -> pl.DataFrame:
    """Each line booked on or before ``as_of`` with ``applied`` (money applied on or before
    it) and ``open`` = revenue − applied; both null where the line's collection is unknown
    (or the line was not among those ``applied`` was computed from).

    Keeps the lines' other columns (due_date, region, rep_id …) for aging and grouping, but
    not their paid columns: where receipts are the source those are not the truth.
    """
    booked = lines.filter(pl.col("order_date") <= as_of)
    settled = (
        applied.allocations.filter(pl.col("applied_date") <= as_of)
        .group_by(LINE_KEY)
        .agg(pl.col("amount").sum().alias("_applied"))
    )
    # a line the application never saw is unknown too, never "nothing paid"
    unknown = pl.col("basis").is_null() | (pl.col("basis") == UNKNOWN)
    return (
        booked.join(applied.basis.select(*LINE_KEY, "basis"), on=list(LINE_KEY), how="left")
        .join(settled, on=list(LINE_KEY), how="left")
        .with_columns(
            pl.when(unknown)
            .then(None)
            .otherwise(pl.col("_applied").fill_null(0))
            .cast(MONEY)
            .alias("applied")
        )
        .with_columns((pl.col("revenue") - pl.col("applied")).cast(MONEY).alias("open"))
        .drop("_applied", "paid_amount", "paid_date", strict=False)
    )


def credit_at(applied: AppliedReceipts, as_of: dt.date) -> pl.DataFrame:
    """Each receipt customer's credit (money received and not yet applied) at ``as_of``."""
    return (
        applied.credit.filter(pl.col("date") <= as_of)
        .group_by("customer_id")
        .agg(pl.col("credit").sort_by("date").last())
        .sort("customer_id")
    )

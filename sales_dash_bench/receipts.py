"""Time applying receipts: ``python -m sales_dash_bench.receipts [LINES] [RECEIPTS]``.

Random lines (three to an order, 50,000 customers, two years, 1% returns) and receipts
(refunds among them, 90% of customers paying). Not a test: it prints seconds for the whole
application, for open amounts at a date, and for recomputing 500 customers.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from decimal import Decimal

import numpy as np
import polars as pl

from sales_dash.engine.receipts import apply_receipts, open_amount, reapply_receipts
from sales_dash.schema import MONEY

CUSTOMERS = 50_000
START = dt.date(2025, 1, 1)


def _money(cents: np.ndarray) -> pl.Series:
    hundredth = pl.Series([Decimal("0.01")], dtype=pl.Decimal(38, 2))
    return (pl.Series(cents).cast(pl.Decimal(38, 0)) * hundredth).cast(MONEY)


def ledger(lines: int, receipts: int, seed: int = 1) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    ordered = pl.lit(START) + pl.duration(days=pl.lit(pl.Series(rng.integers(0, 700, lines))))
    line_frame = pl.select(
        order_id=pl.format("SO{}", pl.int_range(lines) // 3),
        line_no=pl.int_range(lines) % 3 + 1,
        order_date=ordered,
        due_date=ordered + pl.duration(days=30),
        customer_id=pl.format("C{}", pl.Series(rng.integers(0, CUSTOMERS, lines))),
        region=pl.lit("华东"),
        rep_id=pl.lit("R1"),
        revenue=_money(rng.integers(-2_000, 500_000, lines)),
        paid_amount=pl.lit(None, MONEY),
        paid_date=pl.lit(None, pl.Date),
    )
    paid = pl.lit(START) + pl.duration(days=pl.lit(pl.Series(rng.integers(0, 730, receipts))))
    receipt_frame = pl.select(
        payment_id=pl.format("P{}", pl.int_range(receipts)),
        payment_date=paid,
        customer_id=pl.format("C{}", pl.Series(rng.integers(0, CUSTOMERS * 9 // 10, receipts))),
        amount=_money(rng.integers(-100_000, 2_000_000, receipts)),
        order_id=pl.lit(None, pl.String),
        line_no=pl.lit(None, pl.Int64),
    )
    return line_frame, receipt_frame


def main(lines: int = 1_000_000, receipts: int = 200_000) -> None:
    line_frame, receipt_frame = ledger(lines, receipts)
    started = time.perf_counter()
    applied = apply_receipts(line_frame, receipt_frame)
    print(
        f"{lines:,} lines, {receipts:,} receipts: applied in {time.perf_counter() - started:.1f}s "
        f"({applied.allocations.height:,} applications)"
    )
    started = time.perf_counter()
    opened = open_amount(line_frame, applied, dt.date(2025, 12, 31))
    print(f"open amounts at a date: {time.perf_counter() - started:.2f}s ({opened.height:,} lines)")
    started = time.perf_counter()
    reapply_receipts(applied, line_frame, receipt_frame, {f"C{i}" for i in range(500)})
    print(f"500 customers recomputed: {time.perf_counter() - started:.2f}s")


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    main(*arguments)

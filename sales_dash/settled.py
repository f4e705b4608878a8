"""The applied receipts as the engine reads them: the ``settled`` table (docs/receipts.md).

``sales_dash.db`` builds it at each data version from the booked order lines
(sql/_settled.sql) and every receipt: one row per application of money to a line
(``receipts.apply_receipts``), with the line's dates and groups beside it, so that
collection as it stood at any as-of date, the open amounts behind aging
(sql/_open_spans.sql), cash collected and 回款周期 are sums in SQL.
"""

from __future__ import annotations

from collections.abc import Collection

import polars as pl

from sales_dash.receipts import (
    BASIS_SCHEMA,
    CREDIT_SCHEMA,
    LINE_KEY,
    AppliedReceipts,
    apply_receipts,
    reapply_receipts,
)

LINE_COLUMNS = ("order_date", "due_date", "region", "rep_id", "category", "product")
"""What each application carries of its line, to be grouped and filtered on."""
PAYMENTS_SQL = (
    "select payment_id, payment_date, customer_id, amount, order_id, line_no from payments"
)
"""The receipts the application reads (sales_dash.db runs it)."""


def settled_rows(lines: pl.DataFrame, receipts: pl.DataFrame) -> pl.DataFrame:
    """Every application of ``receipts`` to the booked ``lines``, with the line's columns."""
    return _with_lines(apply_receipts(lines, receipts), lines)


def _with_lines(applied: AppliedReceipts, lines: pl.DataFrame) -> pl.DataFrame:
    return applied.allocations.join(
        lines.select(*LINE_KEY, *LINE_COLUMNS), on=list(LINE_KEY), how="left"
    )


def resettled_rows(
    previous: pl.DataFrame,
    lines: pl.DataFrame,
    receipts: pl.DataFrame,
    customers: Collection[str | None],
) -> pl.DataFrame:
    """``previous`` (a ``settled_rows`` result) with only ``customers`` applied again (None:
    the lines without a customer), as ``receipts.reapply_receipts`` does."""
    kept = AppliedReceipts(
        allocations=previous.drop(*LINE_COLUMNS),
        basis=pl.DataFrame(schema=BASIS_SCHEMA),
        credit=pl.DataFrame(schema=CREDIT_SCHEMA),
    )
    return _with_lines(reapply_receipts(kept, lines, receipts, customers), lines)

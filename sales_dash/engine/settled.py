"""The applied receipts as the engine reads them: the ``settled`` table (docs/receipts.md).

``sales_dash.engine.db`` builds it at each data version from the booked order lines
(sql/_settled.sql) and every receipt: one row per application of money to a line
(``receipts.apply_receipts``), with the line's dates and groups beside it, so that
collection as it stood at any as-of date, the open amounts behind aging
(sql/_open_spans.sql), cash collected and 回款周期 are sums in SQL.

Customers are independent (docs/receipts.md), so a new data version applies again only
the customers whose lines or receipts changed: each row carries its customer's ``digest``,
a hash of everything the application read of that customer, and a customer whose digest
is the one the previous table holds keeps its rows.
"""

from __future__ import annotations

import polars as pl

from sales_dash.engine.receipts import (
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
"""The receipts the application reads (sales_dash.engine.db runs it)."""
DIGEST = "digest"
_PART = 1 << 40
"""Row hashes are summed per customer in two parts (the low 40 bits, and the rest): the
sum of a million rows still fits 64 bits, and it does not depend on the order of rows."""


def _digests(lines: pl.DataFrame, receipts: pl.DataFrame) -> pl.DataFrame:
    """Each customer's (None: the lines without one) hash of its lines and receipts."""
    rows = pl.concat(
        [
            frame.select("customer_id", pl.struct(pl.all()).hash(seed=seed).alias("_row"))
            for frame, seed in ((lines, 1), (receipts, 2))
        ]
    )
    return rows.group_by("customer_id").agg(
        pl.format(
            "{}-{}-{}",
            (pl.col("_row") % _PART).sum(),
            (pl.col("_row") // _PART % _PART).sum(),
            pl.len(),
        ).alias(DIGEST)
    )


def settled_rows(
    lines: pl.DataFrame, receipts: pl.DataFrame, previous: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Every application of ``receipts`` to the booked ``lines``, with the line's columns
    and its customer's digest; the customers whose digest is unchanged since ``previous``
    (an earlier result) keep its rows."""
    digests = _digests(lines, receipts)
    if previous is None or DIGEST not in previous.columns:
        applied = apply_receipts(lines, receipts)
    else:
        before = previous.group_by("customer_id").agg(pl.col(DIGEST).first())
        unchanged = digests.join(before, on=["customer_id", DIGEST], how="semi", nulls_equal=True)
        same = set(unchanged["customer_id"].to_list())
        # customers now or before, whose rows changed, appeared or went
        everyone = set(digests["customer_id"].to_list()) | set(before["customer_id"].to_list())
        kept = AppliedReceipts(
            allocations=previous.drop(*LINE_COLUMNS, DIGEST),
            basis=pl.DataFrame(schema=BASIS_SCHEMA),
            credit=pl.DataFrame(schema=CREDIT_SCHEMA),
        )
        applied = reapply_receipts(kept, lines, receipts, everyone - same)
    # sorted by payment date, a period's cash and 回款周期 skip the row groups outside it
    return (
        applied.allocations.join(
            lines.select(*LINE_KEY, *LINE_COLUMNS), on=list(LINE_KEY), how="left"
        )
        .join(digests, on="customer_id", how="left", nulls_equal=True)
        .sort("payment_date", maintain_order=True)
    )

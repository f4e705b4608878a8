"""What the lake holds, as the engine reads it: rows per table and month, where the
collections come from; and ``refresh``, which a write calls to bring the engine up to the
new data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from sales_dash.engine.db import run_query, warm
from sales_dash.lake import Lake


def refresh(lake: Lake) -> None:
    """After a write: build the derived tables and lookups of the lake's new data and drop
    those of earlier data, so the next reader opens them instead of building them.

    Best effort: the write has succeeded whatever happens here (``db.warm``).
    """
    warm(lake)


def table_months(lake: Lake) -> pl.DataFrame:
    """One row per table and month holding data: table_name, month ('YYYY-MM'), row_count."""
    return run_query(lake, "table_months")


@dataclass(frozen=True)
class CollectionSources:
    """Where the lake's collections come from (docs/receipts.md: one truth per line)."""

    receipt_customers: int
    """Customers with any receipt: settled by their receipts, their lines' paid columns
    ignored."""
    line_customers: int
    """Customers without receipts whose lines carry paid amounts: settled by those."""
    unknown_amount: Decimal
    """Order amount (booked lines, to the cent) with neither: its collection is unknown."""
    unknown_lines: int


def collection_sources(lake: Lake) -> CollectionSources:
    """How many customers are settled by receipts, how many by their order lines' paid
    columns, and how much order amount has no payment information, over the whole lake."""
    row = run_query(lake, "collection_sources").row(0, named=True)
    return CollectionSources(
        receipt_customers=int(row["receipt_customers"]),
        line_customers=int(row["line_customers"]),
        unknown_amount=Decimal(row["unknown_amount"]).quantize(Decimal("0.01"), ROUND_HALF_UP),
        unknown_lines=int(row["unknown_lines"]),
    )

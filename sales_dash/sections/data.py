"""What the lake holds (数据 Data page): tables, months, row counts, version, uploads."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from sales_dash.engine.db import run_query
from sales_dash.ingest.history import upload_history
from sales_dash.lake import Lake
from sales_dash.schema import TABLES

UPLOAD_COLUMNS = (
    "upload_id",
    "uploaded_at",
    "file",
    "sha256",
    "table",
    "encoding",
    "inserted",
    "updated",
    "deleted",
    "skipped",
    "undone",
)


@dataclass(frozen=True)
class LakeStatus:
    version: int
    tables: pl.DataFrame
    """One row per table: first and last month, months, rows."""
    months: pl.DataFrame
    """One row per month, one column of row counts per table."""
    uploads: pl.DataFrame
    """The upload history, newest first."""


def lake_status(lake: Lake) -> LakeStatus:
    counts = run_query(lake, "table_months")
    names = pl.DataFrame({"table_name": list(TABLES)})
    tables = names.join(
        counts.group_by("table_name").agg(
            first_month=pl.col("month").min(),
            last_month=pl.col("month").max(),
            months=pl.len(),
            rows=pl.col("row_count").sum(),
        ),
        on="table_name",
        how="left",
    ).with_columns(pl.col("months", "rows").fill_null(0))
    months = (
        counts.pivot(on="table_name", index="month", values="row_count").sort(
            "month", descending=True
        )
        if counts.height
        else pl.DataFrame({"month": []}, schema={"month": pl.String()})
    )
    for table in TABLES:
        if table not in months.columns:
            months = months.with_columns(pl.lit(None, pl.Int64).alias(table))
    return LakeStatus(
        version=lake.version,
        tables=tables,
        months=months.select("month", *TABLES),
        uploads=upload_history(lake),
    )


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

"""What the lake holds (数据 Data page): tables, months, row counts, version, uploads.

Where its collections come from is ``engine.loaded.collection_sources``."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sales_dash.engine.loaded import table_months
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
    counts = table_months(lake)
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

"""Merge typed rows into the lake: upsert by key, optionally replacing whole months.

The plan is computed first (what each month will hold, and the counts), then committed
in one manifest swap, so a dry run and a real run agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import polars as pl

from sales_dash.lake import Lake, month_expr
from sales_dash.schema import Table

MONTH = "_month"


class Mode(StrEnum):
    UPSERT = "upsert"
    REPLACE_MONTHS = "replace-months"


@dataclass
class MonthChange:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass
class MergePlan:
    table: str
    partitions: dict[str, pl.DataFrame | None] = field(default_factory=dict)
    """month -> the month's complete new rows (None deletes it); only changed months."""
    by_month: dict[str, MonthChange] = field(default_factory=dict)

    def total(self, attribute: str) -> int:
        return sum(getattr(change, attribute) for change in self.by_month.values())

    @property
    def changes_anything(self) -> bool:
        return bool(self.partitions)


def _stored_rows(lake: Lake, table: Table, incoming: pl.DataFrame) -> pl.DataFrame:
    """Stored rows sharing a key with ``incoming``, from any month, with their month."""
    files = lake.files(table.name)
    if not files:
        return pl.DataFrame(schema={**table.polars_schema, MONTH: pl.String})
    keys = incoming.select(table.key).unique()
    return (
        pl.scan_parquet(files)
        .join(keys.lazy(), on=list(table.key), how="semi", nulls_equal=True)
        .with_columns(month_expr(table).alias(MONTH))
        .collect()
    )


def plan_merge(lake: Lake, table: Table, incoming: pl.DataFrame, mode: Mode) -> MergePlan:
    """What merging ``incoming`` (typed rows in the contract's columns) would change."""
    incoming = incoming.select(table.column_names).with_columns(month_expr(table).alias(MONTH))
    stored = _stored_rows(lake, table, incoming)
    identical = incoming.join(stored, on=[*table.column_names, MONTH], how="semi", nulls_equal=True)
    existing_keys = stored.select(table.key)

    plan = MergePlan(table=table.name)
    incoming_months = set(incoming[MONTH].unique().to_list())
    touched = incoming_months | set(stored[MONTH].unique().to_list())
    manifest = lake.manifest()
    for month in sorted(touched):
        change = MonthChange()
        new_rows = incoming.filter(pl.col(MONTH) == month)
        change.inserted = new_rows.join(
            existing_keys, on=list(table.key), how="anti", nulls_equal=True
        ).height
        change.unchanged = identical.filter(pl.col(MONTH) == month).height
        change.updated = new_rows.height - change.inserted - change.unchanged

        current = (
            lake.read_table(table.name, [month])
            if month in manifest.months(table.name)
            else pl.DataFrame(schema=table.polars_schema)
        )
        if mode is Mode.REPLACE_MONTHS and month in incoming_months:
            kept = current.head(0)
            change.deleted = current.join(
                new_rows.select(table.key), on=list(table.key), how="anti", nulls_equal=True
            ).height
        else:
            kept = current.join(
                incoming.select(table.key), on=list(table.key), how="anti", nulls_equal=True
            )
        merged = pl.concat([kept, new_rows.drop(MONTH)], how="vertical_relaxed")
        plan.by_month[month] = change
        if not _same_rows(current, merged, table):
            plan.partitions[month] = merged if merged.height else None
    return plan


def _same_rows(before: pl.DataFrame, after: pl.DataFrame, table: Table) -> bool:
    if before.height != after.height:
        return False
    key = list(table.key)
    return before.sort(key, nulls_last=True).equals(after.sort(key, nulls_last=True))


def apply_plan(lake: Lake, plan: MergePlan) -> int:
    """Commit the plan's partitions; returns the new data version (unchanged if no-op)."""
    if not plan.changes_anything:
        return lake.version
    return lake.commit({plan.table: plan.partitions}).version

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
STORED, FROM, STATUS = "_stored", "_from_month", "_status"
NEW, SAME, CHANGED = "new", "same", "changed"


class Mode(StrEnum):
    UPSERT = "upsert"
    REPLACE_MONTHS = "replace-months"


COUNTS = ("inserted", "updated", "unchanged", "deleted", "skipped")
NO_MONTH = ""
"""The month of skipped rows that have none (blank rows, total rows)."""


@dataclass
class MonthChange:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: int = 0


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

    def add_skipped(self, months: pl.Series) -> None:
        """Count skipped rows by their month (null: a row without one)."""
        for month, count in months.fill_null(NO_MONTH).value_counts().iter_rows():
            self.by_month.setdefault(month, MonthChange()).skipped += count

    def summary(self) -> pl.DataFrame:
        """One row per month: inserted, updated, unchanged, deleted, skipped."""
        rows = [
            (month, *(getattr(change, name) for name in COUNTS))
            for month, change in sorted(self.by_month.items(), key=lambda kv: kv[0] or "~")
        ]
        schema = {"month": pl.String, **dict.fromkeys(COUNTS, pl.Int64)}
        return pl.DataFrame(rows, schema=schema, orient="row")


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


def _compare(table: Table, incoming: pl.DataFrame, stored: pl.DataFrame) -> pl.DataFrame:
    """Each incoming row with its status (new, same, changed) and its stored month."""
    key = list(table.key)
    values = [c for c in table.column_names if c not in key]
    renamed = stored.select(*key, *[pl.col(c).alias(f"{c}{STORED}") for c in (*values, MONTH)])
    joined = incoming.join(renamed, on=key, how="left", nulls_equal=True)
    exists = pl.col(f"{MONTH}{STORED}").is_not_null()
    same = pl.all_horizontal(
        pl.col(MONTH).eq_missing(pl.col(f"{MONTH}{STORED}")),
        *[pl.col(c).eq_missing(pl.col(f"{c}{STORED}")) for c in values],
    )
    return joined.select(
        *key,
        MONTH,
        pl.col(f"{MONTH}{STORED}").alias(FROM),
        pl.when(~exists)
        .then(pl.lit(NEW))
        .when(same)
        .then(pl.lit(SAME))
        .otherwise(pl.lit(CHANGED))
        .alias(STATUS),
    )


def plan_merge(
    lake: Lake,
    table: Table,
    incoming: pl.DataFrame,
    mode: Mode,
    spared: pl.DataFrame | None = None,
) -> MergePlan:
    """What merging ``incoming`` (typed rows in the contract's columns) would change.

    Only months whose rows change get a new partition: a row inserted or changed, a row
    that moved to another month (a corrected date), or, in replace-months, a stored row
    the file no longer has — unless its key is in ``spared`` (rows of the file skipped as
    invalid: their stored version stays rather than vanish).
    """
    key = list(table.key)
    incoming = incoming.select(table.column_names).with_columns(month_expr(table).alias(MONTH))
    status = _compare(table, incoming, _stored_rows(lake, table, incoming))
    plan = MergePlan(table=table.name)
    counts = status.group_by(MONTH).agg(
        (pl.col(STATUS) == NEW).sum().alias("inserted"),
        (pl.col(STATUS) == CHANGED).sum().alias("updated"),
        (pl.col(STATUS) == SAME).sum().alias("unchanged"),
    )
    for month, inserted, updated, unchanged in counts.iter_rows():
        plan.by_month[month] = MonthChange(inserted, updated, unchanged)
    moved = status.filter((pl.col(STATUS) == CHANGED) & (pl.col(FROM) != pl.col(MONTH)))
    changed = set(counts.filter((pl.col("inserted") + pl.col("updated")) > 0)[MONTH])
    changed |= set(moved[FROM])
    manifest = lake.manifest()
    incoming_keys = incoming.select(key)
    replaced = set(counts[MONTH]) if mode is Mode.REPLACE_MONTHS else set()
    for month in sorted(changed | replaced):
        if month not in manifest.months(table.name):
            current = pl.DataFrame(schema=table.polars_schema)
        else:
            current = lake.read_table(table.name, [month])
        kept = current.join(incoming_keys, on=key, how="anti", nulls_equal=True)
        change = plan.by_month.setdefault(month, MonthChange())
        if month in replaced:
            survivors = kept.head(0)
            if spared is not None:
                survivors = kept.join(spared.select(key), on=key, how="semi", nulls_equal=True)
            change.deleted = kept.height - survivors.height
            kept = survivors
        if month not in changed and not change.deleted:
            continue
        new_rows = incoming.filter(pl.col(MONTH) == month).drop(MONTH)
        merged = pl.concat([kept, new_rows], how="vertical_relaxed")
        plan.partitions[month] = merged if merged.height else None
    return plan

"""Merge typed rows into the lake: upsert by key, optionally replacing what the file covers.

The plan is computed first (what each month will hold, the counts, the deletions per month
and region, the stored lines the file would move), then committed in one manifest swap, so
a dry run and a real run agree by construction. Three guards keep a merge from hurting
what is already there (docs/ingest.md, "Merges"):

- replace-months deletes only in the months × regions the file covers, unless told to
  replace whole months (``ReplaceScope.MONTH``); a null region is a region of its own;
- an upsert that moves a stored line to another region, rep, customer or month is listed
  in ``MergePlan.moves``, and the commit refuses it unless the user accepts the moves;
- a column the file does not carry never overwrites a stored value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

import polars as pl

from sales_dash.lake import Lake, month_expr
from sales_dash.schema import Table

MONTH = "_month"
STORED, FROM, STATUS = "_stored", "_from_month", "_status"
NEW, SAME, CHANGED = "new", "same", "changed"
REGION = "region"


class Mode(StrEnum):
    UPSERT = "upsert"
    REPLACE_MONTHS = "replace-months"


class ReplaceScope(StrEnum):
    """What ``replace-months`` replaces: the file's months × regions, or whole months."""

    REGION = "region"
    MONTH = "month"


COUNTS = ("inserted", "updated", "unchanged", "deleted", "skipped")
NO_MONTH = ""
"""The month of skipped rows that have none (blank rows, total rows)."""
MOVE_COLUMNS = ("region", "rep_id", "customer_id")
"""A change in one of these (or of the month) moves a stored line somewhere else."""
MOVE_FIELDS = ("column", "stored", "incoming")
DELETION_SCHEMA = pl.Schema({"month": pl.String, "region": pl.String, "deleted": pl.Int64})


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
    moves: pl.DataFrame = field(default_factory=pl.DataFrame)
    """Stored lines the file would move: the key columns, then ``column`` (region, rep_id,
    customer_id or the date column for another month), ``stored`` and ``incoming`` (as text;
    dates ISO). One row per line and column; empty when nothing moves."""
    deletions: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=DELETION_SCHEMA))
    """replace-months: rows deleted per ``month`` and ``region`` (null: region unknown)."""
    replace_scope: ReplaceScope = ReplaceScope.REGION

    def total(self, attribute: str) -> int:
        return sum(getattr(change, attribute) for change in self.by_month.values())

    @property
    def changes_anything(self) -> bool:
        return bool(self.partitions)

    @property
    def moved_lines(self) -> int:
        """How many stored lines the file would move (a line moved in two columns counts once)."""
        if self.moves.is_empty():
            return 0
        return self.moves.drop(MOVE_FIELDS).n_unique()

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


def move_columns(table: Table) -> list[str]:
    """The columns whose change moves a stored line of ``table`` elsewhere (its date column
    stands for the month: a date corrected within its month is no move)."""
    columns = [c for c in MOVE_COLUMNS if c in table.column_names and c not in table.key]
    if table.date_column not in table.key:
        columns.append(table.date_column)
    return columns


def _stored_rows(lake: Lake, table: Table, incoming: pl.DataFrame) -> pl.DataFrame:
    """Stored rows sharing a key with ``incoming``, from any month, with their month."""
    files = lake.files(table.name)
    if not files:
        return pl.DataFrame(schema={**table.polars_schema, MONTH: pl.String})
    keys = incoming.select(table.key).unique()
    return (
        pl.scan_parquet(files)
        .filter(_key_ranges(keys))
        .join(keys.lazy(), on=list(table.key), how="semi", nulls_equal=True)
        .with_columns(month_expr(table).alias(MONTH))
        .collect()
    )


def _key_ranges(keys: pl.DataFrame) -> pl.Expr:
    """Rows whose key columns lie within the incoming keys' range: the Parquet reader
    skips the row groups outside it by their statistics (next month's order numbers fall
    in a few row groups: 6.4 s of a 100M-line lake's scan, 1.3 → 0.1 s at 10M). A column
    with a null key is left out (a null matches a null)."""
    ranges = [
        pl.col(column).is_between(
            pl.lit(values.min(), dtype=values.dtype), pl.lit(values.max(), dtype=values.dtype)
        )
        for column, values in keys.to_dict().items()
        if values.null_count() == 0 and not values.is_empty()
    ]
    return pl.all_horizontal(ranges) if ranges else pl.lit(True)


def _with_stored(
    table: Table, incoming: pl.DataFrame, stored: pl.DataFrame, absent: Iterable[str]
) -> pl.DataFrame:
    """Each incoming row beside its stored version (``<column>_stored``), with its status
    (new, same, changed) and stored month; an ``absent`` column takes the stored value."""
    key = list(table.key)
    values = [c for c in table.column_names if c not in key]
    renamed = stored.select(*key, *[pl.col(c).alias(f"{c}{STORED}") for c in (*values, MONTH)])
    joined = incoming.join(renamed, on=key, how="left", nulls_equal=True)
    exists = pl.col(f"{MONTH}{STORED}").is_not_null()
    # the file says nothing about a column it does not carry: the stored value stands
    joined = joined.with_columns(
        pl.when(exists).then(pl.col(f"{c}{STORED}")).otherwise(pl.col(c)).alias(c) for c in absent
    )
    same = pl.all_horizontal(
        pl.col(MONTH).eq_missing(pl.col(f"{MONTH}{STORED}")),
        *[pl.col(c).eq_missing(pl.col(f"{c}{STORED}")) for c in values],
    )
    return joined.with_columns(
        pl.col(f"{MONTH}{STORED}").alias(FROM),
        pl.when(~exists)
        .then(pl.lit(NEW))
        .when(same)
        .then(pl.lit(SAME))
        .otherwise(pl.lit(CHANGED))
        .alias(STATUS),
    )


def _moves(table: Table, joined: pl.DataFrame, carried: set[str]) -> pl.DataFrame:
    """Changed rows whose region, rep, customer or month differs from a known stored value.

    Filling in an unknown (a stored null) is no move; erasing a known value is one.
    """
    key = list(table.key)
    changed = joined.filter(pl.col(STATUS) == CHANGED)
    texts: dict[str, pl.DataType] = dict.fromkeys(MOVE_FIELDS, pl.String())
    schema = pl.Schema({**{c: table.polars_schema[c] for c in key}, **texts})
    parts = [pl.DataFrame(schema=schema)]
    for column in move_columns(table):
        if column not in carried:
            continue
        if column == table.date_column:
            stored, now = pl.col(f"{MONTH}{STORED}"), pl.col(MONTH)
        else:
            stored, now = pl.col(f"{column}{STORED}"), pl.col(column)
        moved = changed.filter(stored.is_not_null() & stored.ne_missing(now))
        parts.append(
            moved.select(
                *key,
                pl.lit(column).alias("column"),
                pl.col(f"{column}{STORED}").cast(pl.String).alias("stored"),
                pl.col(column).cast(pl.String).alias("incoming"),
            )
        )
    return pl.concat(parts).sort([*key, "column"])


def _deletions(month: str, doomed: pl.DataFrame) -> pl.DataFrame:
    counts = doomed.group_by(REGION).agg(pl.len().alias("deleted"))
    return counts.select(pl.lit(month).alias("month"), REGION, "deleted").cast(DELETION_SCHEMA)


def plan_merge(
    lake: Lake,
    table: Table,
    incoming: pl.DataFrame,
    mode: Mode,
    spared: pl.DataFrame | None = None,
    *,
    carried: Iterable[str] | None = None,
    replace_scope: ReplaceScope = ReplaceScope.REGION,
) -> MergePlan:
    """What merging ``incoming`` (typed rows in the contract's columns) would change.

    Only months whose rows change get a new partition: a row inserted or changed, a row
    that moved to another month (a corrected date), or, in replace-months, a stored row
    of a month × region the file covers that the file no longer has (with
    ``ReplaceScope.MONTH``: of a month the file covers) — unless its key is in ``spared``
    (rows of the file skipped as invalid: their stored version stays rather than vanish).
    ``carried`` names the columns the file carries (None: all); a stored row keeps its
    values of the others. A null region is a region of its own: the lines of unknown region.
    """
    key = list(table.key)
    every = set(table.column_names)
    carried_set = every if carried is None else set(carried) | set(key) | {table.date_column}
    absent = [c for c in table.column_names if c not in carried_set]
    incoming = incoming.select(table.column_names).with_columns(month_expr(table).alias(MONTH))
    by_region = replace_scope is ReplaceScope.REGION and REGION in every
    # the regions as the file says them, before stored values fill its absent columns
    covered = incoming.select(MONTH, REGION).unique() if by_region else None
    joined = _with_stored(table, incoming, _stored_rows(lake, table, incoming), absent)
    incoming = joined.select(*table.column_names, MONTH)
    plan = MergePlan(
        table=table.name,
        moves=_moves(table, joined, carried_set),
        replace_scope=replace_scope if by_region else ReplaceScope.MONTH,
    )
    counts = joined.group_by(MONTH).agg(
        (pl.col(STATUS) == NEW).sum().alias("inserted"),
        (pl.col(STATUS) == CHANGED).sum().alias("updated"),
        (pl.col(STATUS) == SAME).sum().alias("unchanged"),
    )
    for month, inserted, updated, unchanged in counts.iter_rows():
        plan.by_month[month] = MonthChange(inserted, updated, unchanged)
    moved = joined.filter((pl.col(STATUS) == CHANGED) & (pl.col(FROM) != pl.col(MONTH)))
    changed = set(counts.filter((pl.col("inserted") + pl.col("updated")) > 0)[MONTH])
    changed |= set(moved[FROM])
    manifest = lake.manifest()
    incoming_keys = incoming.select(key)
    replaced = set(counts[MONTH]) if mode is Mode.REPLACE_MONTHS else set()
    deletions = [plan.deletions]
    for month in sorted(changed | replaced):
        if month not in manifest.months(table.name):
            current = pl.DataFrame(schema=table.polars_schema)
        else:
            current = lake.read_table(table.name, [month])
        kept = current.join(incoming_keys, on=key, how="anti", nulls_equal=True)
        change = plan.by_month.setdefault(month, MonthChange())
        if month in replaced:
            doomed = kept
            if covered is not None:
                regions = covered.filter(pl.col(MONTH) == month).select(REGION)
                doomed = doomed.join(regions, on=REGION, how="semi", nulls_equal=True)
            if spared is not None:
                doomed = doomed.join(spared.select(key), on=key, how="anti", nulls_equal=True)
            kept = kept.join(doomed.select(key), on=key, how="anti", nulls_equal=True)
            change.deleted = doomed.height
            deletions.append(_deletions(month, doomed))
        if month not in changed and not change.deleted:
            continue
        new_rows = incoming.filter(pl.col(MONTH) == month).drop(MONTH)
        merged = pl.concat([kept, new_rows], how="vertical_relaxed")
        plan.partitions[month] = merged if merged.height else None
    plan.deletions = pl.concat(deletions).sort("month", REGION, nulls_last=True)
    return plan

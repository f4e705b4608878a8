"""Upload an export into the lake: read, parse, validate, merge (SPEC §4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sales_dash.ingest.merge import MergePlan, Mode, apply_plan, plan_merge
from sales_dash.ingest.parse import ROW, Problem, is_skippable, parse_rows
from sales_dash.ingest.read import RawExport, UnreadableFile, read_export
from sales_dash.lake import Lake
from sales_dash.schema import TABLES, Table

__all__ = ["IngestResult", "Mode", "Problem", "RejectedUpload", "ingest_file"]


class RejectedUpload(Exception):
    """Nothing was written; ``problems`` says which row, column and value, and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems, key=lambda p: (p.row, p.column))


@dataclass
class IngestResult:
    table: str
    file: str
    encoding: str
    rows_read: int
    skipped: list[int] = field(default_factory=list)
    plan: MergePlan | None = None
    version: int = 0
    dry_run: bool = False

    @property
    def inserted(self) -> int:
        return self.plan.total("inserted") if self.plan else 0

    @property
    def updated(self) -> int:
        return self.plan.total("updated") if self.plan else 0

    @property
    def unchanged(self) -> int:
        return self.plan.total("unchanged") if self.plan else 0

    @property
    def deleted(self) -> int:
        return self.plan.total("deleted") if self.plan else 0


def _missing_columns(raw: RawExport, table: Table) -> list[Problem]:
    found = ", ".join(raw.mapping) or "—"
    return [
        Problem(1, column.name, "", "missing_column", detail=found)
        for column in table.columns
        if column.required and column.name not in raw.frame.columns
    ]


def _fill_visit_regions(lake: Lake, visits: pl.DataFrame) -> pl.DataFrame:
    """SPEC §3: a visit without a region takes its rep's region (quotas, else orders)."""
    if visits["region"].null_count() == 0:
        return visits
    quotas = lake.read_table("quotas").sort("month")
    orders_by_rep = lake.read_table("orders").sort("order_date")
    home = (
        pl.concat(
            [
                orders_by_rep.group_by("rep_id")
                .agg(pl.col("region").last())
                .with_columns(pl.lit(0).alias("_rank")),
                quotas.group_by("rep_id")
                .agg(pl.col("region").last())
                .with_columns(pl.lit(1).alias("_rank")),
            ]
        )
        .sort("_rank")
        .group_by("rep_id")
        .agg(pl.col("region").last().alias("_home"))
    )
    return (
        visits.join(home, on="rep_id", how="left")
        .with_columns(pl.col("region").fill_null(pl.col("_home")))
        .drop("_home")
    )


def prepare(
    path: Path, table_name: str, overrides: dict[str, str] | None = None
) -> tuple[RawExport, pl.DataFrame, list[int]]:
    """Read and type a file; raises RejectedUpload listing every problem found."""
    table = TABLES[table_name]
    try:
        raw = read_export(path, table, overrides)
    except UnreadableFile as unreadable:
        raise RejectedUpload([unreadable.problem]) from None
    missing = _missing_columns(raw, table)
    if missing:
        raise RejectedUpload(missing)
    skip = is_skippable(raw.frame, table)
    skipped = raw.frame.filter(skip)[ROW].to_list()
    typed, problems = parse_rows(raw.frame.filter(~skip), table)
    if problems:
        raise RejectedUpload(problems)
    return raw, typed, skipped


def ingest_file(
    path: Path | str,
    table: str,
    lake: Lake,
    *,
    mode: Mode = Mode.UPSERT,
    overrides: dict[str, str] | None = None,
    dry_run: bool = False,
) -> IngestResult:
    """Validate ``path`` as rows of ``table`` and merge them into ``lake``, all or nothing."""
    path = Path(path)
    raw, typed, skipped = prepare(path, table, overrides)
    with lake.write_lock():
        rows = typed.drop(ROW)
        if table == "visits":
            rows = _fill_visit_regions(lake, rows)
        plan = plan_merge(lake, TABLES[table], rows, mode)
        version = lake.version if dry_run else apply_plan(lake, plan)
    return IngestResult(
        table=table,
        file=path.name,
        encoding=raw.encoding,
        rows_read=typed.height,
        skipped=skipped,
        plan=plan,
        version=version,
        dry_run=dry_run,
    )

"""A clerk's upload stays inside their scope (issue 13): a row of another region or rep
rejects the whole upload, naming its row, column and value, before anything is written."""

from __future__ import annotations

import polars as pl

from sales_dash.access import Access
from sales_dash.engine.row_scope import RowScope
from sales_dash.ingest.merge import MergePlan
from sales_dash.ingest.prepare import PreparedUpload
from sales_dash.ingest.problems import (
    PROBLEM_SCHEMA,
    Problem,
    RejectedUpload,
    cell_problems,
    to_problems,
)
from sales_dash.lake import Lake
from sales_dash.schema import TABLES, UNASSIGNED, Table

REASON = "outside_access_scope"
PLAN_REASON = "outside_access_stored"


def scope_problems(rows: pl.DataFrame, table: Table, access: Access | None) -> pl.DataFrame:
    """One problem per row of ``rows`` (typed, with the ``ROW`` column) outside the
    scope of ``access``: the first column that puts it outside, and its value.

    A row with no region (or rep) is outside a scope that names regions (or reps): unknown
    is not inside. A table without the column (the market has no rep) is outside a scope
    of reps alone.
    """
    scope = RowScope.of(access)
    if scope is None:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    found = []
    for column, allowed in scope.conditions(table.column_names):
        if column and column in rows.columns:
            outside = ~pl.col(column).fill_null(UNASSIGNED).is_in(sorted(allowed or ()))
            found.append(cell_problems(rows, outside, column, REASON))
        else:  # the table cannot say whose the row is: it is nobody's in the scope
            found.append(cell_problems(rows, pl.lit(True), "region", REASON))
    if not found:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    problems = pl.concat(found).unique("row", keep="first", maintain_order=True)
    return problems.cast(PROBLEM_SCHEMA)


def check_upload_scope(
    lake: Lake, prepared: PreparedUpload, access: Access | None, limit: int | None = None
) -> None:
    """Raise ``RejectedUpload`` when any row of the file lies outside the scope of
    ``access`` or of the lake's reader (``lake.access``, the session's user): every row,
    also those with other problems, since none may reach the lake."""
    readers = [a for a in (access, lake.access) if RowScope.of(a) is not None]
    if not readers or prepared.table is None:
        return
    from sales_dash.ingest.commit import _fill_visit_regions  # commit calls this module

    table = TABLES[prepared.table]
    rows = prepared.typed_all
    if table.name == "visits":  # the region a visit takes from its rep is where it lands
        rows = _fill_visit_regions(lake, rows)
    problems = pl.concat([scope_problems(rows, table, reader) for reader in readers])
    problems = problems.unique("row", keep="first", maintain_order=True)
    if problems.height:
        raise RejectedUpload(to_problems(problems, limit), problems.height, prepared.column_headers)


def carried(prepared: PreparedUpload | None, column: str) -> list[str] | None:
    """The values of ``column`` (region, rep_id) among the rows a file carried, for its
    history record: a clerk sees the entries of their scope only
    (``UploadRecord.visible_to``). None when the table has no such column."""
    if prepared is None or column not in prepared.rows.columns:
        return None
    return sorted(prepared.rows[column].fill_null(UNASSIGNED).unique().to_list())


def check_plan_scope(plan: MergePlan, access: Access | None) -> None:
    """Raise ``RejectedUpload`` when the plan would move or delete stored rows outside the
    scope of ``access`` (a key of another region's line, or replacing whole months): a
    file-level problem with their count only, since those rows are not the user's to see."""
    scope = RowScope.of(access)
    if scope is None:
        return
    outside = 0
    if not plan.moves.is_empty():
        moved = plan.moves.filter(pl.col("column").is_in(["region", "rep_id"]))
        for column, allowed in scope.conditions(TABLES[plan.table].column_names):
            stored = moved.filter(
                pl.col("column") == column, ~pl.col("stored").is_in(allowed or ())
            )
            outside += stored.height
    if scope.regions is not None and not plan.deletions.is_empty():
        regions = sorted(scope.regions)
        deleted = plan.deletions.filter(~pl.col("region").fill_null(UNASSIGNED).is_in(regions))
        outside += int(deleted["deleted"].sum())
    if scope.reps is not None and not plan.deletions.is_empty():
        outside += int(plan.deletions["deleted"].sum())  # deletions are counted by region only
    if outside:
        raise RejectedUpload([Problem(0, "", "", PLAN_REASON, str(outside))])

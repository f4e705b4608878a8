"""Total rows (合计 / 小计 / Total): recognised, skipped, and checked against the rows.

A total row whose sums disagree with the rows above it rejects the file: that is how an
export cut short by the ERP, or a row deleted by hand, is caught. Sums are compared as
written in the file (same unit), within half a unit of the total's last decimal place
(the rounding of the printed total, not more), at most to the precision the lake keeps.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from sales_dash.ingest.parse import MONEY_PLACES, exact_number, text_cell
from sales_dash.ingest.problems import ROW, Problem, problems_frame
from sales_dash.ingest.read import FIRST
from sales_dash.schema import Kind, Table

GRAND, SUB = "grand", "sub"
MARKERS = {
    "合计": GRAND,
    "总计": GRAND,
    "总合计": GRAND,
    "合计金额": GRAND,
    "total": GRAND,
    "totals": GRAND,
    "grandtotal": GRAND,
    "小计": SUB,
    "subtotal": SUB,
    "sub-total": SUB,
}
"""Compared after lower-casing and removing spaces and colons (``合 计：`` is 合计)."""
KIND = "_total"
HINT = r"(?i)合|总|计|total"
"""Cheap first look for a total row, before the exact comparison on the few that match."""
ADDITIVE_KINDS = frozenset({Kind.MONEY})
ADDITIVE_NAMES = frozenset({"quantity", "visit_target"})
"""Columns a total row sums; rates (discount_rate) are never summed."""


def _marker(expr: pl.Expr) -> pl.Expr:
    word = expr.str.to_lowercase().str.replace_all(r"[\s\u00a0\u3000:：]", "")
    return word.replace_strict(MARKERS, default=None, return_dtype=pl.String)


def total_kind(frame: pl.DataFrame, table: Table) -> pl.Series:
    """Per row: ``grand`` / ``sub`` for a total row (its key or first cell reads 合计, 小计 ...),
    else null."""
    cells = [FIRST, *(table.key[:1] if table.key[0] in frame.columns else [])]
    hint = pl.any_horizontal(pl.col(c).str.contains(HINT).fill_null(False) for c in cells)
    candidates = frame.with_row_index("_i").filter(hint)
    kinds = candidates.select(
        "_i", pl.coalesce([_marker(text_cell(c)) for c in reversed(cells)]).alias(KIND)
    )
    found = kinds.filter(pl.col(KIND).is_not_null())
    nothing = pl.repeat(None, frame.height, dtype=pl.String, eager=True).alias(KIND)
    return nothing.scatter(found["_i"], found[KIND]) if found.height else nothing


def additive_columns(table: Table, present: list[str]) -> list[str]:
    return [
        c.name
        for c in table.columns
        if c.name in present and (c.kind in ADDITIVE_KINDS or c.name in ADDITIVE_NAMES)
    ]


def _decimals(text: str) -> int:
    digits = text.replace(",", "").rstrip("%)） ")
    return len(digits.rsplit(".", 1)[1]) if "." in digits else 0


def _stored_places(scale: Decimal) -> int:
    """Decimals the lake keeps of an amount in the file's unit: four, more under 万元.

    A total printed with more (``313.37239999999997``, a float sum written out in full) is
    compared at that precision: its further digits are noise, not a statement.
    """
    return MONEY_PLACES + max(scale.adjusted(), 0)


def _show(value: Decimal, places: int) -> str:
    return f"{value:,.{max(places, 2)}f}"


def reconcile(
    totals: pl.DataFrame, typed: pl.DataFrame, table: Table, scales: dict[str, Decimal]
) -> pl.DataFrame:
    """Problems for every total cell that is not the sum of the rows it closes.

    ``totals`` are the raw total rows (with ``_total``), ``typed`` the parsed data rows
    (divided by a header's unit again to compare in the file's own unit); a grand total
    closes the rows since the previous grand total, a subtotal those since the previous
    total of either kind.
    """
    columns = additive_columns(table, [c for c in totals.columns if c in typed.columns])
    if totals.is_empty() or not columns:
        return problems_frame([])
    written = totals.select(
        ROW,
        KIND,
        *[text_cell(c).fill_null("").alias(c) for c in columns],
        *[exact_number(text_cell(c)).alias(f"_n_{c}") for c in columns],
    )
    problems: list[Problem] = []
    last_grand = last_any = 0
    for total in written.sort(ROW).iter_rows(named=True):
        start = last_grand if total[KIND] == GRAND else last_any
        closed = typed.filter(pl.col(ROW).is_between(start, total[ROW], closed="none"))
        for column in columns:
            stated = total[f"_n_{column}"]
            if stated is None:
                continue
            scale = scales.get(column, Decimal(1))
            summed = Decimal(closed[column].sum() or 0) / scale
            places = min(_decimals(total[column]), _stored_places(scale))
            if abs(summed - stated) > Decimal(5) / 10 ** (places + 1):
                shown = _show(summed, places)
                problems.append(Problem(total[ROW], column, total[column], "total_mismatch", shown))
        last_any = total[ROW]
        if total[KIND] == GRAND:
            last_grand = total[ROW]
    return problems_frame(problems)

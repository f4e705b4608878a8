"""Unknown is not zero (docs/metrics.md): how much of a metric's inputs are known, and why a
metric is "—".

Each metric family can return, after its columns, coverage columns (``compute_metric(...,
coverage=True)``): the share, 0–1, of the scope whose inputs are known. 1 is all of it; 0
none, and the metrics that need those inputs are null; a share in between means they cover
the known part only; null means there was nothing to cover (no lines, no visits). ``notes``
turns them into the sentences that the pages (under their tiles and tables) and the CLI
(on stderr) show. Alerts compare known values only, so an unknown raises none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

from sales_dash.catalogue import covered_by
from sales_dash.i18n import format_percent, text

COVERAGE: dict[str, tuple[str, ...]] = {
    "attainment": ("quota_coverage",),
    "margin": ("cost_coverage",),
    "collection": ("payment_coverage", "receivable_coverage", "receipt_basis"),
    "expense": ("visit_coverage", "expense_coverage", "budget_coverage"),
    "market_share": ("market_coverage",),
    "activity": ("visit_coverage", "customer_coverage"),
    "over_authority": ("discount_coverage",),
    "abc": ("customer_coverage",),
    # branch collections: money received, 回款周期 and DSO
    "cash": ("receivable_coverage", "cash_coverage", "receipt_basis"),
}
"""Family -> its coverage columns, in the order they follow the family's own columns."""

REASONS: dict[str, tuple[str, str | None]] = {
    "quota_coverage": ("unknown_no_quotas", None),
    "cost_coverage": ("unknown_no_cost", "partial_cost"),
    "payment_coverage": ("unknown_no_payments", "partial_payments"),
    "receivable_coverage": ("unknown_no_payments", "partial_receivables"),
    "visit_coverage": ("unknown_no_visits", None),
    "expense_coverage": ("unknown_no_expense", "partial_expense"),
    "budget_coverage": ("unknown_no_budget", "partial_budget"),
    "market_coverage": ("unknown_no_market", None),
    "customer_coverage": ("unknown_no_customers", "partial_customers"),
    "discount_coverage": ("unknown_no_discounts", "partial_discounts"),
    # branch collections
    "cash_coverage": ("unknown_cash_by_product", None),
    # branch collect2: not an unknown but a source: 0 is "all from the lines' paid
    # amounts", 1 "all from receipts" (ALL_KNOWN), between the share from receipts
    "receipt_basis": ("basis_lines", "basis_partial"),
}
"""Coverage column -> (the reason when nothing is known, the note when part is known;
None where a part cannot be: quotas, visits and market sizes are loaded for a period or not)."""

ALL_KNOWN: dict[str, str] = {"receipt_basis": "basis_receipts"}
"""Coverage column -> the note when all of it is known, where that is worth saying (branch
collect2: the collections of a scope all come from receipts)."""


AFFECTS: dict[str, frozenset[str]] = {
    column: covered_by(column) | ({"abc_class"} if column == "customer_coverage" else set())
    for column in REASONS
}
"""Coverage column -> the figures it speaks for (declared per figure in the catalogue,
``sales_dash.catalogue.Column.coverage``; and the ABC class): a page notes only those of
what it shows."""


def covering(shown: Iterable[str]) -> list[str]:
    """The coverage columns that speak for any of the figures ``shown``."""
    names = set(shown)
    return [column for column, figures in AFFECTS.items() if figures & names]


def coverage(
    known_amount: str | pl.Expr, amount: str | pl.Expr, known_count: str, count: str
) -> pl.Expr:
    """The share of ``amount`` that is known, 0–1: exactly 1 when every one of ``count``
    items is known, 0 when none is, null when there are none (nothing to cover).

    The counts decide the ends, so a scope whose amounts sum to 0 (a sale and its return)
    still reads as known or unknown; in between, the share is by amount, returns with their
    sign, clipped to 0–1."""
    known = pl.col(known_amount) if isinstance(known_amount, str) else known_amount
    total = pl.col(amount) if isinstance(amount, str) else amount
    share = (known.cast(pl.Float64) / total.cast(pl.Float64)).clip(0.0, 1.0)
    partial = pl.when(total.cast(pl.Float64) != 0).then(share)
    return (
        pl.when(pl.col(count).fill_null(0) == 0)
        .then(None)
        .when(pl.col(known_count).fill_null(0) == 0)
        .then(0.0)
        .when(pl.col(known_count) >= pl.col(count))
        .then(1.0)
        .otherwise(partial)
        .cast(pl.Float64)
    )


def unknown_where(condition: pl.Expr, columns: Sequence[str], frame: pl.DataFrame) -> list[pl.Expr]:
    """``columns`` of ``frame`` set to null where ``condition`` holds (their inputs unknown)."""
    return [
        pl.when(condition.fill_null(False)).then(None).otherwise(pl.col(c)).alias(c)
        for c in columns
        if c in frame.columns
    ]


def none_known(frame: pl.DataFrame, column: str) -> bool:
    """Whether ``frame``'s coverage ``column`` says nothing is known (0 in every row that
    has something to cover): an empty list built from it would be a made-up "none"."""
    values = frame.get_column(column).drop_nulls() if column in frame.columns else None
    return values is not None and not values.is_empty() and values.max() == 0.0


@dataclass(frozen=True)
class Note:
    """Why a metric is "—", or how much of its scope it covers."""

    key: str
    """The i18n text: ``unknown_*`` (nothing known) or ``partial_*`` (part known)."""
    share: tuple[float, float] | None = None
    """For a partial note, the lowest and highest coverage among the rows."""

    def text(self, language: str) -> str:
        if self.share is None:
            return text(self.key, language)
        low, high = self.share
        shown = (
            format_percent(low) if low == high else f"{format_percent(low)}–{format_percent(high)}"
        )
        return text(self.key, language, share=shown)


def notes(frame: pl.DataFrame, only: Iterable[str] | None = None) -> list[Note]:
    """The notes of a result's coverage columns, each reason once, in column order.

    A coverage of 0 in every row that has one: the metric is unknown (its reason). Some rows
    below 1: the metric covers the known part (the share, or its range over the rows, where
    a row at 0% is "—"). ``only``: the coverage columns to read (those of what is shown).
    Where knowing all is worth a sentence (``ALL_KNOWN``: collections all from receipts),
    a coverage of 1 in every row says it."""
    found: list[Note] = []
    for column, (none_key, part_key) in REASONS.items():
        if column not in frame.columns or (only is not None and column not in only):
            continue
        values = frame.get_column(column).drop_nulls()
        if values.is_empty():
            continue
        note: Note | None
        if values.min() == 1.0:  # type: ignore[operator]
            note = Note(ALL_KNOWN[column]) if column in ALL_KNOWN else None
        elif values.max() == 0.0 or part_key is None:
            note = Note(none_key)
        else:
            # some rows known in part, or some known and some not: the range over the rows
            note = Note(part_key, (float(values.min()), float(values.max())))  # type: ignore[arg-type]
        if note is not None and note not in found:
            found.append(note)
    return found


def note_texts(frame: pl.DataFrame, language: str) -> list[str]:
    """``notes`` of a result as sentences in ``language``."""
    return [note.text(language) for note in notes(frame)]

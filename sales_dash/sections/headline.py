"""The headline numbers of a period: what the overview tiles and the meeting page show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sales_dash.engine.metrics import RATE_COLUMNS, compute_metric
from sales_dash.engine.unknowns import Note, notes
from sales_dash.filters import Filters
from sales_dash.lake import Lake

SHOWN_COVERAGE = {
    "attainment": ("quota_coverage",),
    "margin": ("cost_coverage",),
    "collection": ("payment_coverage", "receivable_coverage"),
    "expense": ("visit_coverage", "expense_coverage"),
    "market_share": ("market_coverage",),
}
"""Family -> the coverage columns of the headline's figures (expense's budget is not one)."""


@dataclass(frozen=True)
class Headline:
    start: dt.date
    end: dt.date
    as_of: dt.date
    revenue: Decimal
    quota: Decimal | None
    attainment: float | None
    time_progress: float
    pacing_gap: float | None
    gross_margin: float | None
    collection_rate: float | None
    expense_ratio: float | None
    market_share: float | None
    notes: tuple[Note, ...] = ()
    """Why a figure is "—", or how much of the scope it covers (sales_dash.engine.unknowns)."""


def headline(
    lake: Lake, start: dt.date, end: dt.date, as_of: dt.date, filters: Filters | None = None
) -> Headline:
    """Revenue, attainment against time, margin, collection, expense ratio, market share."""
    filters = filters or Filters()
    found: list[Note] = []

    def row(name: str) -> dict:
        # the tiles read ratios only: collection's receivables aging is not computed
        columns = RATE_COLUMNS.get(name)
        frame = compute_metric(
            lake, name, start, end, as_of, filters=filters, columns=columns, coverage=True
        )
        found.extend(n for n in notes(frame, SHOWN_COVERAGE[name]) if n not in found)
        return frame.to_dicts()[0]

    attainment = row("attainment")
    return Headline(
        start=start,
        end=end,
        as_of=as_of,
        revenue=attainment["revenue"],
        quota=attainment["quota"],
        attainment=attainment["attainment"],
        time_progress=attainment["time_progress"],
        pacing_gap=attainment["pacing_gap"],
        gross_margin=row("margin")["gross_margin"],
        collection_rate=row("collection")["collection_rate"],
        expense_ratio=row("expense")["expense_ratio"],
        market_share=row("market_share")["market_share"],
        notes=tuple(found),
    )

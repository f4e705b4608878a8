"""The overview's KPI tiles: the engine's numbers for the view, and the same numbers for
the comparison period (环比 or 同比), like-for-like when the period is still open.

Like-for-like means the comparison counts only as many days as have elapsed: revenue,
margin and expense ratio over the compared period's first days; collection rate for
lines due by the matching date; attainment and market share as that revenue against
the compared period's *full* quota and market size, just as the current tile divides
month-to-date revenue by the full month's quota.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sales_dash.headline import Headline, headline
from sales_dash.lake import Lake
from sales_dash.metrics import RATE_COLUMNS, compute_metric
from sales_dash.view import ComparisonWindow, View, comparison_window

KPIS = (
    "revenue",
    "attainment",
    "gross_margin",
    "collection_rate",
    "expense_ratio",
    "market_share",
)
LOWER_IS_BETTER = frozenset({"expense_ratio"})


Number = Decimal | float | int


def _ratio(numerator: Number | None, denominator: Number | None) -> float | None:
    if numerator is None or denominator is None or float(denominator) == 0:
        return None
    return float(numerator) / float(denominator)


def relative_change(now: Number | None, before: Number | None) -> float | None:
    """How much ``now`` moved from ``before``, relative to its size (0.12 = +12%): the
    delta of every money tile. None when either is missing or ``before`` is 0."""
    if now is None or before is None:
        return None
    return _ratio(float(now) - float(before), abs(float(before)))


@dataclass(frozen=True)
class Kpi:
    name: str
    value: Number | None
    previous: Number | None

    @property
    def is_money(self) -> bool:
        return self.name == "revenue"

    @property
    def delta(self) -> float | None:
        """Money: the relative change (0.12 = +12%); ratios: the change in ratio points."""
        if self.is_money:
            return relative_change(self.value, self.previous)
        if self.value is None or self.previous is None:
            return None
        return float(self.value) - float(self.previous)


@dataclass(frozen=True)
class KpiBoard:
    current: Headline
    window: ComparisonWindow
    kpis: tuple[Kpi, ...]

    def kpi(self, name: str) -> Kpi:
        return next(k for k in self.kpis if k.name == name)


def _row(
    lake: Lake, name: str, start: dt.date, end: dt.date, as_of: dt.date, view: View
) -> dict[str, Any]:
    columns = RATE_COLUMNS.get(name)
    frame = compute_metric(lake, name, start, end, as_of, filters=view.filters, columns=columns)
    return frame.to_dicts()[0]


def comparison_values(lake: Lake, view: View, window: ComparisonWindow) -> dict[str, Any]:
    """The KPI values of the comparison window (see the module docstring)."""
    cut = (window.start, window.cut_end, window.as_of)
    attainment_cut = _row(lake, "attainment", *cut, view)
    attainment_full = (
        _row(lake, "attainment", window.start, window.end, window.as_of, view)
        if window.cut_end != window.end
        else attainment_cut
    )
    market_cut = _row(lake, "market_share", *cut, view)
    market_full = (
        _row(lake, "market_share", window.start, window.end, window.as_of, view)
        if window.cut_end != window.end
        else market_cut
    )
    collection = _row(lake, "collection", window.start, window.end, window.as_of, view)
    return {
        "revenue": attainment_cut["revenue"],
        "attainment": attainment_cut["attainment"]
        if window.cut_end == window.end
        else _ratio(attainment_cut["revenue"], attainment_full["quota"]),
        "gross_margin": _row(lake, "margin", *cut, view)["gross_margin"],
        "collection_rate": collection["collection_rate"],
        "expense_ratio": _row(lake, "expense", *cut, view)["expense_ratio"],
        "market_share": market_cut["market_share"]
        if window.cut_end == window.end
        else _ratio(market_cut["revenue"], market_full["market_size"]),
    }


def kpi_board(lake: Lake, view: View) -> KpiBoard:
    """The six headline KPIs of the view with their comparison values."""
    current = headline(lake, view.start, view.end, view.as_of, view.filters)
    window = comparison_window(view)
    previous = comparison_values(lake, view, window)
    kpis = tuple(Kpi(name, getattr(current, name), previous[name]) for name in KPIS)
    return KpiBoard(current=current, window=window, kpis=kpis)

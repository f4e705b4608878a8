"""The overview's KPI tiles: the engine's numbers for the view, and the same numbers for
the comparison period (环比 or 同比), like-for-like when the period is still open.

Like-for-like means the comparison counts only as many days as have elapsed: revenue,
margin and expense ratio over the compared period's first days; collection rate for
lines due by the matching date; attainment as that revenue against the compared period's
*full* quota, just as the current tile divides month-to-date revenue by the full month's
quota; market share as the engine has it, the revenue and the market size of the same
days (docs/metrics.md, "Market share"), so the tile, its comparison and the trend agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sales_dash import catalogue
from sales_dash.engine.metrics import compute_metric
from sales_dash.lake import Lake
from sales_dash.sections.headline import Headline, headline
from sales_dash.view import ComparisonWindow, View, comparison_window

KPIS = catalogue.KPIS
"""The tiles, from the catalogue: the six of the headline, then any other KPI column
(客单价, 人均销售额), compared over the compared period's first days like revenue."""
LOWER_IS_BETTER = catalogue.LOWER_IS_BETTER


HEADLINE_KPIS = frozenset(
    {"revenue", "attainment", "gross_margin", "collection_rate", "expense_ratio", "market_share"}
)
"""The KPIs the headline computes (and compares like-for-like by rules of their own)."""

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
        return catalogue.kind_of(self.name) is catalogue.Kind.MONEY

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


def _value(
    lake: Lake, name: str, window: tuple[dt.date, dt.date, dt.date], view: View, column: str
) -> Any:
    """One number of ``name`` over ``window`` (start, end, as-of); only the queries that
    ``column`` needs run."""
    frame = compute_metric(lake, name, *window, filters=view.filters, columns=[column])
    return frame[column][0]


def comparison_values(lake: Lake, view: View, window: ComparisonWindow) -> dict[str, Any]:
    """The KPI values of the comparison window (see the module docstring)."""
    cut = (window.start, window.cut_end, window.as_of)
    full = (window.start, window.end, window.as_of)
    values = {
        "revenue": _value(lake, "attainment", cut, view, "revenue"),
        "gross_margin": _value(lake, "margin", cut, view, "gross_margin"),
        "collection_rate": _value(lake, "collection", full, view, "collection_rate"),
        "expense_ratio": _value(lake, "expense", cut, view, "expense_ratio"),
        # the engine cuts the market where the sales stop (the window's as-of)
        "market_share": _value(lake, "market_share", full, view, "market_share"),
    }
    # any other KPI of the catalogue: a flow over the compared period's first days
    values.update(
        (name, _value(lake, str(catalogue.CATALOGUE[name].family), cut, view, name))
        for name in KPIS
        if name not in HEADLINE_KPIS
    )
    if window.cut_end == window.end:
        return {**values, "attainment": _value(lake, "attainment", full, view, "attainment")}
    # like-for-like: the revenue of the matching days against the whole period's quota
    quota = _value(lake, "attainment", full, view, "quota")
    return {**values, "attainment": _ratio(values["revenue"], quota)}


def kpi_board(lake: Lake, view: View) -> KpiBoard:
    """The catalogue's KPIs of the view with their comparison values."""
    current = headline(lake, view.start, view.end, view.as_of, view.filters)
    window = comparison_window(view)
    previous = comparison_values(lake, view, window)
    now = (view.start, view.end, view.as_of)
    values = {
        name: getattr(current, name)
        if name in HEADLINE_KPIS
        else _value(lake, str(catalogue.CATALOGUE[name].family), now, view, name)
        for name in KPIS
    }
    kpis = tuple(Kpi(name, values[name], previous[name]) for name in KPIS)
    return KpiBoard(current=current, window=window, kpis=kpis)

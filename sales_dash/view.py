"""What the dashboard looks at: a period preset, an as-of date, filters and a comparison.

Pure calendar logic, no Streamlit: the sidebar turns its widgets into a ``View`` and
every page computes from it. All periods are inclusive date ranges.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from sales_dash.filters import Filters
from sales_dash.periods import (
    Period,
    add_months,
    flow_end,
    month_end,
    month_start,
    previous_period,
)

PRESETS = ("this_month", "last_month", "this_quarter", "this_year", "last_12_months", "custom")
"""Period presets of the sidebar, relative to the as-of date (never to today)."""
COMPARISONS = ("previous", "last_year")
"""环比 (the period just before, of the same shape) and 同比 (the same dates a year earlier)."""


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def preset_period(
    preset: str, as_of: dt.date, custom: tuple[dt.date, dt.date] | None = None
) -> tuple[dt.date, dt.date]:
    """The inclusive ``[start, end]`` of a preset around ``as_of``; custom uses ``custom``."""
    if preset == "this_month":
        return month_start(as_of), month_end(as_of)
    if preset == "last_month":
        last = month_start(as_of) - dt.timedelta(days=1)
        return month_start(last), last
    if preset == "this_quarter":
        start = quarter_start(as_of)
        return start, month_end(add_months(start, 2))
    if preset == "this_year":
        return dt.date(as_of.year, 1, 1), dt.date(as_of.year, 12, 31)
    if preset == "last_12_months":
        return add_months(month_start(as_of), -11), month_end(as_of)
    if preset == "custom" and custom is not None:
        start, end = custom
        return (start, end) if start <= end else (end, start)
    raise ValueError(f"unknown period preset {preset!r}")


def _whole_months(start: dt.date, end: dt.date) -> int | None:
    """How many calendar months ``[start, end]`` spans exactly, or None if it is not whole."""
    if start != month_start(start) or end != month_end(end):
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _shift_months(start: dt.date, end: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """Shift a period by whole months; a period ending on a month end keeps ending on one."""
    shifted_end = add_months(end, months)
    if end == month_end(end):
        shifted_end = month_end(shifted_end)
    return add_months(start, months), shifted_end


def comparison_period(start: dt.date, end: dt.date, comparison: str) -> tuple[dt.date, dt.date]:
    """The full period compared against: 环比 = the one just before, 同比 = a year earlier."""
    if comparison == "last_year":
        return _shift_months(start, end, -12)
    months = _whole_months(start, end)
    if months is not None:
        return _shift_months(start, end, -months)
    before = previous_period(Period("all", start, end))
    return before.start, before.end


@dataclass(frozen=True)
class View:
    """The period ``[start, end]`` seen at ``as_of`` under ``filters``, and its comparison."""

    start: dt.date
    end: dt.date
    as_of: dt.date
    filters: Filters = field(default_factory=Filters)
    comparison: str = "previous"

    @property
    def period(self) -> Period:
        return Period("all", self.start, self.end)

    @property
    def elapsed_days(self) -> int:
        return self.period.elapsed_days(self.as_of)

    @property
    def flow_end(self) -> dt.date:
        """The last day flows count (``periods.flow_end``), as the engine's figures do."""
        return flow_end(self.end, self.as_of)

    @property
    def is_open(self) -> bool:
        """Whether the period is still running at as-of (month-to-date and the like)."""
        return self.as_of < self.end

    @property
    def remaining_days(self) -> int:
        return self.period.days - self.elapsed_days

    def narrowed(self, **filters: tuple[str, ...]) -> View:
        """The same view with some filters replaced (a drill-down step)."""
        return replace(self, filters=replace(self.filters, **filters))


@dataclass(frozen=True)
class ComparisonWindow:
    """The comparison of a view: its full period, and the part matching the elapsed days.

    For an open period the comparison is like-for-like: month-to-date against the same
    number of days of the compared month, so ``cut_end`` stops where the view stands.
    """

    start: dt.date
    end: dt.date
    cut_end: dt.date

    @property
    def as_of(self) -> dt.date:
        return self.cut_end


def comparison_window(view: View) -> ComparisonWindow:
    """The compared period, cut like-for-like when the view's period is still open.

    同比 cuts at the same date a year earlier (12 months back, so a leap day cannot shift
    it); 环比 cuts after the same number of elapsed days, since the compared period may be
    of another length.
    """
    start, end = comparison_period(view.start, view.end, view.comparison)
    if not view.is_open:
        return ComparisonWindow(start, end, end)
    if view.comparison == "last_year":
        cut = add_months(view.as_of, -12)
    else:
        cut = start + dt.timedelta(days=view.elapsed_days - 1)
    return ComparisonWindow(start, end, min(end, max(start, cut)))


def iso_week(day: dt.date) -> tuple[dt.date, dt.date]:
    """The ISO week (Monday to Sunday) holding ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)

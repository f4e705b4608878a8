"""Calendar arithmetic for metric periods: splitting, time progress, previous periods.

All periods are inclusive date ranges ``[start, end]``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    key: str
    """'all' for the whole period, 'YYYY-MM' for a month, the Monday's ISO date for a week."""
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def elapsed_days(self, as_of: dt.date) -> int:
        """Days from start to min(as_of, end), inclusive; 0 before the period starts."""
        if as_of < self.start:
            return 0
        return (min(as_of, self.end) - self.start).days + 1

    def time_progress(self, as_of: dt.date) -> float:
        """Share of the period's days elapsed at ``as_of`` (时间进度), 0–1."""
        return self.elapsed_days(as_of) / self.days


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    if day.month == 12:  # December 9999 has no following month to step back from
        return day.replace(day=31)
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    first = dt.date(index // 12, index % 12 + 1, 1)
    return first.replace(day=min(day.day, month_end(first).day))


def split_months(start: dt.date, end: dt.date) -> list[Period]:
    """Calendar months of ``[start, end]``, clipped to it."""
    periods = []
    cursor = start
    while cursor <= end:
        last = min(month_end(cursor), end)
        periods.append(Period(cursor.strftime("%Y-%m"), cursor, last))
        cursor = last + dt.timedelta(days=1)
    return periods


def split_weeks(start: dt.date, end: dt.date) -> list[Period]:
    """ISO weeks (Monday first) of ``[start, end]``, clipped to it, keyed by their Monday."""
    periods = []
    cursor = start
    while cursor <= end:
        monday = cursor - dt.timedelta(days=cursor.weekday())
        last = min(monday + dt.timedelta(days=6), end)
        periods.append(Period(monday.isoformat(), cursor, last))
        cursor = last + dt.timedelta(days=1)
    return periods


def previous_period(period: Period) -> Period:
    """The period of equal length just before ``period``."""
    end = period.start - dt.timedelta(days=1)
    return Period(period.key, end - dt.timedelta(days=period.days - 1), end)


def flow_end(end: dt.date, as_of: dt.date) -> dt.date:
    """The last day flows (sales, costs, expenses, visits, new customers) count in a
    period ending ``end``: ``min(end, as_of)``.

    Targets cover the whole period, while what happened is what was known at as-of: the
    same cut that time progress and the run-rate forecast make. Every figure of the engine
    and every list of a page stop here, so a list always adds up to its tile.
    """
    return min(end, as_of)

"""The dates the lake may hold: a window around today that an upload's dates must fall in.

Dates far outside it are typing errors or hostile (an order dated 9999-12-31 takes every
calendar shift of the dashboard past year 9999). Uploads reject them (``sales_dash.ingest
.window``); a lake that holds one anyway (written before the check, or by hand) still
opens, with the default as-of taken from the dates inside the window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from sales_dash.engine.row_scope import RowScope, scope_expr
from sales_dash.lake import Lake
from sales_dash.periods import add_months
from sales_dash.schema import ORDERS, Column, Kind
from sales_dash.settings import setting

LATER_COLUMNS = frozenset({"due_date"})
"""Dates that may lie years ahead: payment terms run past the order's window."""


@dataclass(frozen=True)
class DateWindow:
    """Inclusive ``[start, end]`` for dates and months; ``due_end`` for due dates."""

    start: dt.date
    end: dt.date
    due_end: dt.date

    @classmethod
    def from_settings(cls, today: dt.date | None = None) -> DateWindow:
        today = today or dt.date.today()
        ahead = int(setting("date_window_years_ahead"))
        due_ahead = int(setting("due_date_years_ahead"))
        return cls(
            start=dt.date.fromisoformat(str(setting("date_window_start"))),
            end=add_months(today, 12 * ahead),
            due_end=add_months(today, 12 * max(ahead, due_ahead)),
        )

    def bounds(self, column: Column) -> tuple[dt.date, dt.date]:
        return self.start, self.due_end if column.name in LATER_COLUMNS else self.end

    def outside(self, column: Column) -> pl.Expr:
        """True where ``column`` (a date, or a YYYY-MM month) lies outside the window."""
        low, high = self.bounds(column)
        if column.kind is Kind.MONTH:
            value = pl.col(column.name)
            return (value < low.strftime("%Y-%m")) | (value > high.strftime("%Y-%m"))
        return ~pl.col(column.name).is_between(low, high)

    def describe(self, column: Column) -> str:
        low, high = self.bounds(column)
        if column.kind is Kind.MONTH:
            return f"{low:%Y-%m} – {high:%Y-%m}"
        return f"{low.isoformat()} – {high.isoformat()}"


def as_of_within_window(lake: Lake, latest: dt.date | None, today: dt.date) -> dt.date | None:
    """The default as-of (``latest``, the engine's latest booked order date) unless a date
    beyond the window put it there: then the latest booked order date inside the window.

    The scan happens only for such a lake; None when no booked line is inside.
    """
    window = DateWindow.from_settings(today)
    if latest is None or window.start <= latest <= window.end:
        return latest
    files = lake.files("orders")
    if not files:
        return None
    found = (
        pl.scan_parquet(files)
        .filter(
            scope_expr(RowScope.of(lake.access), ORDERS.column_names),
            pl.col("status").fill_null("") != "cancelled",
            pl.col("order_date").is_between(window.start, window.end),
        )
        .select(pl.col("order_date").max())
        .collect()
    )
    latest_inside: dt.date | None = found.item()
    return latest_inside

"""The windows a page charts around its view: the as-of date's year, and the 12 months
ending with the view's period."""

from __future__ import annotations

import datetime as dt

from sales_dash.periods import add_months, month_end, month_start
from sales_dash.view import View


def year_of(view: View) -> tuple[dt.date, dt.date]:
    return dt.date(view.as_of.year, 1, 1), dt.date(view.as_of.year, 12, 31)


def trailing_year(view: View) -> tuple[dt.date, dt.date]:
    """The 12 calendar months ending with the period's last month."""
    last = month_start(view.end)
    return add_months(last, -11), month_end(last)

"""What every page section starts from: one engine metric of a view (and of each month
of its year)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from sales_dash.engine.metrics import compute_metric
from sales_dash.lake import Lake
from sales_dash.sections.windows import year_of
from sales_dash.view import View


def view_metric(
    lake: Lake,
    name: str,
    view: View,
    by: str | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    as_of: dt.date | None = None,
    columns: Sequence[str] | None = None,
    coverage: bool = False,
    at_period_ends: bool = False,
) -> pl.DataFrame:
    """The engine's ``name`` for the view's filters, over its period unless dates are given
    (``columns``: those read; ``coverage``: with the coverage columns; ``at_period_ends``:
    each period's collections as they stood at its end; see ``compute_metric``)."""
    return compute_metric(
        lake,
        name,
        start or view.start,
        end or view.end,
        as_of or view.as_of,
        by=by,
        filters=view.filters,
        columns=columns,
        coverage=coverage,
        at_period_ends=at_period_ends,
    )


def year_by_month(lake: Lake, view: View, name: str) -> pl.DataFrame:
    """The metric ``name`` for each month of the as-of date's year."""
    start, end = year_of(view)
    return view_metric(lake, name, view, "month", start=start, end=end)

"""Figures: a Polars frame in, a Plotly figure out, no data access.

One palette everywhere; targets are lines (the 100% line, time elapsed, the quota, the
budget); hovers and bar labels show the same formatted numbers as the tables; type is
large enough for a projector. Money axes are scaled to 万 / 亿 (zh) or K / M (en), the
unit named once in the axis title; target lines and bar colours are named in the legend.

``style`` holds the look they share; the figures are grouped by what they show:
``bars`` (groups side by side), ``trends`` (months in a row) and ``distributions``
(how customers, discounts and classes spread).
"""

from sales_dash.charts.bars import (
    change_bars,
    money_bars,
    ranked,
    ratio_bars,
    stacked_money,
    week_bars,
)
from sales_dash.charts.distributions import class_bars, customer_scatter, discount_histogram
from sales_dash.charts.style import (
    ABC_COLOURS,
    AGING_COLOURS,
    PALETTE,
    SERIES,
    money_unit,
    untitled_top,
    without_title,
)
from sales_dash.charts.trends import days_vs_target, market_trend, money_vs_target

__all__ = [
    "ABC_COLOURS",
    "AGING_COLOURS",
    "PALETTE",
    "SERIES",
    "change_bars",
    "class_bars",
    "customer_scatter",
    "days_vs_target",
    "discount_histogram",
    "market_trend",
    "money_bars",
    "money_unit",
    "money_vs_target",
    "ranked",
    "ratio_bars",
    "stacked_money",
    "untitled_top",
    "week_bars",
    "without_title",
]

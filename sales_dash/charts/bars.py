"""Groups side by side: one bar per region, rep, category … of a ratio or an amount."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl

from sales_dash.charts.style import (
    PALETTE,
    SERIES,
    bar_height,
    figure,
    floats,
    money_axis,
    money_text,
    money_unit,
    percent_text,
    scaled,
    vline,
)
from sales_dash.i18n import format_percent


def _pace_colour(value: float | None, mark: float | None, alert: float, lower: bool) -> str:
    if mark is None or value is None:
        return PALETTE["actual"]
    if (value > mark) if lower else (value < mark + alert):
        return PALETTE["bad"]
    if not lower and value < mark:
        return PALETTE["warn"]
    return PALETTE["good"] if lower else PALETTE["actual"]


def ratio_bars(
    frame: pl.DataFrame,
    label: str,
    value: str,
    *,
    title: str | None = None,
    value_name: str = "",
    target: float | None = None,
    target_name: str = "",
    time_progress: float | None = None,
    time_name: str = "",
    alert: float | None = None,
    lower_is_better: bool = False,
    key: str | None = None,
) -> go.Figure:
    """Horizontal bars of a ratio per group, best at the top, with target lines.

    Colours: behind time (or beyond the target when lower is better) is red, within
    ``alert`` of it amber, otherwise blue. ``key`` goes into customdata for drill-down.
    """
    data = frame.filter(pl.col(value).is_not_null()).sort(value, descending=lower_is_better)
    values = floats(data, value)
    labels = [str(v) for v in data.get_column(label).to_list()]
    mark = time_progress if time_progress is not None else target
    colours = [_pace_colour(v, mark, alert or 0.0, lower_is_better) for v in values]
    keys = data.get_column(key).to_list() if key else labels
    texts = percent_text(values)
    bars = {
        "type": "bar",
        "x": values,
        "y": labels,
        "orientation": "h",
        "marker": {"color": colours},
        "text": texts,
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [[k, t] for k, t in zip(keys, texts, strict=True)],
        "hovertemplate": f"%{{y}}<br>{value_name}: %{{customdata[1]}}<extra></extra>",
        "name": value_name,
    }
    top = max([v for v in values if v is not None] + [target or 0.0, time_progress or 0.0])
    lines = []
    if target is not None:
        lines.append(
            vline(target, f"{target_name} {format_percent(target)}", PALETTE["target"], top)
        )
    if time_progress is not None and (target is None or abs(time_progress - target) > 0.005):
        label_text = f"{time_name} {format_percent(time_progress)}"
        lines.append(vline(time_progress, label_text, PALETTE["time"], top))
    return figure(
        [bars],
        title,
        bar_height(len(labels)),
        shapes=[line for line, _ in lines],
        annotations=[text for _, text in lines],
        xaxis={"tickformat": percent_tick_format(top), "rangemode": "tozero"},
    )


def percent_tick_format(top: float) -> str:
    """Whole percents, or one decimal when the axis spans less than 10% (0.5%, 1.0%, …),
    so small ratios such as an expense ratio do not show ticks of 0%, 0%, 1%, 1%."""
    return ".1%" if top < 0.1 else ".0%"


def money_bars(
    frame: pl.DataFrame,
    label: str,
    value: str,
    language: str,
    *,
    title: str | None = None,
    value_name: str = "",
    key: str | None = None,
    limit: int | None = None,
) -> go.Figure:
    """Horizontal bars of money per group, the largest at the top."""
    data = frame.filter(pl.col(value).is_not_null()).sort(value, descending=True)
    if limit is not None:
        data = data.head(limit)
    data = data.reverse()
    values = floats(data, value)
    divisor, unit = money_unit(values, language)
    labels = [str(v) for v in data.get_column(label).to_list()]
    keys = data.get_column(key).to_list() if key else labels
    texts = money_text(values, language)
    bars = {
        "type": "bar",
        "x": scaled(values, divisor),
        "y": labels,
        "orientation": "h",
        "marker": {"color": PALETTE["actual"]},
        "text": texts,
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [[k, t] for k, t in zip(keys, texts, strict=True)],
        "hovertemplate": f"%{{y}}<br>{value_name}: %{{customdata[1]}}<extra></extra>",
        "name": value_name,
    }
    return figure([bars], title, bar_height(len(labels)), xaxis=money_axis(unit, language))


def change_bars(
    frame: pl.DataFrame, label: str, value: str, *, title: str | None = None
) -> go.Figure:
    """Gains (green) and losses (red) in ratio points per group, largest gain on top."""
    data = frame.filter(pl.col(value).is_not_null()).sort(value)
    values = floats(data, value)
    texts = [format_percent(v, points=True) for v in values]
    bars = {
        "type": "bar",
        "x": [None if v is None else v * 100 for v in values],
        "y": [str(v) for v in data.get_column(label).to_list()],
        "orientation": "h",
        "marker": {"color": [PALETTE["good"] if (v or 0) >= 0 else PALETTE["bad"] for v in values]},
        "text": texts,
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": texts,
        "hovertemplate": "%{y}: %{customdata}<extra></extra>",
    }
    spread = max((abs(v) * 100 for v in values if v is not None), default=1.0) or 1.0
    zero, _ = vline(0.0, "", PALETTE["target"], 0.0, width=1.5)
    zero["line"]["dash"] = "solid"
    return figure(
        [bars],
        title,
        bar_height(len(values)),
        shapes=[zero],
        xaxis={"ticksuffix": " pt", "zeroline": True, "range": [-spread * 1.5, spread * 1.5]},
    )


def stacked_money(
    frame: pl.DataFrame,
    label: str,
    parts: Sequence[str],
    part_names: Sequence[str],
    language: str,
    *,
    title: str | None = None,
    colours: Sequence[str] | None = None,
    key: str | None = None,
) -> go.Figure:
    """Horizontal stacked bars: one bar per group, one segment per part (receivables aging)."""
    totals = frame.select(pl.sum_horizontal(*(pl.col(p).cast(pl.Float64) for p in parts)))
    data = frame.with_columns(_total=totals.to_series()).sort("_total")
    labels = [str(v) for v in data.get_column(label).to_list()]
    divisor, unit = money_unit(floats(data, "_total"), language)
    keys = data.get_column(key).to_list() if key else labels
    traces = []
    for index, (part, name) in enumerate(zip(parts, part_names, strict=True)):
        values = floats(data, part)
        texts = money_text(values, language)
        traces.append(
            {
                "type": "bar",
                "x": scaled(values, divisor),
                "y": labels,
                "orientation": "h",
                "name": name,
                "marker": {"color": colours[index] if colours else SERIES[index % len(SERIES)]},
                "customdata": [[k, t] for k, t in zip(keys, texts, strict=True)],
                "hovertemplate": f"%{{y}}<br>{name}: %{{customdata[1]}}<extra></extra>",
            }
        )
    return figure(
        traces,
        title,
        bar_height(len(labels)) + 40,
        barmode="stack",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        xaxis=money_axis(unit, language),
    )


def week_bars(
    frame: pl.DataFrame,
    label: str,
    this: str,
    last: str,
    language: str,
    *,
    title: str | None = None,
    this_name: str = "",
    last_name: str = "",
) -> go.Figure:
    """This week against last week, money per group, side by side."""
    labels = [str(v) for v in frame.get_column(label).to_list()]
    this_values, last_values = floats(frame, this), floats(frame, last)
    divisor, unit = money_unit(this_values + last_values, language)
    traces = [
        {
            "type": "bar",
            "x": labels,
            "y": scaled(values, divisor),
            "name": name,
            "marker": {"color": colour},
            "text": money_text(values, language),
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": money_text(values, language),
            "hovertemplate": f"%{{x}}<br>{name}: %{{customdata}}<extra></extra>",
        }
        for values, name, colour in (
            (last_values, last_name, PALETTE["muted"]),
            (this_values, this_name, PALETTE["actual"]),
        )
    ]
    return figure(traces, title, 420, barmode="group", yaxis=money_axis(unit, language))

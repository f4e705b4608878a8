"""Groups side by side: one bar per region, rep, category … of a ratio or an amount."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl

from sales_dash.charts.style import (
    PALETTE,
    SERIES,
    bar_height,
    category_axis,
    colour_key,
    figure,
    floats,
    legend_height,
    money_axis,
    money_text,
    money_unit,
    percent_text,
    reference_line,
    scaled,
    value_column,
)
from sales_dash.i18n import format_percent, text


def ranked(frame: pl.DataFrame, value: str, *, lower_is_better: bool = False) -> pl.DataFrame:
    """The rows in the order a chart shows its bars, top to bottom, and its table lists
    them: the best first (the largest, or the smallest when lower is better), rows without
    a value last. One rule for a section's chart and its table."""
    return frame.sort(value, descending=not lower_is_better, nulls_last=True)


def _pace_colour(value: float | None, mark: float | None, alert: float, lower: bool) -> str:
    if mark is None or value is None:
        return PALETTE["actual"]
    if (value > mark) if lower else (value < mark + alert):
        return PALETTE["bad"]
    if not lower and value < mark:
        return PALETTE["warn"]
    return PALETTE["good"] if lower else PALETTE["actual"]


def _pace_legend(
    colours: list[str], mark_name: str, alert: float, lower: bool, language: str
) -> list[dict]:
    """Legend entries saying what each bar colour present means, from i18n."""
    mark = mark_name[:1].lower() + mark_name[1:] if language == "en" else mark_name
    points = f"{abs(alert) * 100:g}"
    if lower:
        meanings = {"bad": "colour_over", "good": "colour_within"}
    elif alert:
        meanings = {"bad": "colour_far_behind", "warn": "colour_behind", "actual": "colour_on_pace"}
    else:
        meanings = {"bad": "colour_behind", "actual": "colour_on_pace"}
    return [
        colour_key(text(key, language, mark=mark, points=points), PALETTE[status])
        for status, key in meanings.items()
        if PALETTE[status] in colours
    ]


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
    language: str = "zh",
) -> go.Figure:
    """Horizontal bars of a ratio per group, best at the top, with target lines.

    Colours: behind time (or beyond the target when lower is better) is red, within
    ``alert`` of it amber, otherwise blue; the legend says so, in ``language``, and names
    the target lines. Values stand in a column right of the plot. ``key`` goes into
    customdata for drill-down.
    """
    data = ranked(frame.filter(pl.col(value).is_not_null()), value, lower_is_better=lower_is_better)
    data = data.reverse()  # plotly draws the first bar at the bottom
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
        "customdata": [[k, t] for k, t in zip(keys, texts, strict=True)],
        "hovertemplate": f"%{{y}}<br>{value_name}: %{{customdata[1]}}<extra></extra>",
        "name": value_name,
        "showlegend": False,
    }
    top = max([v for v in values if v is not None] + [target or 0.0, time_progress or 0.0])
    lines = []
    if target is not None:
        name = f"{target_name} {format_percent(target)}"
        lines.append(reference_line("x", target, name, PALETTE["target"]))
    if time_progress is not None and (target is None or abs(time_progress - target) > 0.005):
        name = f"{time_name} {format_percent(time_progress)}"
        lines.append(reference_line("x", time_progress, name, PALETTE["time"]))
    legend: list[dict] = []
    if mark is not None and values:
        mark_name = time_name if time_progress is not None else target_name
        legend = _pace_legend(colours, mark_name, alert or 0.0, lower_is_better, language)
    annotations, right = value_column(labels, texts)
    return figure(
        [bars, *legend],
        title,
        bar_height(len(labels)) + legend_height(len(lines) + len(legend)),
        shapes=lines,
        annotations=annotations,
        right=right,
        barmode="overlay",
        showlegend=bool(lines or legend),
        xaxis={"tickformat": percent_tick_format(top), "rangemode": "tozero"},
        yaxis=category_axis(labels),
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
    """Horizontal bars of money per group, the largest at the top, values in a column."""
    data = ranked(frame.filter(pl.col(value).is_not_null()), value)
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
        "customdata": [[k, t] for k, t in zip(keys, texts, strict=True)],
        "hovertemplate": f"%{{y}}<br>{value_name}: %{{customdata[1]}}<extra></extra>",
        "name": value_name,
    }
    annotations, right = value_column(labels, texts)
    return figure(
        [bars],
        title,
        bar_height(len(labels)),
        annotations=annotations,
        right=right,
        xaxis=money_axis(unit, language, value_name),
        yaxis=category_axis(labels),
    )


def change_bars(
    frame: pl.DataFrame,
    label: str,
    value: str,
    *,
    title: str | None = None,
    language: str = "zh",
) -> go.Figure:
    """Gains (green) and losses (red) in ratio points per group, largest gain on top; the
    legend says which is which, the values stand in a column right of the plot."""
    data = ranked(frame.filter(pl.col(value).is_not_null()), value).reverse()
    values = floats(data, value)
    labels = [str(v) for v in data.get_column(label).to_list()]
    texts = [format_percent(v, points=True) for v in values]
    colours = [PALETTE["good"] if (v or 0) >= 0 else PALETTE["bad"] for v in values]
    bars = {
        "type": "bar",
        "x": [None if v is None else v * 100 for v in values],
        "y": labels,
        "orientation": "h",
        "marker": {"color": colours},
        "customdata": texts,
        "hovertemplate": "%{y}: %{customdata}<extra></extra>",
        "showlegend": False,
    }
    legend = [
        colour_key(text(key, language), PALETTE[status])
        for status, key in (("good", "colour_gain"), ("bad", "colour_loss"))
        if PALETTE[status] in colours
    ]
    spread = max((abs(v) * 100 for v in values if v is not None), default=1.0) or 1.0
    zero = reference_line("x", 0.0, "", PALETTE["target"], width=1.5, dash="solid")
    annotations, right = value_column(labels, texts)
    return figure(
        [bars, *legend],
        title,
        bar_height(len(values)) + legend_height(len(legend)),
        shapes=[zero],
        annotations=annotations,
        right=right,
        barmode="overlay",
        showlegend=bool(legend),
        xaxis={
            "title": {"text": text("axis_points", language)},
            "zeroline": True,
            "nticks": 6,
            "range": [-spread * 1.1, spread * 1.1],
        },
        yaxis=category_axis(labels),
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
    value_name: str = "",
) -> go.Figure:
    """Horizontal stacked bars: one bar per group, one segment per part (receivables aging);
    the largest total at the top."""
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
        bar_height(len(labels)) + legend_height(len(parts)),
        barmode="stack",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        xaxis=money_axis(unit, language, value_name),
        yaxis=category_axis(labels),
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
    return figure(
        traces,
        title,
        420,
        barmode="group",
        bargroupgap=0.1,  # the two values of a region never run into each other
        # a value too wide for its bar is left out rather than laid over its neighbour's
        uniformtext={"minsize": 12, "mode": "hide"},
        xaxis=category_axis(labels),
        yaxis=money_axis(unit, language),
    )

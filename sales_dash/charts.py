"""Figures: a Polars frame in, a Plotly figure out, no data access.

One palette everywhere; targets are lines (the 100% line, time elapsed, the quota, the
budget); hovers and bar labels show the same formatted numbers as the tables; type is
large enough for a projector. Money axes are scaled to 万 / 亿 (zh) or K / M (en).

Figures are written as plain Plotly specs and wrapped without Plotly's per-property
validation (``_validate=False``): validating costs ~10 ms a figure, and a page has many.
The template is the expanded ``plotly_white``, so the spec is complete as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from sales_dash.i18n import format_money, format_percent

PALETTE = {
    "actual": "#2563EB",
    "target": "#111827",
    "time": "#D97706",
    "good": "#15803D",
    "warn": "#F59E0B",
    "bad": "#DC2626",
    "muted": "#94A3B8",
    "second": "#0891B2",
}
SERIES = ("#2563EB", "#F59E0B", "#15803D", "#DC2626", "#7C3AED", "#0891B2", "#DB2777", "#65A30D")
AGING_COLOURS = {
    "not_due": "#15803D",
    "d1_30": "#FACC15",
    "d31_60": "#F59E0B",
    "d61_90": "#EA580C",
    "d90_plus": "#B91C1C",
}
ABC_COLOURS = {"A": "#2563EB", "B": "#0891B2", "C": "#94A3B8", "D": "#DC2626"}
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, Helvetica, Arial, sans-serif"
BAR_HEIGHT = 30
Spec = dict[str, Any]


def money_unit(values: Sequence[float | None], language: str) -> tuple[float, str]:
    """A divisor and its suffix for money axes: 万 / 亿 in zh, K / M in en."""
    sizes = [abs(v) for v in values if v is not None]
    top = max(sizes, default=0.0)
    if language == "zh":
        if top >= 1e8:
            return 1e8, "亿"
        return (1e4, "万") if top >= 1e4 else (1.0, "")
    if top >= 1e6:
        return 1e6, "M"
    return (1e3, "K") if top >= 1e3 else (1.0, "")


def _floats(frame: pl.DataFrame, column: str) -> list[float | None]:
    return frame.get_column(column).cast(pl.Float64).to_list()


def _scaled(values: list[float | None], divisor: float) -> list[float | None]:
    return [None if v is None else v / divisor for v in values]


def _money_text(values: list[float | None], language: str) -> list[str]:
    return [format_money(v, language) for v in values]


def _percent_text(values: list[float | None]) -> list[str]:
    return [format_percent(v) for v in values]


@cache
def _template() -> Spec:
    return pio.templates["plotly_white"].to_plotly_json()


def _money_axis(unit: str, **extra: Any) -> Spec:
    return {"tickprefix": "¥", "ticksuffix": unit, "rangemode": "tozero", **extra}


def _figure(
    traces: list[Spec],
    title: str | None,
    height: int,
    shapes: Sequence[Spec] = (),
    annotations: Sequence[Spec] = (),
    **layout: Any,
) -> go.Figure:
    axis = {"automargin": True}
    spec = {
        "template": _template(),
        "font": {"family": FONT, "size": 15, "color": "#111827"},
        "hoverlabel": {"font": {"size": 15, "family": FONT}},
        "height": height,
        "margin": {"l": 10, "r": 40, "t": 95 if title else 50, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "bargap": 0.25,
        "separators": ".,",
        "shapes": list(shapes),
        "annotations": list(annotations),
        **layout,
    }
    spec["xaxis"] = {**axis, **layout.get("xaxis", {})}
    spec["yaxis"] = {**axis, **layout.get("yaxis", {})}
    if title:
        spec["title"] = {
            "text": title,
            "font": {"size": 19},
            "y": 0.98,
            "yref": "container",
            "yanchor": "top",
            "x": 0,
            "xref": "paper",
        }
    return go.Figure({"data": traces, "layout": spec}, _validate=False)


def _bar_height(count: int) -> int:
    return max(200, min(1400, 130 + BAR_HEIGHT * count))


def _vline(x: float, text: str, colour: str, top: float, width: float = 2.5) -> tuple[Spec, Spec]:
    """A dashed vertical target line and its label, on the side of the line with room."""
    line = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": colour, "width": width, "dash": "dash"},
    }
    label = {
        "x": x,
        "xref": "x",
        "y": 1,
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "font": {"color": colour, "size": 14},
        "xanchor": "right" if top and x > 0.6 * top else "left",
        "yanchor": "bottom",
    }
    return line, label


def _hline(y: float, text: str, colour: str) -> tuple[Spec, Spec]:
    line = {
        "type": "line",
        "xref": "paper",
        "yref": "y",
        "x0": 0,
        "x1": 1,
        "y0": y,
        "y1": y,
        "line": {"color": colour, "width": 2, "dash": "dash"},
    }
    label = {
        "x": 1,
        "xref": "paper",
        "y": y,
        "yref": "y",
        "text": text,
        "showarrow": False,
        "xanchor": "right",
        "yanchor": "bottom",
    }
    return line, label


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
    values = _floats(data, value)
    labels = [str(v) for v in data.get_column(label).to_list()]
    mark = time_progress if time_progress is not None else target
    colours = [_pace_colour(v, mark, alert or 0.0, lower_is_better) for v in values]
    keys = data.get_column(key).to_list() if key else labels
    texts = _percent_text(values)
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
            _vline(target, f"{target_name} {format_percent(target)}", PALETTE["target"], top)
        )
    if time_progress is not None and (target is None or abs(time_progress - target) > 0.005):
        label_text = f"{time_name} {format_percent(time_progress)}"
        lines.append(_vline(time_progress, label_text, PALETTE["time"], top))
    return _figure(
        [bars],
        title,
        _bar_height(len(labels)),
        shapes=[line for line, _ in lines],
        annotations=[text for _, text in lines],
        xaxis={"tickformat": ".0%", "rangemode": "tozero"},
    )


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
    values = _floats(data, value)
    divisor, unit = money_unit(values, language)
    labels = [str(v) for v in data.get_column(label).to_list()]
    keys = data.get_column(key).to_list() if key else labels
    texts = _money_text(values, language)
    bars = {
        "type": "bar",
        "x": _scaled(values, divisor),
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
    return _figure([bars], title, _bar_height(len(labels)), xaxis=_money_axis(unit))


def change_bars(
    frame: pl.DataFrame, label: str, value: str, *, title: str | None = None
) -> go.Figure:
    """Gains (green) and losses (red) in ratio points per group, largest gain on top."""
    data = frame.filter(pl.col(value).is_not_null()).sort(value)
    values = _floats(data, value)
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
    zero, _ = _vline(0.0, "", PALETTE["target"], 0.0, width=1.5)
    zero["line"]["dash"] = "solid"
    return _figure(
        [bars],
        title,
        _bar_height(len(values)),
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
    divisor, unit = money_unit(_floats(data, "_total"), language)
    keys = data.get_column(key).to_list() if key else labels
    traces = []
    for index, (part, name) in enumerate(zip(parts, part_names, strict=True)):
        values = _floats(data, part)
        texts = _money_text(values, language)
        traces.append(
            {
                "type": "bar",
                "x": _scaled(values, divisor),
                "y": labels,
                "orientation": "h",
                "name": name,
                "marker": {"color": colours[index] if colours else SERIES[index % len(SERIES)]},
                "customdata": [[k, t] for k, t in zip(keys, texts, strict=True)],
                "hovertemplate": f"%{{y}}<br>{name}: %{{customdata[1]}}<extra></extra>",
            }
        )
    return _figure(
        traces,
        title,
        _bar_height(len(labels)) + 40,
        barmode="stack",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        xaxis=_money_axis(unit),
    )


def money_vs_target(
    frame: pl.DataFrame,
    period: str,
    actual: str,
    target: str,
    language: str,
    *,
    title: str | None = None,
    actual_name: str = "",
    target_name: str = "",
    ratio: str | None = None,
    ratio_name: str = "",
) -> go.Figure:
    """Money per period as bars against its target as a line (revenue vs quota, expense vs
    budget); an optional ratio (attainment, usage) joins the hover."""
    actual_values = _floats(frame, actual)
    target_values = _floats(frame, target)
    divisor, unit = money_unit(actual_values + target_values, language)
    periods = [str(p) for p in frame.get_column(period).to_list()]
    ratios = _percent_text(_floats(frame, ratio)) if ratio else [""] * frame.height
    extra = f"<br>{ratio_name}: %{{customdata[2]}}" if ratio else ""
    custom = [
        list(row)
        for row in zip(
            _money_text(actual_values, language),
            _money_text(target_values, language),
            ratios,
            strict=True,
        )
    ]
    bars = {
        "type": "bar",
        "x": periods,
        "y": _scaled(actual_values, divisor),
        "name": actual_name,
        "marker": {"color": PALETTE["actual"]},
        "customdata": custom,
        "hovertemplate": f"%{{x}}<br>{actual_name}: %{{customdata[0]}}{extra}<extra></extra>",
    }
    line = {
        "type": "scatter",
        "x": periods,
        "y": _scaled(target_values, divisor),
        "name": target_name,
        "mode": "lines+markers",
        "line": {"color": PALETTE["target"], "width": 3, "dash": "dash", "shape": "hvh"},
        "marker": {"size": 7},
        "customdata": custom,
        "hovertemplate": f"%{{x}}<br>{target_name}: %{{customdata[1]}}<extra></extra>",
    }
    return _figure([bars, line], title, 420, yaxis=_money_axis(unit), xaxis={"type": "category"})


def customer_scatter(
    frame: pl.DataFrame,
    language: str,
    *,
    title: str | None = None,
    revenue_name: str = "",
    margin_name: str = "",
    average: float | None = None,
    average_name: str = "",
) -> go.Figure:
    """Customers by revenue (x, log scale) and gross margin (y); the overall margin as a line."""
    data = frame.filter(pl.col("gross_margin").is_not_null() & (pl.col("revenue") > 0))
    revenue = _floats(data, "revenue")
    margins = _floats(data, "gross_margin")
    divisor, unit = money_unit(revenue, language)
    ids = data.get_column("customer_id").to_list()
    names = [n or c for c, n in zip(ids, data.get_column("customer_name").to_list(), strict=True)]
    custom = [
        list(row)
        for row in zip(
            ids, names, _money_text(revenue, language), _percent_text(margins), strict=True
        )
    ]
    points = {
        "type": "scattergl",
        "x": _scaled(revenue, divisor),
        "y": margins,
        "mode": "markers",
        "marker": {"color": PALETTE["actual"], "size": 9, "opacity": 0.7},
        "customdata": custom,
        "hovertemplate": (
            f"%{{customdata[1]}}<br>{revenue_name}: %{{customdata[2]}}"
            f"<br>{margin_name}: %{{customdata[3]}}<extra></extra>"
        ),
    }
    lines = (
        []
        if average is None
        else [_hline(average, f"{average_name} {format_percent(average)}", PALETTE["target"])]
    )
    return _figure(
        [points],
        title,
        460,
        shapes=[line for line, _ in lines],
        annotations=[text for _, text in lines],
        xaxis={
            "tickprefix": "¥",
            "ticksuffix": unit,
            "title": {"text": revenue_name},
            "type": "log",
        },
        yaxis={"tickformat": ".0%", "title": {"text": margin_name}},
    )


def discount_histogram(
    frame: pl.DataFrame,
    limit: float,
    *,
    title: str | None = None,
    lines_name: str = "",
    limit_name: str = "",
    axis_name: str = "",
) -> go.Figure:
    """Order lines per whole discount percent; lines beyond the limit in red."""
    percents = frame.get_column("discount_percent").to_list()
    bars = {
        "type": "bar",
        "x": percents,
        "y": frame.get_column("lines").to_list(),
        "marker": {
            "color": [PALETTE["bad"] if p / 100 >= limit else PALETTE["actual"] for p in percents]
        },
        "hovertemplate": f"%{{x}}%<br>{lines_name}: %{{y:,}}<extra></extra>",
    }
    line, label = _vline(
        limit * 100 - 0.5, f"{limit_name} {format_percent(limit)}", PALETTE["target"], 0.0
    )
    return _figure(
        [bars],
        title,
        380,
        shapes=[line],
        annotations=[label],
        xaxis={"ticksuffix": "%", "title": {"text": axis_name}, "dtick": 5},
        yaxis={"title": {"text": lines_name}},
    )


def market_trend(
    frame: pl.DataFrame,
    language: str,
    *,
    title: str | None = None,
    revenue_name: str = "",
    market_name: str = "",
    share_name: str = "",
) -> go.Figure:
    """Per month: market size and our revenue as bars, our share as a line (right axis)."""
    months = [str(m) for m in frame.get_column("month").to_list()]
    market = _floats(frame, "market_size")
    revenue = _floats(frame, "revenue")
    share = _floats(frame, "market_share")
    divisor, unit = money_unit(market + revenue, language)
    traces = [
        {
            "type": "bar",
            "x": months,
            "y": _scaled(values, divisor),
            "name": name,
            "marker": {"color": colour},
            "customdata": _money_text(values, language),
            "hovertemplate": f"%{{x}}<br>{name}: %{{customdata}}<extra></extra>",
        }
        for values, name, colour in (
            (market, market_name, PALETTE["muted"]),
            (revenue, revenue_name, PALETTE["actual"]),
        )
    ]
    traces.append(
        {
            "type": "scatter",
            "x": months,
            "y": share,
            "name": share_name,
            "yaxis": "y2",
            "mode": "lines+markers",
            "line": {"color": PALETTE["time"], "width": 3},
            "customdata": _percent_text(share),
            "hovertemplate": f"%{{x}}<br>{share_name}: %{{customdata}}<extra></extra>",
        }
    )
    return _figure(
        traces,
        title,
        420,
        barmode="group",
        xaxis={"type": "category"},
        yaxis=_money_axis(unit),
        yaxis2={"overlaying": "y", "side": "right", "tickformat": ".0%", "rangemode": "tozero"},
    )


def class_bars(
    frame: pl.DataFrame,
    *,
    title: str | None = None,
    count_name: str = "",
    share_name: str = "",
) -> go.Figure:
    """ABC(D) classes: customer count as bars, revenue share as the bar label."""
    classes = frame.get_column("abc_class").to_list()
    counts = frame.get_column("customers").to_list()
    shares = _percent_text(_floats(frame, "revenue_share"))
    bars = {
        "type": "bar",
        "x": classes,
        "y": counts,
        "marker": {"color": [ABC_COLOURS.get(c, PALETTE["muted"]) for c in classes]},
        "text": [f"{c:,}<br>{s}" for c, s in zip(counts, shares, strict=True)],
        "textposition": "outside",
        "textfont": {"size": 16},
        "cliponaxis": False,
        "customdata": shares,
        "hovertemplate": (
            f"%{{x}}<br>{count_name}: %{{y:,}}<br>{share_name}: %{{customdata}}<extra></extra>"
        ),
    }
    return _figure(
        [bars],
        title,
        380,
        uniformtext={"minsize": 14, "mode": "show"},
        yaxis={"title": {"text": count_name}, "rangemode": "tozero"},
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
    this_values, last_values = _floats(frame, this), _floats(frame, last)
    divisor, unit = money_unit(this_values + last_values, language)
    traces = [
        {
            "type": "bar",
            "x": labels,
            "y": _scaled(values, divisor),
            "name": name,
            "marker": {"color": colour},
            "text": _money_text(values, language),
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": _money_text(values, language),
            "hovertemplate": f"%{{x}}<br>{name}: %{{customdata}}<extra></extra>",
        }
        for values, name, colour in (
            (last_values, last_name, PALETTE["muted"]),
            (this_values, this_name, PALETTE["actual"]),
        )
    ]
    return _figure(traces, title, 420, barmode="group", yaxis=_money_axis(unit))

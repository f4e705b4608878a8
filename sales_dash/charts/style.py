"""The look shared by every figure: palette, type, money units, the layout and target lines.

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
from sales_dash.money import currency_of

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


def floats(frame: pl.DataFrame, column: str) -> list[float | None]:
    return frame.get_column(column).cast(pl.Float64).to_list()


def scaled(values: list[float | None], divisor: float) -> list[float | None]:
    return [None if v is None else v / divisor for v in values]


def money_text(values: list[float | None], language: str) -> list[str]:
    return [format_money(v, language) for v in values]


def percent_text(values: list[float | None]) -> list[str]:
    return [format_percent(v) for v in values]


TEMPLATE_LAYOUT_KEYS = (
    "autotypenumbers", "colorway", "font", "hovermode", "hoverlabel", "paper_bgcolor",
    "plot_bgcolor", "xaxis", "yaxis", "shapedefaults", "annotationdefaults", "title",
)  # fmt: skip
TEMPLATE_TRACE_TYPES = ("bar", "scatter", "scattergl")


@cache
def _template() -> Spec:
    """plotly_white cut to what these charts use. The whole template (colour scales, 3-D,
    maps, two dozen trace types) is copied and serialised with every figure: a third of
    a page's figure time for nothing on screen."""
    white = pio.templates["plotly_white"].to_plotly_json()
    return {
        "layout": {k: v for k, v in white["layout"].items() if k in TEMPLATE_LAYOUT_KEYS},
        "data": {k: v for k, v in white["data"].items() if k in TEMPLATE_TRACE_TYPES},
    }


def money_ticks(unit: str, language: str) -> Spec:
    """Tick labels of a money axis: the lake's currency symbol before, the unit after."""
    return {"tickprefix": currency_of(None).symbol(language), "ticksuffix": unit}


def money_axis(unit: str, language: str, **extra: Any) -> Spec:
    return {**money_ticks(unit, language), "rangemode": "tozero", **extra}


DATA_KEYS = ("x", "y", "customdata", "labels", "hovertext")
"""Trace fields that carry values from the data (names of regions, reps, customers)."""


def _as_text(value: Any) -> Any:
    """Plotly reads ``<a href>``, ``<b>``, ``<br>`` … in labels as markup: a name from the
    data is shown as written (``<`` and ``>`` as entities, which Plotly displays as is)."""
    if isinstance(value, str):
        return value.replace("<", "&lt;").replace(">", "&gt;")
    if isinstance(value, list | tuple):
        return [_as_text(item) for item in value]
    return value


def _labels_as_text(trace: Spec) -> Spec:
    return {k: _as_text(v) if k in DATA_KEYS else v for k, v in trace.items()}


def figure(
    traces: list[Spec],
    title: str | None,
    height: int,
    shapes: Sequence[Spec] = (),
    annotations: Sequence[Spec] = (),
    **layout: Any,
) -> go.Figure:
    """The figure of ``traces`` in the house layout: large type, legend on top, title left."""
    traces = [_labels_as_text(trace) for trace in traces]
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


def bar_height(count: int) -> int:
    return max(200, min(1400, 130 + BAR_HEIGHT * count))


def vline(x: float, text: str, colour: str, top: float, width: float = 2.5) -> tuple[Spec, Spec]:
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


def hline(y: float, text: str, colour: str) -> tuple[Spec, Spec]:
    """A dashed horizontal target line and its label at the right end."""
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

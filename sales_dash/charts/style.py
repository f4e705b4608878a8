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


def money_unit_label(unit: str, language: str) -> str:
    """The unit of a money axis as the tables' headers name it: 万元 / 亿元 / 元 in zh,
    CN¥K / CN¥M / CN¥ in en."""
    currency = currency_of(None)
    if language == "zh":
        return f"{unit}{currency.name_zh}"
    return f"{currency.symbol(language)}{unit}"


def axis_title(name: str, unit_label: str, language: str) -> str:
    """An axis title naming what it measures and its unit: 销售额（万元）, Revenue (CN¥ K)."""
    if not name:
        return unit_label
    return f"{name}（{unit_label}）" if language == "zh" else f"{name} ({unit_label})"


def money_ticks(unit: str, language: str, name: str = "") -> Spec:
    """A money axis: plain numbers with thousands separators, the unit once in its title
    (one unit per axis; never "¥0亿" or "¥3000万" on the ticks)."""
    return {
        "title": {"text": axis_title(name, money_unit_label(unit, language), language)},
        "separatethousands": True,
        "exponentformat": "none",
    }


def money_axis(unit: str, language: str, name: str = "", **extra: Any) -> Spec:
    return {**money_ticks(unit, language, name), "rangemode": "tozero", **extra}


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
    right: int = 40,
    **layout: Any,
) -> go.Figure:
    """The figure of ``traces`` in the house layout: large type, legend on top, title left."""
    traces = [_labels_as_text(trace) for trace in traces]
    # tick labels stand off their axis, so the two zeros at the corner never touch
    axis = {"automargin": True, "separatethousands": True, "ticklabelstandoff": 6}
    spec = {
        "template": _template(),
        "font": {"family": FONT, "size": 15, "color": "#111827"},
        "hoverlabel": {"font": {"size": 15, "family": FONT}},
        "height": height,
        "margin": {"l": 10, "r": right, "t": 95 if title else 50, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "bargap": 0.25,
        "separators": ".,",
        "shapes": list(shapes),
        "annotations": list(annotations),
        **layout,
    }
    spec["xaxis"] = {**axis, **layout.get("xaxis", {})}
    spec["yaxis"] = {**axis, **layout.get("yaxis", {})}
    spec["margin"] = _room_for_labels(spec, traces, bool(title))
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


LINE = 38
"""Pixels a line of tick labels (15 px type) takes below its axis, stand-off included."""
TITLE = 28
"""Pixels an axis title adds beside or below its tick labels."""
DIGIT_EMS = {",": 0.3, ".": 0.3, "-": 0.4, "%": 0.85} | dict.fromkeys("0123456789", 0.57)
"""Widths of a tick number's characters in ems of the house font (digits are narrower
than ``text_width``'s 0.62, separators much narrower)."""
LEGEND_TOP = 52
"""The top margin that holds one row of legend above the plot."""
TITLE_ROOM = 45
"""The top margin a figure's own title adds (``ui.widgets.chart`` draws it above instead)."""


def _extent(traces: list[Spec], letter: str, axis: str, stacked: bool) -> tuple[float, float]:
    """The smallest and largest value the traces on axis ``axis`` ("y", "y2") put along
    ``letter`` (stacked bars: each category's total)."""
    values: list[float] = []
    totals: dict[Any, float] = {}
    other = "y" if letter == "x" else "x"
    for trace in traces:
        if trace.get(f"{letter}axis", letter) != axis:
            continue
        for at, value in zip(trace.get(other) or [], trace.get(letter) or [], strict=False):
            if isinstance(value, int | float) and not isinstance(value, bool):
                values.append(float(value))
                totals[at] = totals.get(at, 0.0) + max(float(value), 0.0)
    if stacked:
        values += totals.values()
    return min(values, default=0.0), max(values, default=0.0)


def _tick_text(axis: Spec, low: float, high: float) -> str:
    """The widest tick label plotly.js is likely to write on a numeric axis from ``low`` to
    ``high``: the far end, with its sign, separators, decimals and suffix."""
    top = max(abs(low), abs(high))
    sign = "-" if low < 0 else ""
    tickformat = str(axis.get("tickformat", ""))
    if tickformat.endswith("%"):
        decimals = 1 if ".1" in tickformat else 0
        return f"{sign}{top * 100:,.{decimals}f}%"
    number = f"{top:,.1f}" if 0 < top < 10 else f"{top:,.0f}"
    return f"{sign}{number}{axis.get('ticksuffix', '')}"


def _axis_depth(spec: Spec, traces: list[Spec], name: str) -> float:
    """Pixels the tick labels and title of axis ``name`` ("xaxis" below the plot, "yaxis"
    left of it, "yaxis2" right of it) take out of the figure."""
    axis = spec.get(name, {})
    title = (axis.get("title") or {}).get("text")
    depth = TITLE if title else 0.0
    if name == "xaxis":
        return depth + LINE  # one line of labels, whatever their numbers
    letter_axis = "y2" if name == "yaxis2" else "y"
    if "ticktext" in axis:
        labels = [str(t) for t in axis["ticktext"]]
    elif axis.get("type") == "category" or any(
        isinstance(v, str) for trace in traces for v in trace.get("y") or []
    ):
        labels = [str(v) for trace in traces for v in trace.get("y") or [] if v is not None]
    else:
        stacked = spec.get("barmode") == "stack"
        low, high = _extent(traces, "y", letter_axis, stacked)
        # plotly.js pads the range by a few percent: 9,800 gets a tick at 10,000
        number = _tick_text(axis, low * 1.1, high * 1.1)
        return depth + sum(DIGIT_EMS.get(c, 0.62) * VALUE_FONT for c in number) + 20
    plain = (label.replace("&lt;", "<").replace("&gt;", ">") for label in labels)
    return depth + max((text_width(label) for label in plain), default=0.0) + 19


def legend_shown(showlegend: bool | None, traces: Sequence[Spec]) -> bool:
    """Whether plotly.js draws a legend: as asked, or by its default (two traces or more,
    or one that asks to be listed)."""
    if showlegend is not None:
        return bool(showlegend) and bool(traces)
    listed = [t for t in traces if t.get("showlegend") is not False]
    return len(listed) > 1 or any(t.get("showlegend") is True for t in traces)


def _room_for_labels(spec: Spec, traces: list[Spec], title: bool) -> Spec:
    """The margins the axes' labels and titles and the legend will take, so that plotly.js
    need not push them out and draw the figure a second time (issue 15). ``automargin``
    stays on: a label wider than estimated, tick labels turned on a narrow screen or a
    legend in two rows still get their room, at the cost of that second drawing."""
    margin = dict(spec["margin"])
    margin["l"] = max(margin["l"], round(_axis_depth(spec, traces, "yaxis")))
    margin["b"] = max(margin["b"], round(_axis_depth(spec, traces, "xaxis")))
    if spec.get("yaxis2", {}).get("side") == "right":
        margin["r"] = max(margin["r"], round(_axis_depth(spec, traces, "yaxis2")))
    if legend_shown(spec.get("showlegend"), traces):
        margin["t"] = max(margin["t"], LEGEND_TOP + (TITLE_ROOM if title else 0))
    return margin


def bar_height(count: int) -> int:
    return max(200, min(1400, 130 + BAR_HEIGHT * count))


def untitled_top(showlegend: bool | None, traces: Sequence[Spec]) -> int:
    """The top margin of a figure whose title the page draws: the legend's row, if any."""
    return LEGEND_TOP if legend_shown(showlegend, traces) else 40


def without_title(figure: go.Figure) -> str | None:
    """Take the title out of ``figure`` (the page draws it above the chart, where it can
    never collide with the legend) and return it."""
    title = figure.layout.title.text
    if title:
        traces = [trace.to_plotly_json() for trace in figure.data]
        top = untitled_top(figure.layout.showlegend, traces)
        figure.update_layout(title=None, margin={"t": top})
    return title


def reference_line(
    axis: str, at: float, name: str, colour: str, width: float = 2.5, dash: str = "dash"
) -> Spec:
    """A target line (``axis`` "x": vertical at x = ``at``; "y": horizontal) named in the
    legend rather than labelled on the plot: two lines close together (target 100%, time
    elapsed 99%) then never put their labels on top of each other or of a bar's value."""
    other = "y" if axis == "x" else "x"
    return {
        "type": "line",
        f"{axis}ref": axis,
        f"{other}ref": "paper",
        f"{axis}0": at,
        f"{axis}1": at,
        f"{other}0": 0,
        f"{other}1": 1,
        "line": {"color": colour, "width": width, "dash": dash},
        "name": name,
        "showlegend": bool(name),
    }


def colour_key(name: str, colour: str) -> Spec:
    """A legend entry only, saying what a bar colour means (a trace that draws nothing)."""
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "name": name,
        "marker": {"color": colour, "symbol": "square", "size": 14},
        "hoverinfo": "skip",
        "showlegend": True,
    }


VALUE_FONT = 15


def text_width(text: str, size: float = VALUE_FONT) -> float:
    """The width of ``text`` in pixels, estimated from the house font: CJK glyphs are one
    em wide, and so is "…" in a CJK font; the rest at most 0.62 em (an over-estimate for
    digits and Latin letters)."""
    return sum(size if ord(c) >= 0x2E80 or c == "…" else 0.62 * size for c in text)


def value_column(labels: Sequence[str], texts: Sequence[str]) -> tuple[list[Spec], int]:
    """The values of horizontal bars as a column right of the plot, one per bar, and the
    right margin that holds it. Beside the bar ends a value would cross a target line or,
    for a negative bar, the names on the axis; in its own column it meets neither."""
    annotations = [
        {
            "x": 1,
            "xref": "paper",
            "xanchor": "left",
            "xshift": 8,
            "y": _as_text(label),
            "yref": "y",
            "text": text,
            "showarrow": False,
            "font": {"size": VALUE_FONT},
        }
        for label, text in zip(labels, texts, strict=True)
    ]
    widest = max((text_width(t) for t in texts), default=0.0)
    return annotations, int(widest) + 24


NAME_WIDTH = 170
"""Pixels a bar's name may take on the axis (≈ 11 CJK characters): a longer name is cut
with "…" there and read whole in the hover, so that it never squeezes the bars away."""


def short_name(name: str, width: float = NAME_WIDTH) -> str:
    """``name`` cut with "…" to fit ``width`` pixels of axis labels; a rep's "name (id)"
    keeps its id, which tells two reps of one name apart."""
    if text_width(name) <= width:
        return name
    head, open_paren, tail = name.rpartition(" (")
    keep = f"{open_paren}{tail}" if open_paren and tail.endswith(")") else ""
    if not keep or text_width(keep) > width / 2:  # no id: the name is cut, not emptied
        head, keep = name, ""
    cut = ""
    for char in head:
        if text_width(cut + char + "…" + keep) > width:
            break
        cut += char
    return cut + "…" + keep


def category_axis(labels: Sequence[str]) -> Spec:
    """The names of a bar per group on their axis, long ones shortened (``short_name``)."""
    names = [_as_text(label) for label in labels]
    return {
        "tickmode": "array",
        "tickvals": names,
        "ticktext": [_as_text(short_name(label)) for label in labels],
    }


def legend_height(entries: int) -> int:
    """Height to add for ``entries`` legend entries above the plot: at half a 1280 screen
    two fit a row, and the plot keeps its height under them."""
    return 26 * -(-entries // 2)

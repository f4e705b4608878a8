"""Where a bar chart's bars, value labels and reference line go, in a box of any unit: one
layout drawn as SVG (HTML and PDF) and as slide shapes (PPTX), so both read the same.

Labels never collide: values sit above their bar in a font sized to the bar's width, the
reference line's label sits in its own margin right of the plot, the legend above it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sales_dash.pack.document import Bars

COLORS = ("#1f5fa8", "#9fb7d4")
"""This week (or the one series) dark, last week light: two colours, legible projected."""
REFERENCE_COLOR = "#c0392b"
TEXT_COLOR = "#222222"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    color: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    """The text's baseline."""
    text: str
    size: float
    anchor: str = "middle"
    """'middle' or 'start'."""
    color: str = TEXT_COLOR
    halo: bool = False
    """Drawn on a white ground: a line passing behind it never cuts through the text."""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    rects: tuple[Rect, ...]
    labels: tuple[Label, ...]
    lines: tuple[Line, ...]


def layout(bars: Bars, width: float, height: float, font: float) -> Drawing:
    """The chart in a ``width`` × ``height`` box, text at most ``font`` high."""
    legend = font * 1.8 if len(bars.series) > 1 else 0.0
    right = width * 0.2 if bars.reference else width * 0.02
    top, bottom = legend + font * 1.6, font * 2.2
    plot_width, plot_height = width - right, height - top - bottom
    values = [v for _, series in bars.series for v in series if v is not None]
    if bars.reference:
        values.append(bars.reference[0])
    high = max([0.0, *values]) or 1.0
    low = min([0.0, *values])
    scale = plot_height / (high - low)
    zero = top + high * scale
    slots = max(len(bars.categories), 1)
    slot = plot_width / slots
    bar = slot * 0.8 / len(bars.series)
    value_font = min(font, bar / 4.5 * 1.6, font * 0.9)
    reference = zero - bars.reference[0] * scale if bars.reference else None
    rects, labels, lines = [], [], []
    for index, category in enumerate(bars.categories):
        left = index * slot + slot * 0.1
        for number, ((_, series), texts) in enumerate(zip(bars.series, bars.labels, strict=True)):
            value = series[index]
            x = left + number * bar
            if value is not None:
                y = zero - max(value, 0.0) * scale
                rects.append(Rect(x, y, bar * 0.92, abs(value) * scale, COLORS[number % 2]))
                # above the bar, or above the zero line for a negative one (never on the
                # category names below); inside the bar's top, in white, where the
                # reference line would cross it above the bar
                baseline, color = y - font * 0.3, TEXT_COLOR
                if reference is not None and baseline - value_font < reference < y:
                    baseline, color = y + font * 0.3 + value_font, "#ffffff"
                labels.append(
                    Label(x + bar * 0.46, baseline, texts[index], value_font, color=color)
                )
        labels.append(Label(index * slot + slot / 2, height - font * 0.6, category, font))
    lines.append(Line(0, zero, plot_width, zero, TEXT_COLOR))
    if bars.reference:
        level, name = bars.reference
        y = zero - level * scale
        lines.append(Line(0, y, plot_width, y, REFERENCE_COLOR))
        labels.append(Label(plot_width + font * 0.4, y + font * 0.35, name, font * 0.8, "start",
                            REFERENCE_COLOR, halo=True))  # fmt: skip
    if legend:
        x = 0.0
        for number, (name, _) in enumerate(bars.series):
            rects.append(Rect(x, font * 0.3, font, font, COLORS[number % 2]))
            labels.append(Label(x + font * 1.4, font * 1.15, name, font * 0.9, "start"))
            x += font * 1.4 + len(name) * font * 0.9 + font * 1.5
    return Drawing(width, height, tuple(rects), tuple(labels), tuple(lines))

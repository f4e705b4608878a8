"""How things spread: customers by revenue and margin, lines by discount, ABC classes."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from sales_dash.charts.style import (
    ABC_COLOURS,
    PALETTE,
    figure,
    floats,
    money_text,
    money_ticks,
    money_unit,
    percent_text,
    reference_line,
    scaled,
)
from sales_dash.i18n import format_percent


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
    revenue = floats(data, "revenue")
    margins = floats(data, "gross_margin")
    divisor, unit = money_unit(revenue, language)
    ids = data.get_column("customer_id").to_list()
    names = [n or c for c, n in zip(ids, data.get_column("customer_name").to_list(), strict=True)]
    custom = [
        list(row)
        for row in zip(
            ids, names, money_text(revenue, language), percent_text(margins), strict=True
        )
    ]
    points = {
        "type": "scattergl",
        "x": scaled(revenue, divisor),
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
        else [
            reference_line(
                "y", average, f"{average_name} {format_percent(average)}", PALETTE["target"], 2
            )
        ]
    )
    return figure(
        [{**points, "showlegend": False}],
        title,
        460,
        shapes=lines,
        showlegend=bool(lines),
        xaxis={**money_ticks(unit, language, revenue_name), "type": "log"},
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
    """Order lines per whole discount percent; those over the limit in red.

    ``frame`` has a row per percent p (lines in (p - 1%, p%], 0 = no discount) and side
    of the limit (``discount_distribution.sql``). Over means discount_rate > limit, as the
    over-authority count has it: the bar ending at a 15% limit stays blue and the limit
    line stands between it and the first red bar; a bar the limit falls inside stacks
    its red part on its blue one.
    """
    traces = []
    for over, colour, relation in ((False, "actual", "≤"), (True, "bad", ">")):
        side = frame.filter(pl.col("over_limit") == over)
        percents = side.get_column("discount_percent").to_list()
        traces.append(
            {
                "type": "bar",
                "x": [p - 0.5 for p in percents],
                "y": side.get_column("lines").to_list(),
                "width": 0.9,
                "marker": {"color": PALETTE[colour]},
                "customdata": [f"{p - 1}–{p}%" if p else "0%" for p in percents],
                "hovertemplate": (
                    f"%{{customdata}} ({relation} {format_percent(limit)})"
                    f"<br>{lines_name}: %{{y:,}}<extra></extra>"
                ),
                # the legend says what blue and red mean: within or over the limit
                "name": f"{relation} {format_percent(limit)}",
                "showlegend": True,
            }
        )
    limit_text = f"{limit_name} {format_percent(limit)}"
    line = reference_line("x", limit * 100, limit_text, PALETTE["target"])
    return figure(
        traces,
        title,
        380,
        shapes=[line],
        showlegend=True,
        # within, over, then the limit line: plotly lists stacked bars top-down otherwise
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        barmode="stack",
        xaxis={"ticksuffix": "%", "title": {"text": axis_name}, "dtick": 5},
        yaxis={"title": {"text": lines_name}},
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
    shares = percent_text(floats(frame, "revenue_share"))
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
    top = max(counts, default=0) or 1
    return figure(
        [bars],
        title,
        380,
        uniformtext={"minsize": 14, "mode": "show"},
        # room above the tallest bar for its two-line label, inside the plot
        yaxis={"title": {"text": count_name}, "range": [0, top * 1.35]},
    )

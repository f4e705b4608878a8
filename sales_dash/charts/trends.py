"""Months in a row: money against its target, and the market with our share of it."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from sales_dash.charts.style import (
    PALETTE,
    figure,
    floats,
    money_axis,
    money_text,
    money_unit,
    percent_text,
    reference_line,
    scaled,
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
    actual_values = floats(frame, actual)
    target_values = floats(frame, target)
    divisor, unit = money_unit(actual_values + target_values, language)
    periods = [str(p) for p in frame.get_column(period).to_list()]
    ratios = percent_text(floats(frame, ratio)) if ratio else [""] * frame.height
    extra = f"<br>{ratio_name}: %{{customdata[2]}}" if ratio else ""
    custom = [
        list(row)
        for row in zip(
            money_text(actual_values, language),
            money_text(target_values, language),
            ratios,
            strict=True,
        )
    ]
    bars = {
        "type": "bar",
        "x": periods,
        "y": scaled(actual_values, divisor),
        "name": actual_name,
        "marker": {"color": PALETTE["actual"]},
        "customdata": custom,
        "hovertemplate": f"%{{x}}<br>{actual_name}: %{{customdata[0]}}{extra}<extra></extra>",
    }
    line = {
        "type": "scatter",
        "x": periods,
        "y": scaled(target_values, divisor),
        "name": target_name,
        "mode": "lines+markers",
        "line": {"color": PALETTE["target"], "width": 3, "dash": "dash", "shape": "hvh"},
        "marker": {"size": 7},
        "customdata": custom,
        "hovertemplate": f"%{{x}}<br>{target_name}: %{{customdata[1]}}<extra></extra>",
    }
    # no target known in any period (no quotas loaded): no line, and no legend entry
    # promising one
    known = any(value is not None for value in target_values)
    return figure(
        [bars, line] if known else [bars],
        title,
        420,
        yaxis=money_axis(unit, language, actual_name),
        xaxis={"type": "category"},
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
    market = floats(frame, "market_size")
    revenue = floats(frame, "revenue")
    share = floats(frame, "market_share")
    divisor, unit = money_unit(market + revenue, language)
    traces = [
        {
            "type": "bar",
            "x": months,
            "y": scaled(values, divisor),
            "name": name,
            "marker": {"color": colour},
            "customdata": money_text(values, language),
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
            "customdata": percent_text(share),
            "hovertemplate": f"%{{x}}<br>{share_name}: %{{customdata}}<extra></extra>",
        }
    )
    return figure(
        traces,
        title,
        420,
        barmode="group",
        xaxis={"type": "category"},
        yaxis=money_axis(unit, language),
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "tickformat": ".1~%",  # 2.5%, 5%, 7.5%: a share axis is often a few percent
            # its own round steps, not ticks forced onto the money axis's grid (1.7%, 3.5%)
            "tickmode": "auto",
            "showgrid": False,
            "rangemode": "tozero",
            "title": {"text": share_name},
            "automargin": True,
        },
    )


def days_vs_target(
    frame: pl.DataFrame,
    period: str,
    column: str,
    target: float,
    *,
    title: str | None = None,
    value_name: str = "",
    target_name: str = "",
) -> go.Figure:
    """Days per period (回款周期, DSO) as a line against a target at most that many days;
    a period without a value (nothing collected, no sales) is a gap, not 0."""
    values = [None if v is None else round(v, 1) for v in floats(frame, column)]
    periods = [str(p) for p in frame.get_column(period).to_list()]
    line = {
        "type": "scatter",
        "x": periods,
        "y": values,
        "name": value_name,
        "mode": "lines+markers",
        "line": {"color": PALETTE["actual"], "width": 3},
        "marker": {"size": 8},
        "hovertemplate": f"%{{x}}<br>{value_name}: %{{y:,.1f}}<extra></extra>",
    }
    shape = reference_line("y", target, f"{target_name} {target:,.0f}", PALETTE["target"], 2)
    top = max([target, *(v for v in values if v is not None)]) * 1.15
    return figure(
        [line],
        title,
        360,
        shapes=[shape],
        showlegend=True,
        xaxis={"type": "category"},
        yaxis={"rangemode": "tozero", "range": [0, top] if top > 0 else None},
    )

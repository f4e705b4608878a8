"""Shared widgets: the page header with its empty states, KPI tiles and metric charts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from sales_dash import charts
from sales_dash.comparison import LOWER_IS_BETTER, Kpi, KpiBoard, relative_change
from sales_dash.demo import LakeHoldsUploads
from sales_dash.drilldown import matching_lines
from sales_dash.engine.options import key_label, rep_label
from sales_dash.engine.unknowns import REASONS, Note, covering, notes
from sales_dash.i18n import TEXTS, format_money, format_percent
from sales_dash.performance import year_by_month
from sales_dash.schema import UNASSIGNED
from sales_dash.settings import setting
from sales_dash.ui.data import cached, load_demo, prefetch
from sales_dash.ui.frame import Context, context, keep_open_tab, remember_open_tab
from sales_dash.ui.safe_text import escape_markdown
from sales_dash.ui.tables import MONEY, POINTS, RATIO

UPLOAD_PAGE = "pages/upload.py"
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def _load_demo(ctx: Context) -> None:
    try:
        with st.spinner(ctx.t("building_demo")):
            load_demo(ctx.lake)
    except LakeHoldsUploads as refused:  # branch hardening: never replace real uploads
        st.toast(ctx.t("demo_refused_page", count=refused.count), icon=":material/block:")


def no_data(ctx: Context) -> None:
    """The empty lake: say so, and offer the two ways to fill it."""
    st.info(ctx.t("no_data_yet"), icon=":material/inbox:")
    if not ctx.access.uploads:  # branch auth: filling the lake is for those who upload
        return
    left, right, _ = st.columns([1, 1, 3])
    if ctx.access.manages_users:  # the demo replaces the whole lake: an admin's call
        left.button(
            ctx.t("load_demo"), on_click=_load_demo, args=(ctx,), type="primary", key="demo"
        )
    right.page_link(UPLOAD_PAGE, label=ctx.t("go_upload"), icon=":material/upload:")


def page(title_key: str, *, needs_orders: bool = True, show_period: bool = True) -> Context:
    """Title and period caption of a page; stops with an empty state when there is nothing
    to show (an empty lake, or filters that match no order line)."""
    ctx = context()
    st.title(ctx.t(title_key))
    view = ctx.view
    if view is None:
        no_data(ctx)
        st.stop()
    if show_period:
        caption = ctx.t("period_caption", start=view.start, end=view.end, as_of=view.as_of)
        st.caption(caption)
    if needs_orders and cached(matching_lines, ctx.lake, view) == 0:
        st.info(ctx.t("nothing_matches"), icon=":material/search_off:")
        st.stop()
    return ctx


def _delta_text(kpi: Kpi) -> str | None:
    if kpi.delta is None:
        return None
    return (
        format_percent(kpi.delta, signed=True)
        if kpi.is_money
        else format_percent(kpi.delta, points=True)
    )


def _value_text(ctx: Context, name: str, value: Any) -> str:
    return format_money(value, ctx.language) if name == "revenue" else format_percent(value)


def kpi_tiles(ctx: Context, board: KpiBoard) -> None:
    """Six tiles: value, delta against the comparison, what it is compared with."""
    against = ctx.t(f"vs_{ctx.view.comparison if ctx.view else 'previous'}")
    columns = [*st.columns(3), *st.columns(3)]
    for column, kpi in zip(columns, board.kpis, strict=True):
        description = f"{against} {_value_text(ctx, kpi.name, kpi.previous)}"
        label = ctx.t(kpi.name)
        if kpi.name == "attainment":
            progress = format_percent(board.current.time_progress)
            label = f"{label} · {ctx.t('time_progress')} {progress}"
        column.metric(
            label,
            _value_text(ctx, kpi.name, kpi.value),
            delta=_delta_text(kpi),
            delta_color="inverse" if kpi.name in LOWER_IS_BETTER else "normal",
            delta_description=description,
            help=ctx.t(f"{kpi.name}_help"),
            border=True,
        )
    unknown_notes(ctx, board.current.notes)


def unknown_notes(ctx: Context, found: Sequence[Note]) -> None:
    """Why a figure above is "—", or how much of the scope it covers: one line each."""
    for note in found:
        st.caption(f":material/info: {note.text(ctx.language)}")


def frame_notes(ctx: Context, frame: pl.DataFrame, only: Sequence[str] | None = None) -> None:
    """``unknown_notes`` of a result computed with ``coverage=True``."""
    unknown_notes(ctx, notes(frame, only))


TILES_PER_ROW = 4


def open_tab(labels: dict[str, str], key: str) -> tuple[str, Any]:
    """Tabs (name -> label) whose hidden panels do no work: the name and container of the
    open one.

    Switching tabs reruns the page (from cached data), so a rerun after a filter change
    computes and draws one tab, not all of them. The open tab is in the URL, so a copied
    link opens on it.
    """
    keep_open_tab(labels, key)
    tabs = st.tabs(list(labels.values()), key=key, on_change="rerun", bind="query-params")
    opened = next((i for i, tab in enumerate(tabs) if tab.open), 0)
    remember_open_tab(key, list(labels)[opened])
    return list(labels)[opened], tabs[opened]


def region_rep_tabs(ctx: Context, key: str, *, with_year: bool = False) -> tuple[str, Any]:
    """``open_tab`` over by region, by rep and, ``with_year``, the as-of year by month:
    the open one's name ('region', 'rep', 'month') and container."""
    labels = {"region": ctx.t("by_region"), "rep": ctx.t("by_rep")}
    if with_year and ctx.view is not None:
        labels["month"] = ctx.t("monthly_year", year=ctx.view.as_of.year)
    return open_tab(labels, key)


def tiles_then_year_tabs(
    ctx: Context,
    key: str,
    section: Callable[..., Any],
    metric: str,
    regions: Callable[..., Any] | None = None,
) -> tuple[Any, str, Any]:
    """A container for the tiles, then ``region_rep_tabs`` with the year by month; the
    open tab's data (``section`` by region or rep, or ``metric`` by month; ``regions``
    for the region tab when given) is prefetched while the page computes its tiles.
    Returns the tiles' container and the open tab."""
    tiles = st.container()
    name, tab = region_rep_tabs(ctx, key, with_year=True)
    if name == "month":
        prefetch(year_by_month, ctx.lake, ctx.view, metric)
    elif name == "region" and regions is not None:
        prefetch(regions, ctx.lake, ctx.view)
    else:
        prefetch(section, ctx.lake, ctx.view, name)
    return tiles, name, tab


def tile_columns(count: int) -> list[Any]:
    """Columns for ``count`` tiles, at most four to a row so that numbers never truncate."""
    rows = -(-count // TILES_PER_ROW)
    per_row = -(-count // rows)
    columns: list[Any] = []
    while len(columns) < count:
        columns.extend(st.columns(per_row))
    return columns[:count]


def value_tiles(
    ctx: Context, values: Mapping[str, Any], names: Sequence[str] | None = None
) -> None:
    """Plain tiles (no comparison): money for money columns, percentages for ratios. With
    ``names``, those of ``values`` (a result row) in that order; else all of them. The
    row's coverage columns (``coverage=True``) are not tiles: under the tiles, they say
    why a figure is "—" or how much of the scope it covers."""
    row = values
    if names is None:
        names = [name for name in values if name not in REASONS]
    values = {name: values[name] for name in names}
    columns = tile_columns(len(values))
    for column, (name, value) in zip(columns, values.items(), strict=True):
        if name in MONEY:
            shown = format_money(value, ctx.language)
        elif name in RATIO:
            shown = format_percent(value)
        elif name in POINTS:
            shown = format_percent(value, points=True)
        elif isinstance(value, float):
            shown = f"{value:,.1f}"
        else:
            shown = "—" if value is None else f"{value:,}"
        tip = f"{name}_help"
        column.metric(ctx.t(name), shown, help=ctx.t(tip) if tip in TEXTS else None, border=True)
    known = {c: row[c] for c in covering(names) if c in row}
    if known:
        found = notes(pl.DataFrame([known], schema=dict.fromkeys(known, pl.Float64)))
        unknown_notes(ctx, found)


def metric_figure(
    ctx: Context,
    frame: pl.DataFrame,
    label: str,
    column: str,
    *,
    key: str | None = None,
    title: str | None = None,
    time_progress: float | None = None,
    limit: int = 25,
) -> go.Figure:
    """The chart of one metric column per group, with the targets that belong to it."""
    name = ctx.t(column)
    if column in ("attainment", "forecast_attainment"):
        return charts.ratio_bars(
            frame,
            label,
            column,
            title=title,
            value_name=name,
            target=1.0,
            target_name=ctx.t("target"),
            time_progress=time_progress,
            time_name=ctx.t("time_progress"),
            alert=float(setting("pacing_alert")),
            key=key,
        )
    if column == "collection_rate":
        return charts.ratio_bars(
            frame,
            label,
            column,
            title=title,
            value_name=name,
            target=float(setting("collection_target")),
            target_name=ctx.t("target"),
            key=key,
        )
    if column == "budget_usage":
        return charts.ratio_bars(
            frame,
            label,
            column,
            title=title,
            value_name=name,
            target=1.0,
            target_name=ctx.t("expense_budget"),
            lower_is_better=True,
            key=key,
        )
    if column in ("gross_margin", "market_share", "retention_rate"):
        return charts.ratio_bars(frame, label, column, title=title, value_name=name, key=key)
    if column == "expense_ratio":
        return charts.ratio_bars(
            frame, label, column, title=title, value_name=name, lower_is_better=True, key=key
        )
    return charts.money_bars(
        frame, label, column, ctx.language, title=title, value_name=name, key=key, limit=limit
    )


def chart(
    figure: go.Figure,
    key: str,
    on_select: Callable[[], None] | None = None,
) -> None:
    """A Plotly chart at full width; clickable (one point) when ``on_select`` is given.

    A figure's title is drawn by Streamlit above the chart, where it can never collide
    with the legend.
    """
    title = figure.layout.title.text
    if title:
        st.markdown(f"**{title}**")
        figure.update_layout(title=None, margin={"t": 40})
    if on_select is None:
        st.plotly_chart(figure, key=key, theme=None, config=PLOTLY_CONFIG)
        return
    st.plotly_chart(
        figure,
        key=key,
        theme=None,
        config=PLOTLY_CONFIG,
        on_select=on_select,
        selection_mode="points",
    )


def monthly_vs_target(
    ctx: Context,
    frame: pl.DataFrame,
    actual: str,
    target: str,
    ratio: str,
    key: str,
    title: str | None = None,
) -> None:
    """Monthly bars of ``actual`` against a ``target`` line, the ``ratio`` in the hover."""
    figure = charts.money_vs_target(
        frame,
        "month",
        actual,
        target,
        ctx.language,
        title=title,
        actual_name=ctx.t(actual),
        target_name=ctx.t(target),
        ratio=ratio,
        ratio_name=ctx.t(ratio),
    )
    chart(figure, key)


ALERT_ICONS = {
    "pacing": ":red[:material/trending_down:]",
    "collection": ":orange[:material/payments:]",
    "expense_overrun": ":violet[:material/receipt_long:]",
    "expense_projected": ":orange[:material/schedule:]",
}


def _alert_value(kind: str, value: float, threshold: float) -> dict[str, str]:
    if kind == "pacing":
        return {
            "value": format_percent(value, points=True),
            "threshold": format_percent(threshold, points=True),
        }
    return {"value": format_percent(value), "threshold": format_percent(threshold)}


ALERTS_SHOWN = 5
"""Alert lines shown of each kind, worst first; the rest open under "其余 N 条"."""


def alert_list(ctx: Context, found: pl.DataFrame) -> None:
    """The alerts as short sentences, worst first, grouped by kind; a note when all is well.

    The box grows with its lines (a box of fixed height cut its last line in two) and
    shows the worst few of each kind, the others one click away."""
    if found.is_empty():
        st.success(ctx.t("no_alerts"), icon=":material/check_circle:")
        return
    box = st.container(border=True)
    for kind in ALERT_ICONS:
        rows = found.filter(pl.col("kind") == kind)
        if rows.is_empty():
            continue
        box.markdown(f"**{ALERT_ICONS[kind]} {ctx.t(f'alert_{kind}')}** ({rows.height})")
        lines = []
        for row in rows.iter_rows(named=True):
            who = key_label(row["name"], ctx.language)
            if row["level"] == "rep" and row["key"] != UNASSIGNED:
                who = rep_label(row["key"], {row["key"]: row["name"]})
            numbers = _alert_value(kind, row["value"], row["threshold"])
            name = escape_markdown(who)  # a name from the data, inside a Markdown list
            lines.append("- " + ctx.t(f"alert_{kind}_line", name=name, **numbers))
        box.markdown("\n".join(lines[:ALERTS_SHOWN]))
        if len(lines) > ALERTS_SHOWN:
            more = box.expander(ctx.t("alerts_more", count=len(lines) - ALERTS_SHOWN))
            more.markdown("\n".join(lines[ALERTS_SHOWN:]))


MEETING_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; max-width: 100%; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.6rem; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.1rem; }
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] li,
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] p {
    font-size: 1.55rem; line-height: 1.6; color: #0b1220;
}
[data-testid="stMetricValue"] { font-size: 2.8rem; }
[data-testid="stMetricLabel"] p { font-size: 1.3rem !important; }
[data-testid="stMetricDelta"] { font-size: 1.2rem; }
[data-testid="stTable"] table { font-size: 1.3rem; }
[data-testid="stTable"] th { font-size: 1.15rem; }
</style>
"""


def meeting_style() -> None:
    """Large type and strong contrast for a projector."""
    st.html(MEETING_CSS)


def step(options: tuple[str, ...], delta: int, key: str = "section") -> None:
    """Move a bound selector to the previous or next option (wrapping around)."""
    current = st.session_state.get(key) or options[0]
    st.session_state[key] = options[(options.index(current) + delta) % len(options)]


def week_tiles(ctx: Context, this: Any, last: Any) -> None:
    """This week to date against the same weekdays of last week."""
    columns = st.columns(4)
    change = relative_change(this.revenue, last.revenue)
    against = ctx.t("vs_last_week")
    columns[0].metric(
        ctx.t("revenue"),
        format_money(this.revenue, ctx.language),
        delta=format_percent(change, signed=True) if change is not None else None,
        delta_description=f"{against} {format_money(last.revenue, ctx.language)}",
        border=True,
    )
    margin_delta = (
        format_percent(this.gross_margin - last.gross_margin, points=True)
        if this.gross_margin is not None and last.gross_margin is not None
        else None
    )
    columns[1].metric(
        ctx.t("gross_margin"),
        format_percent(this.gross_margin),
        delta=margin_delta,
        delta_description=f"{against} {format_percent(last.gross_margin)}",
        border=True,
    )
    for column, name in ((columns[2], "visits"), (columns[3], "new_customers")):
        now, before = getattr(this, name), getattr(last, name)
        column.metric(
            ctx.t(name),
            "—" if now is None else f"{now:,}",
            delta=None if now is None or before is None else f"{now - before:+,}",
            delta_description=f"{against} {'—' if before is None else f'{before:,}'}",
            border=True,
        )

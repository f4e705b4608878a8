"""Shared widgets: the page header with its empty states, KPI tiles and metric charts."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

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
from sales_dash.ui.frame import Context, context
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
    tabs = st.tabs(list(labels.values()), key=key, on_change="rerun", bind="query-params")
    opened = next((i for i, tab in enumerate(tabs) if tab.open), 0)
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
    *,
    stretch: bool = False,
) -> None:
    """A Plotly chart at full width; clickable (one point) when ``on_select`` is given;
    ``stretch``: as tall as its container leaves (the meeting's section body).

    A figure's title is drawn by Streamlit above the chart, where it can never collide
    with the legend.
    """
    title = figure.layout.title.text
    if title:
        st.markdown(f"**{title}**")
        figure.update_layout(title=None, margin={"t": 40})
    height: Literal["stretch", "content"] = "stretch" if stretch else "content"
    if stretch:
        figure = screen_sized(figure)
    if on_select is None:
        st.plotly_chart(figure, key=key, theme=None, config=PLOTLY_CONFIG, height=height)
        return
    st.plotly_chart(
        figure,
        key=key,
        theme=None,
        config=PLOTLY_CONFIG,
        height=height,
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


ALERTS_SHOWN = 6
"""Alert lines shown in the box; the rest open below it. A box of fixed height cut its
last visible line in half (issue 14)."""


def _alert_lines(ctx: Context, kind: str, rows: pl.DataFrame) -> list[str]:
    lines = []
    for row in rows.iter_rows(named=True):
        who = key_label(row["name"], ctx.language)
        if row["level"] == "rep" and row["key"] != UNASSIGNED:
            who = rep_label(row["key"], {row["key"]: row["name"]})
        numbers = _alert_value(kind, row["value"], row["threshold"])
        name = escape_markdown(who)  # a name from the data, inside a Markdown list
        lines.append("- " + ctx.t(f"alert_{kind}_line", name=name, **numbers))
    return lines


def _alert_groups(ctx: Context, found: pl.DataFrame, box: Any, totals: dict[str, int]) -> None:
    """``found``'s lines under their kinds' headings, each with its kind's whole count."""
    for kind in ALERT_ICONS:
        rows = found.filter(pl.col("kind") == kind)
        if rows.is_empty():
            continue
        box.markdown(f"**{ALERT_ICONS[kind]} {ctx.t(f'alert_{kind}')}** ({totals[kind]})")
        box.markdown("\n".join(_alert_lines(ctx, kind, rows)))


def alert_list(ctx: Context, found: pl.DataFrame, shown: int = ALERTS_SHOWN) -> None:
    """The alerts as short sentences, worst first, grouped by kind; a note when all is well.
    The first ``shown`` (in the kinds' order) in a box as tall as they are, the others in
    an expander under it."""
    if found.is_empty():
        st.success(ctx.t("no_alerts"), icon=":material/check_circle:")
        return
    order = {kind: index for index, kind in enumerate(ALERT_ICONS)}
    ranked = found.with_row_index("_found").sort(
        pl.col("kind").replace_strict(order, default=len(order)), "_found"
    )
    totals = dict(found.group_by("kind").len().iter_rows())
    _alert_groups(ctx, ranked.head(shown), st.container(border=True), totals)
    rest = ranked.slice(shown)
    if not rest.is_empty():
        more = st.expander(ctx.t("alerts_more", count=rest.height), icon=":material/list:")
        _alert_groups(ctx, rest, more, totals)


MEETING_CSS = """
<style>
/* The meeting fills one screen: the section body takes the height the chrome leaves, and
   type scales with the width (--m: about 15px at 1280, 23px at 1920). */
[data-testid="stMainBlockContainer"] {
    --m: clamp(14px, 1.2vw, 26px);
    max-width: 100%; min-height: 100vh; display: flex; flex-direction: column;
    padding: 3.6rem 1.5rem 0.5rem;
}
[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]:has(> .stHeading h1) {
    display: none;  /* the page's title: the section bar names the meeting's place */
}
.st-key-meeting_bar [data-testid="stButtonGroup"] p { font-size: calc(var(--m) * 1.15); }
.st-key-meeting_bar button p, .st-key-meeting_scope p, .st-key-meeting_scope span {
    font-size: calc(var(--m) * 0.95);
}
.st-key-meeting_scope [data-testid="stAlert"] > div { padding: 0.3rem 0.8rem; }
.st-key-meeting_scope [data-testid="stElementContainer"]:has([data-testid="stAlert"]) {
    flex: 0 1 auto; width: auto;  /* the banner as wide as its words */
}
.st-key-section_pageup, .st-key-section_pagedown, .st-key-meeting_screen { display: none; }
/* a body taller than the screen makes the page scroll (the tests catch it), never overlap */
[data-testid="stLayoutWrapper"]:has(> .st-key-meeting_body) { flex: 1 0 auto; }
.st-key-meeting_body { height: 100%; }
.st-key-meeting_body [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
    flex: 1 1 0; min-height: 12rem;
}
.st-key-meeting_body [data-testid="stMarkdownContainer"] li,
.st-key-meeting_body [data-testid="stMarkdownContainer"] p {
    font-size: calc(var(--m) * 1.3); line-height: 1.45; color: #0b1220;
}
.st-key-meeting_body [data-baseweb="select"],
.st-key-meeting_body [data-testid="stBaseButton-tertiary"] p { font-size: var(--m); }
.st-key-meeting_body [data-testid="stCaptionContainer"],
.st-key-meeting_body [data-testid="stCaptionContainer"] p { font-size: calc(var(--m) * 0.95); }
.st-key-meeting_body h3 { font-size: calc(var(--m) * 1.4); padding: 0.2rem 0; }
[data-testid="stMetric"] { padding: 0.6rem 1rem; }
[data-testid="stMetricLabel"] p { font-size: calc(var(--m) * 1.1) !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p {
    font-size: calc(var(--m) * 2.6) !important; line-height: 1.15;
}
[data-testid="stMetricDelta"] p, [data-testid="stMetricDeltaDescription"] p {
    font-size: calc(var(--m) * 0.95) !important;
}
.st-key-meeting_body [data-testid="stDownloadButton"] p { font-size: calc(var(--m) * 0.9); }
.st-key-meeting_body [data-testid="stTable"] td,
.st-key-meeting_body [data-testid="stTable"] td p { font-size: calc(var(--m) * 1.15); }
.st-key-meeting_body [data-testid="stTable"] th,
.st-key-meeting_body [data-testid="stTable"] th p { font-size: calc(var(--m) * 1.0); }
.st-key-meeting_body [data-testid="stTable"] td,
.st-key-meeting_body [data-testid="stTable"] th { padding: 0.25rem 0.6rem; }
</style>
"""

PRESENTING_CSS = """
<style>
/* controls hidden: the banner, the section and the step buttons stay */
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stDownloadButton"],
.st-key-drill_region, .st-key-drill_rep, .st-key-drill_customer { display: none; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; }
</style>
"""


SCREEN_JS = """
export default function ({ setStateValue }) {
    // the window's width in steps of 160 px: a rerun when the screen changes, not per pixel
    const report = () => setStateValue("width", Math.round(window.innerWidth / 160) * 160);
    report();
    window.addEventListener("resize", report);
    return () => window.removeEventListener("resize", report);
}
"""
SCREEN_KEY = "meeting_screen"
SCALE_KEY = "_meeting_scale"
BASE_WIDTH = 1280
"""The width the charts' type is drawn for; wider screens scale it up (at most twice)."""


@functools.cache
def _screen_watch() -> Any:
    return st.components.v2.component("sales_dash.screen_width", js=SCREEN_JS)


def meeting_style(presenting: bool = False) -> None:
    """Large type scaled to the screen, strong contrast, the section in the height left;
    ``presenting``: the sidebar, toolbar, drill selectors and downloads hidden. The
    browser reports its width, from which ``chart(stretch=True)`` scales a figure's type."""
    st.html(MEETING_CSS + (PRESENTING_CSS if presenting else ""))
    width = _screen_watch()(key=SCREEN_KEY, on_width_change=lambda: None).width
    scale = width / BASE_WIDTH if isinstance(width, int | float) and width > 0 else 1.0
    st.session_state[SCALE_KEY] = min(2.0, max(1.0, scale))


def _scaled_fonts(spec: Any, factor: float, in_font: bool = False) -> Any:
    """``spec`` (a figure as plain data) with every font size times ``factor``."""
    if isinstance(spec, dict):
        return {
            key: value * factor
            if in_font and key == "size" and isinstance(value, int | float)
            else _scaled_fonts(value, factor, key.endswith("font"))
            for key, value in spec.items()
        }
    if isinstance(spec, list):
        return [_scaled_fonts(item, factor) for item in spec]
    return spec


def screen_sized(figure: go.Figure) -> go.Figure:
    """``figure`` with its type scaled to the meeting's screen (unchanged up to 1280 px)."""
    factor = float(st.session_state.get(SCALE_KEY, 1.0))
    if factor <= 1.0:
        return figure
    return go.Figure(_scaled_fonts(figure.to_plotly_json(), factor), skip_invalid=True)


def step(options: tuple[str, ...], delta: int, key: str = "section") -> None:
    """Move a bound selector to the previous or next option (wrapping around)."""
    current = st.session_state.get(key) or options[0]
    st.session_state[key] = options[(options.index(current) + delta) % len(options)]


STEP_KEYS = (
    (-1, "section_back", "Left", "section_pageup", "PageUp"),
    (1, "section_next", "Right", "section_pagedown", "PageDown"),
)


def step_buttons(ctx: Context, options: tuple[str, ...], key: str = "section") -> None:
    """‹ › buttons that step ``key`` through ``options``, also on ←/→ and on PageUp/PageDown
    (what a presenter's clicker sends).

    Streamlit's shortcuts do not fire while the focus is in a text field, so typing a note
    never turns the page. One shortcut per button: the PageUp/PageDown twins are hidden by
    ``meeting_style``.
    """
    for delta, name, arrow, twin, page_key in STEP_KEYS:
        st.button(
            "",
            icon=":material/chevron_left:" if delta < 0 else ":material/chevron_right:",
            key=name,
            on_click=step,
            args=(options, delta, key),
            help=ctx.t("back" if delta < 0 else "next"),
            shortcut=arrow,
        )
        st.button(page_key, key=twin, on_click=step, args=(options, delta, key), shortcut=page_key)


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

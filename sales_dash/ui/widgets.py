"""Shared widgets: the page header with its empty states, KPI tiles and metric charts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from sales_dash import charts
from sales_dash.catalogue import CATALOGUE, LOWER_IS_BETTER, value_text
from sales_dash.demo import LakeHoldsUploads
from sales_dash.engine.lines import matching_lines
from sales_dash.engine.options import key_label, rep_label
from sales_dash.engine.unknowns import REASONS, Note, covering, notes
from sales_dash.i18n import TEXTS, format_percent, month_span
from sales_dash.schema import UNASSIGNED
from sales_dash.sections.metric import year_by_month
from sales_dash.sections.overview import Kpi, KpiBoard
from sales_dash.settings import setting
from sales_dash.ui.data import Section, cached, load_demo
from sales_dash.ui.frame import Context, context, keep_open_tab, remember_open_tab
from sales_dash.ui.meeting_screen import screen_sized
from sales_dash.ui.plot import plot
from sales_dash.ui.safe_text import escape_markdown
from sales_dash.ui.toasts import toast_later

UPLOAD_PAGE = "pages/upload.py"
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def _load_demo(ctx: Context) -> None:
    try:
        with st.spinner(ctx.t("building_demo")):
            load_demo(ctx.lake.live)
    except LakeHoldsUploads as refused:  # branch hardening: never replace real uploads
        toast_later(ctx.t("demo_refused_page", count=refused.count), ":material/block:")


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


def kpi_tiles(ctx: Context, board: KpiBoard) -> None:
    """The catalogue's KPI tiles: value, delta against the comparison, what it is
    compared with."""
    against = ctx.t(f"vs_{ctx.view.comparison if ctx.view else 'previous'}")
    columns = tile_columns(len(board.kpis))
    for column, kpi in zip(columns, board.kpis, strict=True):
        description = f"{against} {value_text(kpi.name, kpi.previous, ctx.language)}"
        if kpi.name == "attainment":  # under the value, where a four-tile row has room
            # for it at 1280 (in the label, 达成率 · 时间进度 7… was cut)
            progress = format_percent(board.current.time_progress)
            elapsed = ctx.t("time_progress_caption", value=progress)
            # wrapped between the two, never inside one (NO-BREAK SPACE)
            description = " · ".join(part.replace(" ", "\u00a0") for part in (elapsed, description))
        column.metric(
            ctx.t(kpi.name),
            value_text(kpi.name, kpi.value, ctx.language),
            delta=_delta_text(kpi),
            delta_color="inverse" if kpi.name in LOWER_IS_BETTER else "normal",
            delta_description=description,
            help=_help(ctx, kpi.name),
            border=True,
            height="stretch",  # a row's tiles of one height, whatever their texts
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


def region_rep_labels(ctx: Context, *, with_year: bool = False) -> dict[str, str]:
    """The tabs by region, by rep and, ``with_year``, the as-of year by month (name -> label)."""
    labels = {"region": ctx.t("by_region"), "rep": ctx.t("by_rep")}
    if with_year and ctx.view is not None:
        labels["month"] = ctx.t("monthly_year", year=ctx.view.as_of.year)
    return labels


def region_rep_tabs(ctx: Context, key: str, *, with_year: bool = False) -> tuple[str, Any]:
    """``open_tab`` over ``region_rep_labels``: the open one's name ('region', 'rep',
    'month') and container."""
    return open_tab(region_rep_labels(ctx, with_year=with_year), key)


def year_tab_section(
    ctx: Context,
    name: str,
    section: Callable[..., Any],
    metric: str,
    regions: Callable[..., Any] | None = None,
) -> Section[Any]:
    """The data of the ``region_rep_labels`` tab ``name`` (with the year): ``section`` by
    region or rep, or ``metric`` by month; ``regions`` for the region tab when given. A
    page prefetches it before its tiles and shows the same section in the tab."""
    if name == "month":
        return Section(year_by_month, ctx.lake, (ctx.view, metric))
    if name == "region" and regions is not None:
        return Section(regions, ctx.lake, (ctx.view,))
    return Section(section, ctx.lake, (ctx.view, name))


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
        shown = value_text(name, value, ctx.language)
        column.metric(ctx.t(name), shown, help=_help(ctx, name), border=True, height="stretch")
    known = {c: row[c] for c in covering(names) if c in row}
    if known:
        found = notes(pl.DataFrame([known], schema=dict.fromkeys(known, pl.Float64)))
        unknown_notes(ctx, found)


def _help(ctx: Context, name: str) -> str | None:
    """A column's explanation from the catalogue, where it has one."""
    column = CATALOGUE.get(name)
    key = column.help if column else (f"{name}_help" if f"{name}_help" in TEXTS else None)
    return ctx.t(key) if key else None


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
    """The chart of one metric column per group, with the target the catalogue gives it:
    ratios as bars against their target (and time progress), the rest as money bars."""
    name = ctx.t(column)
    entry = CATALOGUE.get(column)
    if entry is None or entry.chart != "ratio_bars":
        return charts.money_bars(
            frame, label, column, ctx.language, title=title, value_name=name, key=key, limit=limit
        )
    target = entry.target
    paced = target is not None and target.time_progress
    return charts.ratio_bars(
        frame,
        label,
        column,
        title=title,
        value_name=name,
        target=target.value() if target else None,
        target_name=ctx.t(target.label) if target else "",
        time_progress=time_progress if paced else None,
        time_name=ctx.t("time_progress") if paced else "",
        alert=float(setting("pacing_alert")) if paced else None,
        lower_is_better=entry.lower_is_better,
        key=key,
        language=ctx.language,
    )


def chart_order(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """The rows in the order ``metric_figure`` shows ``column``'s bars, top to bottom: a
    section's table is listed like its chart (``charts.ranked``)."""
    return charts.ranked(frame, column, lower_is_better=column in LOWER_IS_BETTER)


class _Drawn(go.Figure):  # type: ignore[misc]
    """A figure's spec as ``plot`` sends it, handed over as is.

    ``plotly.io.to_json`` takes a Figure's ``to_dict()``, which deep-copies every trace and
    the template, and ``charts.without_title`` went through Plotly's validated
    ``update_layout``: together about 0.6 ms a figure, on every rerun (branch small).
    Only ``to_dict`` is ever called on it (``plotly.io.to_json``, plotly 6 and 7)."""

    def __init__(self, spec: dict[str, Any]) -> None:  # no Figure.__init__: nothing to build
        self._spec = spec

    def to_dict(self) -> dict[str, Any]:
        return self._spec


def _drawn(figure: go.Figure) -> tuple[str | None, go.Figure]:
    """``charts.without_title`` without Plotly's validation or copies: the title, and the
    figure to draw (the same spec, title out and its top margin, as a ``_Drawn``). A figure
    not as ``charts.figure`` builds it (a plain spec, unvalidated, with its own template:
    Plotly adds the default one to any other as it copies it) goes Plotly's way."""
    data, layout = getattr(figure, "_data", None), getattr(figure, "_layout", None)
    spec = (
        getattr(figure, "_validate", True) is False
        and isinstance(data, list)
        and isinstance(layout, dict)
        and layout.get("template") is not None
        and isinstance(layout.get("title"), dict | None)
    )
    if not spec:
        return charts.without_title(figure), figure
    title = layout.get("title")  # type: ignore[union-attr]
    text = title.get("text") if title else None
    if text:  # as without_title's update_layout leaves it: a null title, the top margin
        top = charts.untitled_top(layout.get("showlegend"), data)  # type: ignore[union-attr,arg-type]
        margin = {**layout.get("margin", {}), "t": top}  # type: ignore[union-attr]
        layout = {**layout, "title": None, "margin": margin}  # type: ignore[dict-item]
    return text, _Drawn({"data": data, "layout": layout})


def chart(
    figure: go.Figure,
    key: str,
    on_select: Callable[[], None] | None = None,
    *,
    stretch: bool = False,
) -> None:
    """A Plotly chart at full width; clickable (one point) when ``on_select`` is given;
    ``stretch``: as tall as its container leaves, type scaled to the screen (the meeting).

    A figure's title is drawn by Streamlit above the chart, where it can never collide
    with the legend.
    """
    title, figure = _drawn(figure)
    if stretch:
        figure = screen_sized(figure)
    if title:  # the titles are the app's own texts (i18n), never a name from the data
        st.markdown(f"**{title}**")
    plot(figure, key, PLOTLY_CONFIG, on_select=on_select, stretch=stretch)


def trend_title(ctx: Context, key: str, months: pl.DataFrame) -> str:
    """The title ``key`` of a trend naming the months it shows (its ``month`` column),
    which the view's period decides: 2026年 under 本年, never a fixed "近12个月"."""
    shown = months.get_column("month").drop_nulls().cast(pl.String)
    if shown.is_empty():
        return ctx.t(key, span="")
    return ctx.t(key, span=month_span(str(shown.min()), str(shown.max()), ctx.language))


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

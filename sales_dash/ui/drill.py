"""The drill-down section every page ends with: region → rep → customer → order lines.

The path lives in three selectors (bound to the URL, kept across pages); clicking a bar
of the chart sets the next selector, and the breadcrumb clears the deeper ones.

The section is a fragment (issue 15): a drill step reruns and redraws the section alone,
not the page above it. A full rerun (a filter changed in the sidebar) runs it again with
the page's new view, so the drill and the filters always agree.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import streamlit as st

from sales_dash.engine.lines import LINE_LIMIT
from sales_dash.schema import UNASSIGNED
from sales_dash.sections.collections import LEDGER_SHOWN, ledger_level
from sales_dash.sections.drill import (
    DrillLevel,
    DrillPath,
    DrillSpec,
    drill_level,
)
from sales_dash.ui.data import Section, cached, section
from sales_dash.ui.filters import check_url
from sales_dash.ui.fragments import fragment_body
from sales_dash.ui.frame import Context
from sales_dash.ui.plot import selected_point
from sales_dash.ui.safe_text import escape_markdown
from sales_dash.ui.tables import table
from sales_dash.ui.widgets import chart, chart_order, metric_figure
from sales_dash.view import View

KEYS = {"region": "drill_region", "rep": "drill_rep", "customer": "drill_customer"}
ORDER = ("region", "rep", "customer")


def _clear_below(level: str | None) -> None:
    """Forget the choices below ``level`` (all of them for None)."""
    start = 0 if level is None else ORDER.index(level) + 1
    for deeper in ORDER[start:]:
        st.session_state[KEYS[deeper]] = None


def _on_pick(level: str) -> None:
    _clear_below(level)


def _on_bar(chart_key: str, level: str) -> None:
    """A bar was clicked: its key becomes the choice at ``level``."""
    point = selected_point(chart_key)
    custom = point.get("customdata") if point else None
    if custom:
        st.session_state[KEYS[level]] = custom[0]
        _clear_below(level)


def _named(ctx: Context, rows: DrillLevel) -> DrillLevel:
    """Branch `unknown`: the group without a region or rep reads 未分配 / Unassigned."""
    if rows.level not in ("region", "rep"):
        return rows
    unassigned = pl.col("key") == UNASSIGNED
    label = pl.when(unassigned).then(pl.lit(ctx.t("unassigned"))).otherwise(pl.col("label"))
    return replace(rows, rows=rows.rows.with_columns(label=label))


def _selector(ctx: Context, level: str, rows: DrillLevel, fit: bool = False) -> str | None:
    labels = dict(zip(rows.rows["key"].to_list(), rows.rows["label"].to_list(), strict=True))
    keys = list(labels)
    key = KEYS[level]
    check_url(key, ctx.t(f"drill_{level}"), lambda v: v in labels.values())
    if st.session_state.get(key) not in (None, *keys):
        st.session_state[key] = None
    return st.selectbox(
        ctx.t(f"drill_{level}"),
        keys,
        index=None,
        format_func=lambda k: labels.get(k, str(k)),
        placeholder=ctx.t(f"drill_{level}") if fit else ctx.t("drill_pick"),
        key=key,
        label_visibility="collapsed" if fit else "visible",
        width=220 if fit else "stretch",
        on_change=_on_pick,
        args=(level,),
        bind="query-params",
        persist_state="session",
    )


def _breadcrumb(ctx: Context, names: list[tuple[str, str]]) -> None:
    crumbs = st.container(horizontal=True, gap="small", vertical_alignment="center")
    crumbs.button(
        ctx.t("drill_all"),
        key="crumb_all",
        on_click=_clear_below,
        args=(None,),
        type="tertiary",
        icon=":material/home:",
    )
    for index, (level, name) in enumerate(names):
        crumbs.markdown("›")
        last = index == len(names) - 1
        crumbs.button(
            escape_markdown(name),  # a button's label is Markdown; a name is data
            key=f"crumb_{level}",
            on_click=_clear_below,
            args=(level,),
            type="tertiary",
            disabled=last,
        )


def _level_below(ctx: Context, view: View, path: DrillPath, spec: DrillSpec) -> DrillLevel:
    """The rows below ``path``: the spec's last level below a chosen customer (its order
    lines, or its ledger), else the next grouping."""
    if path.level == "lines" and spec.last == "ledger":
        return cached(ledger_level, ctx.lake, view, path, spec, ctx.language)
    return cached(drill_level, ctx.lake, view, path, spec)


def _first_level(ctx: Context, view: View, spec: DrillSpec) -> Section[DrillLevel]:
    """The drill section's first level (the regions), as both its prefetch and its
    display ask for it."""
    return section(drill_level, ctx.lake, view, DrillPath(), spec)


def prefetch_drill(ctx: Context, spec: DrillSpec, view: View | None = None) -> None:
    """Start the drill section's first level (the regions) in the background, at the top
    of a page whose drill section comes last."""
    view = view or ctx.view
    if view is not None:
        _first_level(ctx, view, spec).prefetch()


def drill_section(
    ctx: Context,
    spec: DrillSpec,
    page: str,
    view: View | None = None,
    title: bool = True,
    regions: DrillLevel | None = None,
    fit: bool = False,
) -> None:
    """Drill from the regions of the view (the sidebar's unless given) down to one
    customer's order lines. ``regions``: the first level when the page has its own rows
    of the regions (a region tab that drills, ``keyed_level``). ``fit``: the meeting's
    one-screen form, selectors and breadcrumb in one row, the chart as tall as the space
    left and no table under it.

    A fragment: a drill step reruns the section alone, with the arguments of the last
    full run. Not in the meeting's one-screen form, whose chart takes the height its
    container leaves: a fragment's own container does not stretch, and the chart shrank."""
    if fit:
        _drill(ctx, spec, page, view, title, regions, fit)
        return
    _drill_fragment(ctx, spec, page, view, title, regions, fit, ctx.lake.data_stamp())


@st.fragment
def _drill_fragment(
    ctx: Context,
    spec: DrillSpec,
    page: str,
    view: View | None,
    title: bool,
    regions: DrillLevel | None,
    fit: bool,
    stamp: tuple[int, ...],
) -> None:
    """``_drill``; on the fragment's own rerun, the whole page instead when the lake has
    changed since the page was drawn (the drill would read data the page above does not
    show), and a failure reported with its error id as the page would."""
    fragment_body(ctx, stamp, lambda: _drill(ctx, spec, page, view, title, regions, fit), "drill")


def _drill(
    ctx: Context,
    spec: DrillSpec,
    page: str,
    view: View | None,
    title: bool,
    regions: DrillLevel | None,
    fit: bool,
) -> None:
    """The section itself: selectors, breadcrumb, then the chart and table of the level."""
    view = view or ctx.view
    if view is None:
        return
    if title:
        st.subheader(ctx.t("drill_title"))
    path = DrillPath()
    chosen: list[tuple[str, str]] = []
    row = st.container(horizontal=True, vertical_alignment="center") if fit else None
    selectors = [row] * 3 if row is not None else st.columns(3)
    rows = regions if regions is not None else _first_level(ctx, view, spec).result()
    rows = _named(ctx, rows)
    for index, level in enumerate(ORDER):
        with selectors[index]:
            picked = _selector(ctx, level, rows, fit)
        if picked is None:
            break
        label = rows.rows.filter(pl.col("key") == picked)["label"]
        chosen.append((level, str(label[0]) if label.len() else picked))
        path = replace(path, **{level: picked})
        rows = _named(ctx, _level_below(ctx, view, path, spec))
    if row is not None:
        with row:
            _breadcrumb(ctx, chosen)
    else:
        _breadcrumb(ctx, chosen)
    if rows.level == "ledger":  # branch collect2: the collections page's last level
        st.caption(ctx.t("ledger_drill_caption", as_of=view.as_of))
        table(ctx, rows.rows, f"{page}_ledger", height=420, latest=LEDGER_SHOWN)
        return
    if rows.level == "lines":
        st.caption(
            ctx.t("lines_caption", shown=rows.rows.height, total=rows.total_lines, limit=LINE_LIMIT)
        )
        table(ctx, rows.rows, f"{page}_lines")
        return
    if rows.rows.is_empty():
        st.info(ctx.t("nothing_matches"), icon=":material/search_off:")
        return
    chart_key = f"drill_chart_{page}_{rows.level}_{len(chosen)}"
    ordered = chart_order(rows.rows, rows.spec.column)  # the table lists as the chart
    figure = metric_figure(
        ctx,
        ordered,
        "label",
        rows.spec.column,
        key="key",
        title=ctx.t(f"drill_chart_{rows.level}", metric=ctx.t(rows.spec.column)),
        time_progress=view.period.time_progress(view.as_of),
    )
    if fit:  # one screen: the chart is the slide, without the hint line and the table
        chart(figure, chart_key, on_select=lambda: _on_bar(chart_key, rows.level), stretch=True)
        return
    st.caption(ctx.t("drill_hint"))
    chart(figure, chart_key, on_select=lambda: _on_bar(chart_key, rows.level))
    table(ctx, ordered, f"{page}_drill_{rows.level}")

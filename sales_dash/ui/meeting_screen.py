"""The meeting on a screen: its projector styles (type scaled to the width, the section in
the height left, the controls hidden while presenting), the browser's width for the
charts' type, the step buttons with their keys, and the week's tiles."""

from __future__ import annotations

import functools
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from sales_dash.i18n import format_money, format_percent
from sales_dash.sections.overview import relative_change
from sales_dash.ui.frame import Context

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
.st-key-meeting_body [data-testid="stElementContainer"]:has(.sales-dash-plot) {
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
    return scaled(figure, factor) if factor > 1.0 else figure


def scaled(figure: go.Figure, factor: float) -> go.Figure:
    """``figure`` with every font and its margins ``factor`` times as large: the margins
    were sized for the text at its first size (a bar value's column on the right, the
    names on the left), and kept as they were they cut 110.8% at the edge."""
    spec = _scaled_fonts(figure.to_dict(), factor)  # a drawn spec has this alone
    margin = spec.get("layout", {}).get("margin", {})
    for side in ("l", "r", "t", "b"):
        if isinstance(margin.get(side), int | float):
            margin[side] = margin[side] * factor
    return go.Figure(spec, skip_invalid=True)


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
        height="stretch",
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
        height="stretch",
    )
    for column, name in ((columns[2], "visits"), (columns[3], "new_customers")):
        now, before = getattr(this, name), getattr(last, name)
        column.metric(
            ctx.t(name),
            "—" if now is None else f"{now:,}",
            delta=None if now is None or before is None else f"{now - before:+,}",
            delta_description=f"{against} {'—' if before is None else f'{before:,}'}",
            border=True,
            height="stretch",
        )

"""A page's tabs as a fragment (issue 15): a tab switch reruns and redraws the tabs alone.

The tiles and sections around the tabs stay as drawn. A full rerun (a filter changed in
the sidebar) runs the tabs again with the page's new view, so the tabs and the page
always agree; a switch after a write to the lake reruns the whole page instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from sales_dash.ui.fragments import fragment_body
from sales_dash.ui.frame import Context, keep_open_tab
from sales_dash.ui.widgets import open_tab

TabBody = Callable[[str, Any], None]
"""Draws the open tab: its name and container (and, outside it, what follows from it)."""


def opened_tab(labels: dict[str, str], key: str) -> str:
    """The name of the tab ``key`` (name -> label) will open, before it is drawn: what a
    page prefetches. The session's choice, else the URL's (a copied link), else the first."""
    keep_open_tab(labels, key)
    chosen = st.session_state.get(key) or st.query_params.get(key)
    return next((name for name, label in labels.items() if label == chosen), next(iter(labels)))


def tabs_fragment(ctx: Context, labels: dict[str, str], key: str, body: TabBody) -> None:
    """``open_tab`` over ``labels`` (name -> label), ``body(name, container)`` drawing the
    open one, all in one fragment: a tab switch reruns this alone, not the page around it.
    ``body`` is the page's, from its last full run, with that run's data."""
    _tabs(ctx, labels, key, body, ctx.lake.data_stamp())


@st.fragment
def _tabs(
    ctx: Context, labels: dict[str, str], key: str, body: TabBody, stamp: tuple[int, ...]
) -> None:
    def draw() -> None:
        name, tab = open_tab(labels, key)
        body(name, tab)

    fragment_body(ctx, stamp, draw, key)

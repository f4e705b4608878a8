"""A page's fragments and the sections it draws only while they are open (issue 15).

A fragment reruns and redraws its part of the page alone (a tab switch, a drill step, a
section opened). On its own rerun it reads with the arguments of the page's last full
run; if a write has replaced the data since, the whole page runs again instead, so the
fragment never shows data the page around it does not.

A section drawn on demand (a customer's ledger, the aging at a date you pick) sits in an
expander whose contents run only while it is open: the page's every filter change skips
its queries, and the browser draws none of its elements (a changed table costs Chromium
about 30 ms a rerun, a chart about 45; docs/performance.md, "Sections drawn on demand").
Whether it is open is in the URL, so a copied link opens it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import streamlit as st

from sales_dash.ui.errors import fragment_rerun, run_reporting_errors

if TYPE_CHECKING:
    from sales_dash.ui.frame import Context


def fragment_body(
    ctx: Context, stamp: tuple[int, ...], draw: Callable[[], None], where: str
) -> None:
    """The body of a page's fragment drawn at data ``stamp`` (the page's, when its last
    full run drew it). On the fragment's own rerun: the whole page instead when the lake
    has changed since, else ``draw()`` with a failure reported as the page would."""
    if not fragment_rerun():
        draw()
        return
    if ctx.lake.live.data_stamp() != stamp:
        st.rerun(scope="app")
    run_reporting_errors(draw, where, ctx.language)


OPEN_SECTIONS = "_open_sections"
"""The session's open sections (keys): one comes back open after the browser's Back,
whose URL no longer says so."""


def on_demand(label: str, key: str) -> Any | None:
    """An expander, closed at first, whose state is in the URL under ``key`` and kept by
    the session: its container while open, else None (draw nothing into it). Opening or
    closing it reruns the fragment it is in, or the page."""
    opened: set[str] = st.session_state.setdefault(OPEN_SECTIONS, set())
    box = st.expander(
        label, expanded=key in opened, key=key, on_change="rerun", bind="query-params"
    )
    (opened.add if box.open else opened.discard)(key)
    return box if box.open else None


def on_demand_section(ctx: Context, label: str, key: str, body: Callable[[], None]) -> None:
    """``on_demand`` in a fragment of its own: opening it runs ``body()`` into it and
    redraws this section alone, not the page around it. ``body`` is the page's, from its
    last full run, with that run's data."""
    _on_demand(ctx, label, key, body, ctx.lake.data_stamp())


@st.fragment
def _on_demand(
    ctx: Context, label: str, key: str, body: Callable[[], None], stamp: tuple[int, ...]
) -> None:
    def draw() -> None:
        box = on_demand(label, key)
        if box is not None:
            with box:
                body()

    fragment_body(ctx, stamp, draw, key)

"""Toasts asked for in a widget's callback, shown once the page runs.

A callback runs before the script; its toast takes the first place of Streamlit's event
container, which the script's first style-only ``st.html`` (the widget texts, app.py)
then takes over, so the toast vanished (Streamlit 1.67). Callbacks queue their toasts
here, and app.py shows them after that style.
"""

from __future__ import annotations

import streamlit as st

PENDING = "_pending_toasts"


def toast_later(message: str, icon: str) -> None:
    """Queue a toast from a callback; ``show_pending_toasts`` shows it in this run."""
    st.session_state.setdefault(PENDING, []).append((message, icon))


def show_pending_toasts() -> None:
    for message, icon in st.session_state.pop(PENDING, []):
        st.toast(message, icon=icon)

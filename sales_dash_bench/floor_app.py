"""The floor: a minimal Streamlit app, served beside the dashboard in the browser clock.

A sidebar with a region multiselect and a period selectbox, a page with a few elements,
two tabs and a selectbox to drill with, and a second page: the same widgets under the same
keys as the dashboard's, so the clock drives both with the same clicks. What it takes to
settle is what Streamlit needs to show anything at all.
"""

from __future__ import annotations

import streamlit as st

REGIONS = ["华东", "华南", "华北", "西南", "东北", "西北"]
PERIODS = ["本月", "上月", "本季", "本年"]


def _page() -> None:
    st.sidebar.multiselect("区域", REGIONS, key="region", placeholder="全部")
    st.sidebar.selectbox("期间", PERIODS, key="period")
    st.title(st.session_state.get("title", "floor"))
    picked = st.session_state.get("region") or REGIONS
    st.metric("区域数", len(picked))
    st.write("、".join(picked))
    first, second = st.tabs(["一", "二"], on_change="rerun", key="tabs")
    if first.open:
        first.write(st.session_state.get("period"))
    if second.open:
        second.write(len(picked) * 2)
    st.selectbox("下钻", REGIONS, index=None, key="drill_region", placeholder="选择")


def _overview() -> None:
    st.session_state["title"] = "overview"
    _page()


def _margin() -> None:
    st.session_state["title"] = "margin"
    _page()


st.navigation(
    [
        st.Page(_overview, title="概览", url_path="overview", default=True),
        st.Page(_margin, title="毛利", url_path="margin"),
    ]
).run()

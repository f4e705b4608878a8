"""总览 Overview: the headline numbers of the latest month."""

import streamlit as st

from sales_dash.i18n import format_money, format_percent
from sales_dash.ui.data import latest_month, period_headline
from sales_dash.ui.frame import context

ctx = context()
st.title(ctx.t("app_title"))

month = latest_month(ctx.lake)
if month is None:
    st.info(ctx.t("no_data"))
    st.stop()

start, end, as_of = month
numbers = period_headline(ctx.lake, start, end, as_of)
st.caption(ctx.t("period_caption", start=start, end=end, as_of=as_of))

tiles = st.columns(6)
tiles[0].metric(ctx.t("revenue"), format_money(numbers.revenue, ctx.language), border=True)
tiles[1].metric(
    ctx.t("attainment"),
    format_percent(numbers.attainment),
    delta=format_percent(numbers.pacing_gap, points=True)
    if numbers.pacing_gap is not None
    else None,
    delta_description=ctx.t("time_progress_caption", value=format_percent(numbers.time_progress)),
    border=True,
)
tiles[2].metric(ctx.t("gross_margin"), format_percent(numbers.gross_margin), border=True)
tiles[3].metric(ctx.t("collection_rate"), format_percent(numbers.collection_rate), border=True)
tiles[4].metric(ctx.t("expense_ratio"), format_percent(numbers.expense_ratio), border=True)
tiles[5].metric(ctx.t("market_share"), format_percent(numbers.market_share), border=True)

"""团队 Team: the rep scorecard, and one rep's customers and latest orders."""

from typing import Any

import streamlit as st

from sales_dash.engine.options import key_label, rep_label
from sales_dash.schema import UNASSIGNED
from sales_dash.sections.drill import DrillSpec
from sales_dash.sections.metric import view_metric
from sales_dash.sections.team import rep_detail, scorecard, scorecard_notes
from sales_dash.settings import setting
from sales_dash.ui.data import cached
from sales_dash.ui.drill import drill_section, prefetch_drill
from sales_dash.ui.filters import check_url
from sales_dash.ui.tables import table
from sales_dash.ui.tabs import tabs_fragment
from sales_dash.ui.widgets import monthly_vs_target, page, trend_title, unknown_notes, value_tiles

DRILL = DrillSpec("attainment", "attainment")
AVERAGES = ("revenue", "orders", "average_order_value", "reps", "revenue_per_rep")

ctx = page("page_team")
prefetch_drill(ctx, DRILL)
view = ctx.view
card = cached(scorecard, ctx.lake, view)

st.subheader(ctx.t("scorecard_title"))
value_tiles(ctx, cached(view_metric, ctx.lake, "averages", view).row(0, named=True), AVERAGES)
st.caption(ctx.t("scorecard_caption", target=f"{float(setting('visits_per_week_target')):.1f}"))
st.caption(
    ctx.t("scorecard_days_caption", target=f"{float(setting('collection_days_target')):.0f}")
)
table(ctx, card, "rep_scorecard", height=min(38 * (card.height + 1) + 3, 640))
unknown_notes(ctx, cached(scorecard_notes, ctx.lake, view))

st.subheader(ctx.t("rep_detail_title"))
names = dict(zip(card["rep_id"], card["rep_name"], strict=True))
labels = {
    rep_id: key_label(rep_id, ctx.language) if rep_id == UNASSIGNED else rep_label(rep_id, names)
    for rep_id in card["rep_id"]
}
check_url("rep_detail", ctx.t("rep_detail_pick"), lambda v: v in labels.values())
rep = st.selectbox(
    ctx.t("rep_detail_pick"),
    list(labels),
    index=None,
    format_func=labels.get,
    placeholder=ctx.t("drill_pick"),
    key="rep_detail",
    bind="query-params",
    persist_state="session",
)
if rep is not None:
    row = card.filter(card["rep_id"] == rep).row(0, named=True)
    names = ("revenue", "attainment", "gross_margin", "collection_rate", "visits_per_week")
    value_tiles(ctx, row, names)
    detail = cached(rep_detail, ctx.lake, view, rep)
    title = trend_title(ctx, "trend_title_span", detail.monthly)
    monthly_vs_target(ctx, detail.monthly, "revenue", "quota", "attainment", "rep_monthly", title)

    def draw_detail(name: str, tab: Any) -> None:
        """The open tab's list alone: the other is neither sent nor drawn (issue 15)."""
        with tab:
            frame = detail.customers if name == "customers" else detail.recent_orders
            table(ctx, frame, f"rep_{name}", height=360)

    detail_tabs = {"customers": ctx.t("rep_customers"), "recent_orders": ctx.t("recent_orders")}
    tabs_fragment(ctx, detail_tabs, "rep_detail_tab", draw_detail)

drill_section(ctx, DRILL, "team")

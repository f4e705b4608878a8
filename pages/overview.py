"""总览 Overview: the headline KPIs against the comparison, the trend, and the alerts."""

import streamlit as st

from sales_dash.alerts import alerts
from sales_dash.comparison import kpi_board
from sales_dash.drilldown import DrillSpec
from sales_dash.performance import revenue_trend
from sales_dash.ui.data import cached, prefetch
from sales_dash.ui.drill import drill_section, prefetch_drill
from sales_dash.ui.widgets import alert_list, kpi_tiles, monthly_vs_target, page, trend_title

DRILL = DrillSpec("attainment", "attainment")

ctx = page("overview")
view = ctx.view
prefetch(revenue_trend, ctx.lake, view)
prefetch(alerts, ctx.lake, view)
prefetch_drill(ctx, DRILL)

kpi_tiles(ctx, cached(kpi_board, ctx.lake, view))

left, right = st.columns([3, 2])
with left:
    trend = cached(revenue_trend, ctx.lake, view)
    title = trend_title(ctx, "trend_title_span", trend)
    monthly_vs_target(ctx, trend, "revenue", "quota", "attainment", "overview_trend", title)
with right:
    st.subheader(ctx.t("alerts_title"))
    alert_list(ctx, cached(alerts, ctx.lake, view))

drill_section(ctx, DRILL, "overview")

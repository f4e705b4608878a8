"""总览 Overview: the headline KPIs against the comparison, the trend, and the alerts."""

import streamlit as st

from sales_dash.sections.alerts import alerts
from sales_dash.sections.attainment import revenue_trend
from sales_dash.sections.drill import DrillSpec
from sales_dash.sections.overview import kpi_board
from sales_dash.ui.data import cached, section
from sales_dash.ui.drill import drill_section, prefetch_drill
from sales_dash.ui.widgets import alert_list, kpi_tiles, monthly_vs_target, page, trend_title

DRILL = DrillSpec("attainment", "attainment")

ctx = page("overview")
view = ctx.view
trend = section(revenue_trend, ctx.lake, view).prefetch()
alert_rows = section(alerts, ctx.lake, view).prefetch()
prefetch_drill(ctx, DRILL)

kpi_tiles(ctx, cached(kpi_board, ctx.lake, view))

left, right = st.columns([3, 2])
with left:
    frame = trend.result()
    title = trend_title(ctx, "trend_title_span", frame)
    monthly_vs_target(ctx, frame, "revenue", "quota", "attainment", "overview_trend", title)
with right:
    st.subheader(ctx.t("alerts_title"))
    alert_list(ctx, alert_rows.result())

drill_section(ctx, DRILL, "overview")

"""总览 Overview: the headline KPIs against the comparison, the trend, and the alerts."""

import streamlit as st

from sales_dash import charts
from sales_dash.alerts import alerts
from sales_dash.comparison import kpi_board
from sales_dash.drilldown import DrillSpec
from sales_dash.performance import revenue_trend
from sales_dash.ui.data import cached
from sales_dash.ui.drill import drill_section
from sales_dash.ui.widgets import alert_list, chart, kpi_tiles, page

ctx = page("overview")
view = ctx.view

kpi_tiles(ctx, cached(kpi_board, ctx.lake, view))

left, right = st.columns([3, 2])
with left:
    trend = cached(revenue_trend, ctx.lake, view)
    figure = charts.money_vs_target(
        trend,
        "month",
        "revenue",
        "quota",
        ctx.language,
        title=ctx.t("trend_title"),
        actual_name=ctx.t("revenue"),
        target_name=ctx.t("quota"),
        ratio="attainment",
        ratio_name=ctx.t("attainment"),
    )
    chart(figure, "overview_trend")
with right:
    st.subheader(ctx.t("alerts_title"))
    alert_list(ctx, cached(alerts, ctx.lake, view))

drill_section(ctx, DrillSpec("attainment", "attainment"), "overview")

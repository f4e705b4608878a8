"""达成 Attainment: where each region and rep stands against quota and against time."""

import streamlit as st

from sales_dash.drilldown import DrillSpec
from sales_dash.options import with_rep_label
from sales_dash.performance import attainment_section
from sales_dash.ui.data import cached
from sales_dash.ui.drill import drill_section
from sales_dash.ui.tables import table
from sales_dash.ui.widgets import chart, metric_figure, monthly_vs_target, page, value_tiles

ctx = page("page_attainment")
view = ctx.view
data = cached(attainment_section, ctx.lake, view)
total = data.total.row(0, named=True)

value_tiles(
    ctx,
    {
        name: total[name]
        for name in (
            "revenue",
            "quota",
            "attainment",
            "time_progress",
            "pacing_gap",
            "forecast_attainment",
            "needed_per_day",
        )
    },
)
progress = total["time_progress"]
if not view.filters.targets_apply:
    st.info(ctx.t("no_targets_with_filter"), icon=":material/info:")
by_region, by_rep, monthly = st.tabs(
    [ctx.t("by_region"), ctx.t("by_rep"), ctx.t("monthly_year", year=view.as_of.year)]
)
with by_region:
    frame = data.by_region
    chart(metric_figure(ctx, frame, "region", "attainment", time_progress=progress), "att_region")
    table(ctx, frame, "attainment_by_region")
with by_rep:
    frame = with_rep_label(data.by_rep)
    chart(metric_figure(ctx, frame, "label", "attainment", time_progress=progress), "att_rep")
    table(ctx, data.by_rep, "attainment_by_rep")
with monthly:
    monthly_vs_target(ctx, data.monthly, "revenue", "quota", "attainment", "att_monthly")
    table(ctx, data.monthly, "attainment_by_month")

drill_section(ctx, DrillSpec("attainment", "attainment"), "attainment")

"""达成 Attainment: where each region and rep stands against quota and against time."""

import streamlit as st

from sales_dash.drilldown import DrillSpec
from sales_dash.options import with_rep_label
from sales_dash.performance import attainment_by, year_by_month
from sales_dash.ui.data import cached
from sales_dash.ui.drill import drill_section
from sales_dash.ui.tables import table
from sales_dash.ui.widgets import (
    chart,
    metric_figure,
    monthly_vs_target,
    open_tab,
    page,
    value_tiles,
)

ctx = page("page_attainment")
view = ctx.view
total = cached(attainment_by, ctx.lake, view).row(0, named=True)

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
labels = {
    "region": ctx.t("by_region"),
    "rep": ctx.t("by_rep"),
    "month": ctx.t("monthly_year", year=view.as_of.year),
}
name, tab = open_tab(labels, "attainment_tab")
with tab:
    if name == "month":
        monthly = cached(year_by_month, ctx.lake, view, "attainment")
        monthly_vs_target(ctx, monthly, "revenue", "quota", "attainment", "att_monthly")
        table(ctx, monthly, "attainment_by_month")
    else:
        frame = cached(attainment_by, ctx.lake, view, name)
        shown, label = (with_rep_label(frame), "label") if name == "rep" else (frame, name)
        figure = metric_figure(ctx, shown, label, "attainment", time_progress=progress)
        chart(figure, f"att_{name}")
        table(ctx, frame, f"attainment_by_{name}")

drill_section(ctx, DrillSpec("attainment", "attainment"), "attainment")

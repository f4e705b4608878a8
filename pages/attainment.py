"""达成 Attainment: where each region and rep stands against quota and against time."""

import streamlit as st

from sales_dash.engine.options import charted
from sales_dash.sections.attainment import ATTAINMENT_DRILL, attainment_by, attainment_regions
from sales_dash.ui.data import cached
from sales_dash.ui.drill import drill_section
from sales_dash.ui.tables import table
from sales_dash.ui.widgets import (
    chart,
    chart_order,
    metric_figure,
    monthly_vs_target,
    page,
    tiles_then_year_tabs,
    value_tiles,
)

ctx = page("page_attainment")
view = ctx.view
tiles, name, tab, opened = tiles_then_year_tabs(
    ctx, "attainment_tab", attainment_by, "attainment", regions=attainment_regions
)

total = cached(attainment_by, ctx.lake, view).row(0, named=True)
with tiles:
    value_tiles(
        ctx,
        total,
        (
            "revenue",
            "quota",
            "attainment",
            "time_progress",
            "pacing_gap",
            "forecast_attainment",
            "needed_per_day",
        ),
    )
    if not view.filters.targets_apply:
        st.info(ctx.t("no_targets_with_filter"), icon=":material/info:")
progress = total["time_progress"]
with tab:
    if name == "month":
        monthly = opened.result()
        monthly_vs_target(ctx, monthly, "revenue", "quota", "attainment", "att_monthly")
        table(ctx, monthly, "attainment_by_month")
    elif name == "region":  # the regions, drilled down to reps, customers and lines
        regions = opened.result()
        drill_section(ctx, ATTAINMENT_DRILL, "attainment", title=False, regions=regions)
    else:
        frame = chart_order(opened.result(), "attainment")
        shown, label = charted(frame, name, ctx.language)
        figure = metric_figure(ctx, shown, label, "attainment", time_progress=progress)
        chart(figure, f"att_{name}")
        table(ctx, frame, f"attainment_by_{name}")

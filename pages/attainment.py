"""达成 Attainment: where each region and rep stands against quota and against time."""

from typing import Any

import streamlit as st

from sales_dash.engine.options import charted
from sales_dash.sections.attainment import ATTAINMENT_DRILL, attainment_by, attainment_regions
from sales_dash.ui.data import cached
from sales_dash.ui.drill import drill_section
from sales_dash.ui.tables import table
from sales_dash.ui.tabs import opened_tab, tabs_fragment
from sales_dash.ui.widgets import (
    chart,
    chart_order,
    metric_figure,
    monthly_vs_target,
    page,
    region_rep_labels,
    value_tiles,
    year_tab_section,
)

KEY = "attainment_tab"

ctx = page("page_attainment")
view = ctx.view
labels = region_rep_labels(ctx, with_year=True)


def tab_data(name: str) -> Any:
    """The tab ``name``'s data: prefetched below, shown in the tab."""
    return year_tab_section(ctx, name, attainment_by, "attainment", regions=attainment_regions)


tab_data(opened_tab(labels, KEY)).prefetch()  # on the other core while the tiles compute

total = cached(attainment_by, ctx.lake, view).row(0, named=True)
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


def draw_tab(name: str, tab: Any) -> None:
    with tab:
        if name == "month":
            monthly = tab_data(name).result()
            monthly_vs_target(ctx, monthly, "revenue", "quota", "attainment", "att_monthly")
            table(ctx, monthly, "attainment_by_month")
        elif name == "region":  # the regions, drilled down to reps, customers and lines
            regions = tab_data(name).result()
            drill_section(ctx, ATTAINMENT_DRILL, "attainment", title=False, regions=regions)
        else:
            frame = chart_order(tab_data(name).result(), "attainment")
            shown, label = charted(frame, name, ctx.language)
            figure = metric_figure(ctx, shown, label, "attainment", time_progress=progress)
            chart(figure, f"att_{name}")
            table(ctx, frame, f"attainment_by_{name}")


tabs_fragment(ctx, labels, KEY, draw_tab)

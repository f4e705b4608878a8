"""费用 Expenses: what selling costs against revenue and against budget."""

from typing import Any

import streamlit as st

from sales_dash.engine.options import charted
from sales_dash.sections.drill import DrillSpec, keyed_level
from sales_dash.sections.expenses import expense_by
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

DRILL = DrillSpec("expense", "expense_ratio")
KEY = "expenses_tab"

ctx = page("page_expenses")
view = ctx.view
labels = region_rep_labels(ctx, with_year=True)
# the open tab's data, on the other core while the tiles compute
year_tab_section(ctx, opened_tab(labels, KEY), expense_by, "expense").prefetch()

total = cached(expense_by, ctx.lake, view).row(0, named=True)
value_tiles(
    ctx,
    total,
    (
        "expense",
        "expense_ratio",
        "expense_budget",
        "budget_usage",
        "visits",
        "expense_per_visit",
    ),
)
if not view.filters.visits_apply:
    st.info(ctx.t("no_visits_with_filter"), icon=":material/info:")


def draw_tab(name: str, tab: Any) -> None:
    opened = year_tab_section(ctx, name, expense_by, "expense")
    with tab:
        if name == "month":
            monthly = opened.result()
            monthly_vs_target(
                ctx, monthly, "expense", "expense_budget", "budget_usage", "expense_monthly"
            )
            table(ctx, monthly, "expense_by_month")
            return
        frame = chart_order(opened.result(), "expense_ratio")
        shown, label = charted(frame, name, ctx.language)
        if name == "region":  # the page's one view of the regions, drilled down to lines
            regions = keyed_level(frame, name, DRILL)
            drill_section(ctx, DRILL, "expenses", title=False, regions=regions)
            with st.columns(2)[0]:  # budget used: the table's column, charted as by rep
                chart(metric_figure(ctx, shown, label, "budget_usage"), f"usage_{name}")
            return
        left, right = st.columns(2)
        with left:
            chart(metric_figure(ctx, shown, label, "expense_ratio"), f"ratio_{name}")
        with right:
            chart(metric_figure(ctx, shown, label, "budget_usage"), f"usage_{name}")
        table(ctx, frame, f"expense_by_{name}")


tabs_fragment(ctx, labels, KEY, draw_tab)

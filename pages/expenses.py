"""费用 Expenses: what selling costs against revenue and against budget."""

import streamlit as st

from sales_dash.engine.options import charted
from sales_dash.sections.drill import DrillSpec, keyed_level
from sales_dash.sections.expenses import expense_by
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

DRILL = DrillSpec("expense", "expense_ratio")

ctx = page("page_expenses")
view = ctx.view
tiles, name, tab, opened = tiles_then_year_tabs(ctx, "expenses_tab", expense_by, "expense")

total = cached(expense_by, ctx.lake, view).row(0, named=True)
with tiles:
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

with tab:
    if name == "month":
        monthly = opened.result()
        monthly_vs_target(
            ctx, monthly, "expense", "expense_budget", "budget_usage", "expense_monthly"
        )
        table(ctx, monthly, "expense_by_month")
    else:
        frame = chart_order(opened.result(), "expense_ratio")
        if name == "region":  # the page's one view of the regions, drilled down to lines
            regions = keyed_level(frame, name, DRILL)
            drill_section(ctx, DRILL, "expenses", title=False, regions=regions)
            shown, label = charted(frame, name, ctx.language)
            with st.columns(2)[0]:  # budget used: the table's column, charted as by rep
                chart(metric_figure(ctx, shown, label, "budget_usage"), f"usage_{name}")
        else:
            shown, label = charted(frame, name, ctx.language)
            left, right = st.columns(2)
            with left:
                chart(metric_figure(ctx, shown, label, "expense_ratio"), f"ratio_{name}")
            with right:
                chart(metric_figure(ctx, shown, label, "budget_usage"), f"usage_{name}")
            table(ctx, frame, f"expense_by_{name}")

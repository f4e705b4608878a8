"""费用 Expenses: what selling costs against revenue and against budget."""

import streamlit as st

from sales_dash.drilldown import DrillSpec
from sales_dash.options import with_rep_label
from sales_dash.performance import expense_section
from sales_dash.ui.data import cached
from sales_dash.ui.drill import drill_section
from sales_dash.ui.tables import table
from sales_dash.ui.widgets import chart, metric_figure, monthly_vs_target, page, value_tiles

ctx = page("page_expenses")
view = ctx.view
data = cached(expense_section, ctx.lake, view)
total = data.total.row(0, named=True)
value_tiles(
    ctx,
    {
        name: total[name]
        for name in (
            "expense",
            "expense_ratio",
            "expense_budget",
            "budget_usage",
            "visits",
            "expense_per_visit",
        )
    },
)
if not view.filters.visits_apply:
    st.info(ctx.t("no_visits_with_filter"), icon=":material/info:")

by_region, by_rep, monthly = st.tabs(
    [ctx.t("by_region"), ctx.t("by_rep"), ctx.t("monthly_year", year=view.as_of.year)]
)
for tab, frame, label, name in (
    (by_region, data.by_region, "region", "region"),
    (by_rep, with_rep_label(data.by_rep), "label", "rep"),
):
    with tab:
        left, right = st.columns(2)
        with left:
            chart(metric_figure(ctx, frame, label, "expense_ratio"), f"ratio_{name}")
        with right:
            chart(metric_figure(ctx, frame, label, "budget_usage"), f"usage_{name}")
        table(ctx, frame.drop("label", strict=False), f"expense_by_{name}")
with monthly:
    monthly_vs_target(
        ctx, data.monthly, "expense", "expense_budget", "budget_usage", "expense_monthly"
    )
    table(ctx, data.monthly, "expense_by_month")

drill_section(ctx, DrillSpec("expense", "expense_ratio"), "expenses")

"""毛利 Margin: where the gross profit comes from, and the discounts that eat it."""

from typing import Any

import polars as pl
import streamlit as st

from sales_dash import charts
from sales_dash.engine.options import charted
from sales_dash.engine.unknowns import none_known
from sales_dash.sections.drill import DrillSpec
from sales_dash.sections.margin import discount_section, margin_section
from sales_dash.sections.metric import view_metric
from sales_dash.ui.data import Section, cached, section
from sales_dash.ui.drill import drill_section, prefetch_drill
from sales_dash.ui.tables import table
from sales_dash.ui.tabs import opened_tab, tabs_fragment
from sales_dash.ui.widgets import chart, chart_order, metric_figure, page, value_tiles

DRILL = DrillSpec("margin", "gross_margin")
GROUPING = {"by_category": "category", "by_product": "product", "by_rep": "rep"}

KEY = "margin_tab"

ctx = page("page_margin")
prefetch_drill(ctx, DRILL)
labels = {name: ctx.t(name) for name in (*GROUPING, "by_customer")}


def tab_data(name: str) -> Section[pl.DataFrame]:
    """The tab ``name``'s margin by its grouping: prefetched below, shown in the tab."""
    return section(view_metric, ctx.lake, "margin", ctx.view, GROUPING.get(name, "customer"))


tab_data(opened_tab(labels, KEY)).prefetch()
discount_lists = section(discount_section, ctx.lake, ctx.view).prefetch()

data = cached(margin_section, ctx.lake, ctx.view)
total = data.total.row(0, named=True)
over = data.over_authority.row(0, named=True)
value_tiles(
    ctx,
    {
        "revenue": total["revenue"],
        "gross_profit": total["gross_profit"],
        "gross_margin": total["gross_margin"],
        "over_lines": over["lines"],
        "over_revenue": over["revenue"],
        "cost_coverage": total["cost_coverage"],
        "discount_coverage": over["discount_coverage"],
    },
)


def draw_tab(name: str, tab: Any) -> None:
    by = GROUPING.get(name, "customer")
    frame = tab_data(name).result()
    with tab:
        if by != "customer":
            frame = chart_order(frame, "gross_margin")  # the table lists as the margin chart
            shown, label = charted(frame, by, ctx.language)
            left, right = st.columns(2)
            with left:
                figure = metric_figure(
                    ctx, shown, label, "gross_margin", title=ctx.t("gross_margin")
                )
                chart(figure, f"margin_{name}")
            with right:
                figure = metric_figure(
                    ctx, shown, label, "gross_profit", title=ctx.t("gross_profit")
                )
                chart(figure, f"profit_{name}")
            table(ctx, frame, f"margin_{name}")
            return
        scatter = charts.customer_scatter(
            frame,
            ctx.language,
            title=ctx.t("scatter_title"),
            revenue_name=ctx.t("revenue"),
            margin_name=ctx.t("gross_margin"),
            average=total["gross_margin"],
            average_name=ctx.t("overall"),
        )
        chart(scatter, "margin_scatter")
        table(ctx, frame, "margin_by_customer", height=400)


tabs_fragment(ctx, labels, KEY, draw_tab)

discounts = discount_lists.result()
st.subheader(ctx.t("discounts_title"))
left, right = st.columns([2, 3])
with left:
    figure = charts.discount_histogram(
        discounts.discounts,
        discounts.discount_limit,
        lines_name=ctx.t("lines"),
        limit_name=ctx.t("discount_limit"),
        axis_name=ctx.t("discount_rate"),
    )
    chart(figure, "margin_discounts")
with right:
    st.markdown(ctx.t("over_authority_list", limit=f"{discounts.discount_limit:.0%}"))
    # no line carries its discount: the list is unknown, not empty
    unknown = none_known(data.over_authority, "discount_coverage")
    empty = ctx.t("unknown_no_discounts") if unknown else None
    table(ctx, discounts.over_authority_lines, "over_authority", height=340, empty=empty)

drill_section(ctx, DRILL, "margin")

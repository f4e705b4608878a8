"""客户 Customers: ABC classes, top and new customers, retention, dormant to win back."""

from typing import Any

import streamlit as st

from sales_dash import charts
from sales_dash.engine.unknowns import none_known
from sales_dash.i18n import format_money
from sales_dash.sections.customers import customer_section
from sales_dash.sections.drill import DrillSpec
from sales_dash.ui.data import cached
from sales_dash.ui.drill import drill_section, prefetch_drill
from sales_dash.ui.tables import table
from sales_dash.ui.tabs import tabs_fragment
from sales_dash.ui.widgets import chart, chart_order, metric_figure, page, value_tiles

DRILL = DrillSpec("margin", "revenue")
KEY = "customers_tab"

ctx = page("page_customers")
prefetch_drill(ctx, DRILL)
data = cached(customer_section, ctx.lake, ctx.view)
activity = data.activity.row(0, named=True)
counts = dict(zip(data.classes["abc_class"], data.classes["customers"], strict=True))
value_tiles(
    ctx,
    {
        "active_customers": counts["A"] + counts["B"] + counts["C"],
        "new_customers": activity["new_customers"],
        "retention_rate": activity["retention_rate"],
        "dormant_customers": counts["D"],
        "customer_coverage": activity["customer_coverage"],
    },
)
if data.without_customer:  # how much revenue the customer metrics leave out
    amount = format_money(data.without_customer, ctx.language)
    st.caption(f":material/info: {ctx.t('customers_left_out', amount=amount)}")

left, right = st.columns([2, 3])
with left:
    figure = charts.class_bars(
        data.classes,
        title=ctx.t("abc_title"),
        count_name=ctx.t("customers"),
        share_name=ctx.t("revenue_share"),
    )
    chart(figure, "abc_classes")
    st.caption(ctx.t("abc_caption"))
with right:
    retention = chart_order(
        data.retention_by_region.select("region", "new_customers", "retention_rate"),
        "retention_rate",
    )
    figure = metric_figure(
        ctx, retention, "region", "retention_rate", title=ctx.t("retention_title")
    )
    chart(figure, "retention")
    table(ctx, retention, "retention_by_region")

# no line names its customer: the lists are unknown, not empty
empty = ctx.t("unknown_no_customers") if none_known(data.activity, "customer_coverage") else None
LISTS = {"top": "top_customers", "new": "new_list", "dormant": "dormant_list"}


def draw_list(name: str, tab: Any) -> None:
    """The open tab's list: drawn alone, the other two neither sent nor drawn (issue 15)."""
    with tab:
        if name == "dormant":
            st.caption(ctx.t("dormant_caption"))
        frame = getattr(data, name)  # the section's list of that name
        height = "auto" if name == "top" else 360
        table(ctx, frame, f"{name}_customers", height=height, empty=empty)


tabs_fragment(ctx, {name: ctx.t(label) for name, label in LISTS.items()}, KEY, draw_list)

drill_section(ctx, DRILL, "customers")

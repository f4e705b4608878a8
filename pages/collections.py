"""回款 Collections: who pays what falls due, and the receivables that are late."""

import streamlit as st

from sales_dash import charts
from sales_dash.drilldown import DrillSpec
from sales_dash.options import charted
from sales_dash.profitability import collection_section
from sales_dash.sections import view_metric
from sales_dash.ui.data import cached, prefetch
from sales_dash.ui.drill import drill_section, prefetch_drill
from sales_dash.ui.tables import table
from sales_dash.ui.widgets import chart, metric_figure, page, region_rep_tabs, value_tiles
from sales_dash.unknowns import none_known

BUCKETS = ("not_due", "d1_30", "d31_60", "d61_90", "d90_plus")

DRILL = DrillSpec("collection", "collection_rate")

ctx = page("page_collections")
prefetch_drill(ctx, DRILL)
tiles = st.container()  # filled once the section is in; the open tab is known first
name, tab = region_rep_tabs(ctx, "collections_tab")
prefetch(view_metric, ctx.lake, "collection", ctx.view, name)

data = cached(collection_section, ctx.lake, ctx.view)
total = data.total.row(0, named=True)
with tiles:
    value_tiles(
        ctx, total, ("due_amount", "collected", "collection_rate", "outstanding", "d90_plus")
    )

with tab:
    frame = cached(view_metric, ctx.lake, "collection", ctx.view, name)
    shown, label = charted(frame, name, ctx.language)
    left, right = st.columns(2)
    with left:
        chart(metric_figure(ctx, shown, label, "collection_rate"), f"collection_{name}")
    with right:
        aging = charts.stacked_money(
            shown,
            label,
            BUCKETS,
            [ctx.t(b) for b in BUCKETS],
            ctx.language,
            title=ctx.t("aging_title", as_of=ctx.view.as_of),
            colours=[charts.AGING_COLOURS[b] for b in BUCKETS],
        )
        chart(aging, f"aging_{name}")
    table(ctx, frame, f"collection_by_{name}")

st.subheader(ctx.t("top_overdue_title", as_of=ctx.view.as_of))
# no payment data: the list is unknown, not empty
unknown = none_known(data.total, "receivable_coverage")
empty = ctx.t("unknown_no_payments") if unknown else ctx.t("no_overdue")
table(ctx, data.top_overdue, "top_overdue", empty=empty)

drill_section(ctx, DRILL, "collections")

"""市场 Market share: our share of each market, its trend, and where it moves."""

import streamlit as st

from sales_dash import charts
from sales_dash.drilldown import DrillSpec, keyed_level
from sales_dash.performance import market_section, market_shares
from sales_dash.ui.data import cached, prefetch
from sales_dash.ui.drill import drill_section
from sales_dash.ui.tables import table
from sales_dash.ui.widgets import chart, metric_figure, page, value_tiles

DRILL = DrillSpec("market_share", "market_share")
BREAKDOWNS = ("region", "category")

ctx = page("page_market")
view = ctx.view
for name in BREAKDOWNS:  # computed beside the tiles and the trend, in drawing order
    prefetch(market_shares, ctx.lake, view, name)
data = cached(market_section, ctx.lake, view)
total = data.total.row(0, named=True)
value_tiles(ctx, total, ("revenue", "market_size", "market_share"))

trend = charts.market_trend(
    data.monthly,
    ctx.language,
    title=ctx.t("market_trend_title"),
    revenue_name=ctx.t("revenue"),
    market_name=ctx.t("market_size"),
    share_name=ctx.t("market_share"),
)
chart(trend, "market_trend")

against = ctx.t(f"vs_{view.comparison}")
for name in BREAKDOWNS:
    frame = cached(market_shares, ctx.lake, view, name)
    st.subheader(ctx.t(f"share_by_{name}"))
    movers = charts.change_bars(
        frame, name, "share_change", title=ctx.t("share_change_title", against=against)
    )
    if name == "region":  # the page's one view of the regions, drilled down to lines
        drill_section(ctx, DRILL, "market", title=False, regions=keyed_level(frame, name, DRILL))
        with st.columns(2)[0]:  # the size it has beside the categories' shares
            chart(movers, f"share_change_{name}")
        continue
    left, right = st.columns(2)
    with left:
        chart(metric_figure(ctx, frame, name, "market_share"), f"share_{name}")
    with right:
        chart(movers, f"share_change_{name}")
    table(ctx, frame, f"market_by_{name}")

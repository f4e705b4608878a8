"""市场 Market share: our share of each market, its trend, and where it moves."""

import streamlit as st

from sales_dash import charts
from sales_dash.sections.drill import DrillSpec, keyed_level
from sales_dash.sections.market import market_section, market_shares
from sales_dash.ui.data import cached, section
from sales_dash.ui.drill import drill_section
from sales_dash.ui.tables import table
from sales_dash.ui.widgets import chart, chart_order, metric_figure, page, trend_title, value_tiles

DRILL = DrillSpec("market_share", "market_share")
BREAKDOWNS = ("region", "category")

ctx = page("page_market")
view = ctx.view
# computed beside the tiles and the trend, in drawing order
shares = {name: section(market_shares, ctx.lake, view, name).prefetch() for name in BREAKDOWNS}
data = cached(market_section, ctx.lake, view)
total = data.total.row(0, named=True)
value_tiles(ctx, total, ("revenue", "market_size", "market_share"))

trend = charts.market_trend(
    data.monthly,
    ctx.language,
    title=trend_title(ctx, "market_trend_title_span", data.monthly),
    revenue_name=ctx.t("revenue"),
    market_name=ctx.t("market_size"),
    share_name=ctx.t("market_share"),
)
chart(trend, "market_trend")

against = ctx.t(f"vs_{view.comparison}")
for name in BREAKDOWNS:
    frame = chart_order(shares[name].result(), "market_share")
    st.subheader(ctx.t(f"share_by_{name}"))
    movers = charts.change_bars(
        frame,
        name,
        "share_change",
        title=ctx.t("share_change_title", against=against),
        language=ctx.language,
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

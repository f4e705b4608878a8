"""回款 Collections: who pays what falls due, and the receivables that are late."""

from typing import Any

import polars as pl
import streamlit as st

from sales_dash import charts
from sales_dash.engine.options import charted, name_and_id
from sales_dash.engine.unknowns import none_known
from sales_dash.sections.collections import (
    LEDGER_SHOWN,
    aging_at,
    collection_basis,
    collection_section,
    collections_by,
    customer_ledger,
    latest_ledger,
    monthly_collections,
)
from sales_dash.sections.drill import DrillSpec, keyed_level
from sales_dash.settings import setting
from sales_dash.ui.data import Section, cached, section
from sales_dash.ui.drill import drill_section
from sales_dash.ui.fragments import on_demand, on_demand_section
from sales_dash.ui.tables import table
from sales_dash.ui.tabs import opened_tab, tabs_fragment
from sales_dash.ui.widgets import (
    chart,
    chart_order,
    frame_notes,
    metric_figure,
    monthly_vs_target,
    page,
    region_rep_labels,
    trend_title,
    value_tiles,
)

BUCKETS = ("not_due", "d1_30", "d31_60", "d61_90", "d90_plus")

DRILL = DrillSpec("collection", "collection_rate", last="ledger")

KEY = "collections_tab"
AGING_KEY = "aging_open"
LEDGER_KEY = "ledger_open"
"""The sections drawn only while open (``sales_dash.ui.fragments.on_demand``)."""

ctx = page("page_collections")
labels = region_rep_labels(ctx)


def tab_data(name: str) -> Section[pl.DataFrame]:
    """The tab ``name``'s collections by region or rep: prefetched below, shown in the tab."""
    return section(collections_by, ctx.lake, ctx.view, name)


tab_data(opened_tab(labels, KEY)).prefetch()

data = cached(collection_section, ctx.lake, ctx.view)
total = data.total.row(0, named=True)
value_tiles(ctx, total, ("due_amount", "collected", "collection_rate", "outstanding", "d90_plus"))
st.caption(cached(collection_basis, ctx.lake, ctx.view, ctx.language))
# no payment data: the list is unknown, not empty
unknown = none_known(data.total, "receivable_coverage")
empty = ctx.t("unknown_no_payments") if unknown else ctx.t("no_overdue")
# branch collections (issue 16): aging at any date, month-end trends, a customer's ledger
monthly = section(monthly_collections, ctx.lake, ctx.view).prefetch()
accounts = data.top_overdue.select("customer_id", label=name_and_id("customer_name", "customer_id"))
account_labels = dict(accounts.iter_rows())
# the account the ledger's picker below will show (its kept choice, else the first): read
# on a prefetch thread while the tabs and the trend are drawn (branch recv, issue 15)
kept_choice = st.session_state.get("ledger_customer")
chosen = kept_choice if kept_choice in account_labels else next(iter(account_labels), None)
as_of, language = ctx.view.as_of, ctx.language
if chosen is not None and st.session_state.get(LEDGER_KEY):  # drawn only while open
    section(latest_ledger, ctx.lake, chosen, as_of, language, LEDGER_SHOWN).prefetch()


def draw_tab(name: str, tab: Any) -> None:
    """The open tab: its grouping's collections, then the aging at any date by it."""
    with tab:
        frame = chart_order(tab_data(name).result(), "collection_rate")
        if name == "region":  # the page's one view of the regions, drilled down to a ledger
            regions = keyed_level(frame, name, DRILL)
            drill_section(ctx, DRILL, "collections", title=False, regions=regions)
        else:
            shown, label = charted(frame, name, ctx.language)
            chart(metric_figure(ctx, shown, label, "collection_rate"), f"collection_{name}")
            table(ctx, frame, f"collection_by_{name}")
        aging = on_demand(ctx.t("aging_at_title"), AGING_KEY)
        if aging is not None:
            with aging:
                draw_aging_at(name)


def draw_aging_at(name: str) -> None:
    """The receivables' aging by the tab's grouping at the date picked."""
    picked = st.date_input(
        ctx.t("aging_as_of"), value=ctx.view.as_of, key="aging_as_of", persist_state="session"
    )
    at = cached(aging_at, ctx.lake, ctx.view, picked, name)
    at_shown, at_label = charted(at, name, ctx.language)
    aging_then = charts.stacked_money(
        at_shown,
        at_label,
        BUCKETS,
        [ctx.t(b) for b in BUCKETS],
        ctx.language,
        title=ctx.t("aging_title", as_of=picked),
        colours=[charts.AGING_COLOURS[b] for b in BUCKETS],
        value_name=ctx.t("outstanding"),
    )
    chart(aging_then, f"aging_at_{name}")
    frame_notes(ctx, at)
    table(ctx, at.drop("receivable_coverage"), f"aging_at_{name}")


tabs_fragment(ctx, labels, KEY, draw_tab)

# not the tabs': a tab switch leaves it as drawn
st.subheader(ctx.t("top_overdue_title", as_of=ctx.view.as_of))
table(ctx, data.top_overdue, "top_overdue", empty=empty)

months = monthly.result()
st.subheader(trend_title(ctx, "monthly_collections_title_span", months))
monthly_vs_target(
    ctx,
    months,
    "cash_collected",
    "due_amount",
    "collection_rate",
    "cash_vs_due",
    title=ctx.t("cash_vs_due_title"),
)
left, right = st.columns(2)
for column, (days, target) in zip(
    (left, right),
    (("collection_days", "collection_days_target"), ("dso", "dso_target")),
    strict=True,
):
    with column:
        trend = charts.days_vs_target(
            months,
            "month",
            days,
            float(setting(target)),
            title=ctx.t(f"{days}_title"),
            value_name=ctx.t(days),
            target_name=ctx.t("target"),
        )
        chart(trend, f"{days}_trend")
table(ctx, months, "monthly_collections")


def draw_ledger() -> None:
    """A customer's ledger: one of the accounts above, its newest entries on screen."""
    if accounts.is_empty():
        st.info(empty if unknown else ctx.t("ledger_none"), icon=":material/search_off:")
        return
    chosen = st.selectbox(
        ctx.t("ledger_customer"),
        list(account_labels),
        format_func=account_labels.get,
        key="ledger_customer",
        placeholder=ctx.t("choose_option"),
        persist_state="session",
    )
    # the screen's latest entries; the whole account only for a download (branch ledger)
    ledger, entries = cached(latest_ledger, ctx.lake, chosen, as_of, language, LEDGER_SHOWN)
    # built when clicked, maybe after a write: of the data then (``Lake.held``)
    whole = (entries, lambda: cached(customer_ledger, ctx.lake.held(), chosen, as_of, language))
    table(ctx, ledger, "customer_ledger", height=420, whole=whole)


on_demand_section(ctx, ctx.t("ledger_title"), LEDGER_KEY, draw_ledger)

"""周例会 Weekly meeting: a screen-share page the presenter steps through, section by section."""

import dataclasses

import polars as pl
import streamlit as st

from sales_dash import charts
from sales_dash.engine.options import unassigned_as_label
from sales_dash.meeting_notes import load_notes
from sales_dash.pack.document import notes_by_section
from sales_dash.sections.drill import DrillSpec
from sales_dash.sections.meeting import SECTIONS, biggest_orders, headlines, meeting
from sales_dash.ui.data import cached
from sales_dash.ui.drill import drill_section
from sales_dash.ui.filters import check_url
from sales_dash.ui.meeting_screen import meeting_style, step_buttons, week_tiles
from sales_dash.ui.meeting_state import (
    controls_button,
    freeze_button,
    last_week_actions,
    meeting_state,
    notes_panel,
    presenting,
    scope_banner,
)
from sales_dash.ui.pack import pack_buttons
from sales_dash.ui.safe_text import escape_markdown
from sales_dash.ui.tables import big_table
from sales_dash.ui.widgets import chart, page

PACING = DrillSpec("attainment", "attainment")

st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
ctx = page("page_meeting", needs_orders=False, show_period=False)
# branch meetfit: one screen per section on a projector; the presenter may hide the controls
controls_hidden = presenting()
meeting_style(controls_hidden)
# branch meetstate: the link's freeze (a lake pinned at its version, its as-of), the
# scope every headline names, and the notes' key
state = meeting_state(ctx, ctx.view)
ctx = dataclasses.replace(ctx, lake=state.lake, view=state.view)
data = cached(meeting, ctx.lake, ctx.view)

check_url("section", ctx.t("section"), lambda v: v in {ctx.t(f"section_{s}") for s in SECTIONS})
with st.container(horizontal=True, vertical_alignment="center", key="meeting_bar"):
    section = st.segmented_control(
        ctx.t("section"),
        SECTIONS,
        default="headlines",
        required=True,
        format_func=lambda s: ctx.t(f"section_{s}"),
        key="section",
        bind="query-params",
        persist_state="session",
        label_visibility="collapsed",
    )
    step_buttons(ctx, SECTIONS)
with st.container(horizontal=True, vertical_alignment="center", key="meeting_scope"):
    scope_banner(ctx, state)
    if not controls_hidden:
        st.caption(ctx.t("meeting_caption", as_of=data.as_of, start=data.this_week.start))
    st.space("stretch")
    controls_button(ctx)
    if not controls_hidden:
        freeze_button(ctx, state)

with st.container(key="meeting_body"):  # the height the chrome leaves
    if section == "headlines":
        # the sentences name regions and reps from the data: literal text in the Markdown list
        lines = headlines(data, ctx.language, state.scope)
        said, carried = st.columns([5, 2])
        said.markdown("\n".join(f"- {escape_markdown(line)}" for line in lines))
        with carried:
            last_week_actions(ctx, state)
    elif section == "week":
        week_tiles(ctx, data.this_week, data.last_week)
        figure = charts.week_bars(
            data.week_by_region.with_columns(unassigned_as_label("region", ctx.language)),
            "region",
            "this_week",
            "last_week",
            ctx.language,
            this_name=ctx.t("this_week"),
            last_name=ctx.t("last_week"),
        )
        chart(figure, "meeting_week", stretch=True)
    elif section == "pacing":
        drill_section(ctx, PACING, "meeting", view=data.month_view, title=False, fit=True)
    elif section == "reps":
        best, worst = st.columns(2)
        for column, frame, key in (
            (best, data.top_reps, "top_reps"),
            (worst, data.bottom_reps, "bottom_reps"),
        ):
            with column:
                st.subheader(ctx.t(key))
                big_table(ctx, frame.select("rep_name", "revenue", "attainment", "pacing_gap"), key)
    elif section == "orders":
        orders = cached(biggest_orders, ctx.lake, ctx.view).select(
            "order_id",
            "order_date",
            "customer_name",
            "rep_name",
            "region",
            "revenue",
            "gross_profit",
        )
        big_table(ctx, orders, "biggest_orders", empty=ctx.t("no_orders_this_week"))
    else:
        # the collections page's overdue list (sections.collections.overdue_customers): who owns
        # the account, how much and how long, and when the customer last paid
        overdue = data.worst_overdue.select(
            pl.col("rep_name").fill_null(pl.col("rep_id")),  # a rep without a name: its id
            "customer_name",
            "overdue",
            "days_overdue",
            "last_receipt",
            "outstanding",
        )
        known = data.overdue_known  # no payment data: the list is unknown, not empty
        empty = ctx.t("no_overdue") if known else ctx.t("unknown_no_payments")
        big_table(ctx, overdue, "worst_overdue", empty=empty)

if not controls_hidden:
    with st.container(horizontal=True, key="meeting_footer"):
        notes_panel(ctx, state, section)
        # the same meeting as a PDF, slides or a web page, with this week's notes and actions
        pack_buttons(ctx, ctx.view, notes_by_section(load_notes(ctx.lake, state.key)))

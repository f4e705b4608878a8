"""The Upload page's dry run beyond its counts per month: the stored lines the file would
move to another region, rep, customer or month (how many, examples, and the checkbox
that accepts them), and what replace-months deletes per month and region, with its
scope. Values are the user's: table cells only (``sales_dash.ui.upload``)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from sales_dash.i18n import column_label
from sales_dash.ingest import MergePlan, Mode, ReplaceScope
from sales_dash.ingest.merge import MOVE_FIELDS
from sales_dash.ui.frame import Context
from sales_dash.ui.upload_report import text_cells

MOVES_SHOWN = 10


def choose_replace_scope(ctx: Context, mode: Mode, key: str) -> ReplaceScope:
    """What replace-months replaces: the file's months × regions (default) or whole months."""
    if mode is not Mode.REPLACE_MONTHS:
        return ReplaceScope.REGION
    scope = st.radio(
        ctx.t("upload_replace_scope"),
        list(ReplaceScope),
        format_func=lambda s: ctx.t(f"replace_scope_{s.value}"),
        key=f"scope-{key}",
    )
    return scope or ReplaceScope.REGION


def moves_frame(ctx: Context, plan: MergePlan) -> pl.DataFrame:
    """The moves as people read them: the line's key, the field by its name, stored → new."""
    key = [c for c in plan.moves.columns if c not in MOVE_FIELDS]
    labels = {c: column_label(c, ctx.language) for c in key}
    labels |= {f: ctx.t(f"moves_col_{f}") for f in MOVE_FIELDS}
    fields = {c: column_label(c, ctx.language) for c in plan.moves["column"].unique()}
    named = plan.moves.with_columns(pl.col("column").replace_strict(fields))
    return text_cells(named).rename(labels)


def moves_box(ctx: Context, plan: MergePlan) -> None:
    """The state of a file that would move stored lines: said in one box."""
    st.warning(ctx.t("upload_moves_title", lines=plan.moved_lines), icon=":material/move_item:")


def accept_moves(ctx: Context, plan: MergePlan, key: str) -> bool:
    """Examples of the moves and the checkbox that accepts them; True when there are none
    or the user accepted them."""
    if not plan.moved_lines:
        return True
    shown = plan.moves.head(MOVES_SHOWN)
    st.markdown(
        f"**{ctx.t('upload_moves_examples', count=plan.moves.height, shown=shown.height)}**"
    )
    st.dataframe(moves_frame(ctx, plan).head(MOVES_SHOWN), hide_index=True)
    return st.checkbox(ctx.t("upload_moves_accept", lines=plan.moved_lines), key=f"moves-{key}")


def deletions_panel(ctx: Context, plan: MergePlan, mode: Mode) -> None:
    """What replace-months deletes, per month and region (region unknown said so)."""
    if mode is not Mode.REPLACE_MONTHS:
        return
    scope = ctx.t(f"replace_scope_{plan.replace_scope.value}")
    deletions = plan.deletions.filter(pl.col("deleted") > 0)
    if deletions.is_empty():
        st.caption(ctx.t("deletions_none", scope=scope))
        return
    st.markdown(f"**{ctx.t('deletions_title', scope=scope)}**")
    shown = deletions.with_columns(pl.col("region").fill_null(ctx.t("region_unknown")))
    st.dataframe(
        shown.rename(
            {
                "month": ctx.t("plan_month"),
                "region": ctx.t("deletions_region"),
                "deleted": ctx.t("plan_deleted"),
            }
        ),
        hide_index=True,
    )

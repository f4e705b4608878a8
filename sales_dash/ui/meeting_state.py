"""The meeting page's state: its scope banner, the freeze carried by the link
(``?frozen=<id>``), and each section's notes and action items (``sales_dash.meeting_notes``).

Every user string (names from the data, notes, actions) is shown as plain text: escaped in
Markdown contexts, or in a dataframe cell / text area, which render none.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import polars as pl
import streamlit as st

from sales_dash.engine.options import filter_choices, rep_label
from sales_dash.freeze import Freeze, FreezeFailed, freeze, open_freeze
from sales_dash.lake import Lake
from sales_dash.meeting_notes import (
    DONE,
    OPEN,
    ActionItem,
    BadItem,
    MeetingKey,
    MeetingNotes,
    NotVisible,
    load_notes,
    save_notes,
)
from sales_dash.sections.meeting import scope_name
from sales_dash.ui.data import cached
from sales_dash.ui.frame import Context
from sales_dash.ui.safe_text import escape_markdown
from sales_dash.ui.toasts import toast_later
from sales_dash.view import View

FROZEN_PARAM = "frozen"
PRESENTING_PARAM = "present"
"""``?present=1``: the controls hidden, kept across reruns and in a copied link."""


@dataclass(frozen=True)
class MeetingState:
    lake: Lake
    """The lake the meeting reads: pinned at the freeze's version when frozen."""
    view: View
    frozen: Freeze | None
    key: MeetingKey
    scope: str | None
    """The headlines' name for the scope (None: the whole company)."""


def _rep_names(ctx: Context, lake: Lake) -> dict[str, str | None]:
    return dict(cached(filter_choices, lake).rep_names)


def meeting_state(ctx: Context, view: View) -> MeetingState:
    """The lake and view the meeting reads (the link's freeze, if any), its notes' key and
    its scope's name."""
    frozen = None
    wanted = st.query_params.get(FROZEN_PARAM)
    if wanted:
        frozen = open_freeze(ctx.lake, wanted)
        if frozen is None:
            st.warning(ctx.t("meeting_freeze_gone"), icon=":material/history:")
    lake = ctx.lake if frozen is None else frozen.lake(ctx.lake)
    if frozen is not None:
        view = dataclasses.replace(view, as_of=frozen.as_of)
    filters = view.filters
    key = MeetingKey.of(view.as_of, filters.regions, filters.reps, ctx.access)
    scope = scope_name(filters, ctx.access, ctx.language, _rep_names(ctx, lake))
    return MeetingState(lake, view, frozen, key, scope)


def _freeze(ctx: Context, as_of: dt.date) -> None:
    try:
        made = freeze(ctx.lake, as_of, user=ctx.access.user)
    except FreezeFailed:
        toast_later(ctx.t("meeting_freeze_busy"), ":material/hourglass:")
        return
    st.query_params[FROZEN_PARAM] = made.freeze_id


def _unfreeze() -> None:
    st.query_params.pop(FROZEN_PARAM, None)


def freeze_button(ctx: Context, state: MeetingState) -> None:
    """Freeze (or unfreeze) the meeting; the link then carries it."""
    if state.frozen is None:
        st.button(
            ctx.t("meeting_freeze"),
            icon=":material/ac_unit:",
            key="meeting_freeze",
            on_click=_freeze,
            args=(ctx, state.view.as_of),
            help=ctx.t("meeting_freeze_help"),
        )
    else:
        st.button(
            ctx.t("meeting_unfreeze"),
            icon=":material/play_arrow:",
            key="meeting_unfreeze",
            on_click=_unfreeze,
        )


def presenting() -> bool:
    """Whether the presenter has hidden the controls."""
    return st.query_params.get(PRESENTING_PARAM) == "1"


def _toggle_controls() -> None:
    if presenting():
        st.query_params.pop(PRESENTING_PARAM, None)
    else:
        st.query_params[PRESENTING_PARAM] = "1"


def controls_button(ctx: Context) -> None:
    """Hide (or show again) the sidebar, filters, toolbar and note editors; key H."""
    hidden = presenting()
    st.button(
        ctx.t("meeting_show_controls" if hidden else "meeting_hide_controls"),
        icon=":material/visibility:" if hidden else ":material/visibility_off:",
        key="meeting_controls",
        on_click=_toggle_controls,
        help=ctx.t("meeting_controls_help"),
        shortcut="H",
    )


def scope_banner(ctx: Context, state: MeetingState) -> None:
    """ "华东 · 本月 · 截至 11-28", and whether (since when) the numbers are frozen."""
    scope = state.scope or ctx.t("whole_team")
    if state.scope is not None and not state.view.filters.regions and not ctx.access.unrestricted:
        scope = ctx.t("meeting_scope_mine", scope=scope)  # their own regions, unfiltered
    parts = [
        escape_markdown(scope),
        ctx.t("preset_this_month"),
        ctx.t("meeting_as_of_short", date=f"{state.view.as_of:%m-%d}"),
    ]
    if state.frozen is not None:
        since = f"{state.frozen.frozen_at:%m-%d %H:%M} UTC"
        parts.append(ctx.t("meeting_frozen_since", version=state.frozen.version, time=since))
        st.warning(" · ".join(parts), icon=":material/ac_unit:")
    else:
        st.info(" · ".join(parts), icon=":material/filter_alt:")


def _owner_text(ctx: Context, owner: str, names: dict[str, str | None]) -> str:
    return rep_label(owner, names) if owner else ctx.t("action_nobody")


def _save(
    ctx: Context, state: MeetingState, notes: dict[str, str], items: list[ActionItem]
) -> bool:
    try:
        save_notes(ctx.lake, state.key, notes, items, user=ctx.access.user)
    except BadItem as refused:
        st.session_state["_notes_problem"] = refused.key
        return False
    return True


def _save_note(ctx: Context, state: MeetingState, section: str, widget: str) -> None:
    current = load_notes(ctx.lake, state.key)
    notes = {**current.notes, section: str(st.session_state.get(widget) or "")}
    if _save(ctx, state, notes, list(current.items)):
        st.session_state["_notes_saved"] = True


def _add_item(ctx: Context, state: MeetingState, section: str, prefix: str) -> None:
    current = load_notes(ctx.lake, state.key)
    due = st.session_state.get(f"{prefix}_due")
    item = ActionItem(
        what=str(st.session_state.get(f"{prefix}_what") or ""),
        owner=str(st.session_state.get(f"{prefix}_owner") or ""),
        due=due if isinstance(due, dt.date) else None,
        section=section,
    )
    if _save(ctx, state, dict(current.notes), [*current.items, item]):
        st.session_state[f"{prefix}_what"] = ""


def _set_status(ctx: Context, state: MeetingState, item_id: str, widget: str) -> None:
    current = load_notes(ctx.lake, state.key)
    status = DONE if st.session_state.get(widget) else OPEN
    items = [
        dataclasses.replace(i, status=status) if i.item_id == item_id else i for i in current.items
    ]
    _save(ctx, state, dict(current.notes), items)


def notes_panel(ctx: Context, state: MeetingState, section: str) -> None:
    """The section's note and action items, saved with the lake as they are entered."""
    try:
        saved = load_notes(ctx.lake, state.key)
    except NotVisible:
        st.caption(ctx.t("notes_not_visible"))
        return
    problem = st.session_state.pop("_notes_problem", None)
    if problem:
        st.warning(ctx.t(problem), icon=":material/edit_off:")
    if st.session_state.pop("_notes_saved", False):
        st.toast(ctx.t("note_saved"), icon=":material/check:")
    names = _rep_names(ctx, state.lake)
    prefix = f"notes_{state.key.folder_name}_{section}"
    with st.expander(ctx.t("notes_title"), icon=":material/edit_note:"):
        note_key = f"{prefix}_note"
        st.text_area(ctx.t("note_label"), value=saved.notes.get(section, ""), key=note_key)
        st.button(
            ctx.t("note_save"),
            key=f"{prefix}_save",
            on_click=_save_note,
            args=(ctx, state, section, note_key),
        )
        for item in saved.section_items(section):
            due = "—" if item.due is None else item.due.isoformat()
            label = f"{item.what} · {_owner_text(ctx, item.owner, names)} · {due}"
            widget = f"{prefix}_item_{item.item_id}"
            st.checkbox(
                escape_markdown(label),
                value=item.status == DONE,
                key=widget,
                on_change=_set_status,
                args=(ctx, state, item.item_id, widget),
            )
        with st.form(f"{prefix}_form", clear_on_submit=False, border=False):
            what_column, owner_column, due_column = st.columns([3, 2, 1.2])
            what_column.text_input(ctx.t("action_what"), key=f"{prefix}_what", max_chars=500)
            owner_column.selectbox(
                ctx.t("action_owner"),
                ["", *sorted(names)],
                format_func=lambda r: _owner_text(ctx, r, names),
                key=f"{prefix}_owner",
                placeholder=ctx.t("choose_option"),
            )
            due_column.date_input(ctx.t("action_due"), value=None, key=f"{prefix}_due")
            st.form_submit_button(
                ctx.t("action_add"), on_click=_add_item, args=(ctx, state, section, prefix)
            )


def items_frame(ctx: Context, notes: MeetingNotes, names: dict[str, str | None]) -> pl.DataFrame:
    """The items as a plain-text table: open ones first, then by due date."""
    rows = sorted(notes.items, key=lambda i: (i.status == DONE, i.due or dt.date.max))
    return pl.DataFrame(
        {
            ctx.t("action_what"): [i.what for i in rows],
            ctx.t("action_owner"): [_owner_text(ctx, i.owner, names) for i in rows],
            ctx.t("action_due"): [i.due for i in rows],
            ctx.t("action_status"): [
                ctx.t("action_done" if i.status == DONE else "action_open") for i in rows
            ],
        },
        schema={
            ctx.t("action_what"): pl.String,
            ctx.t("action_owner"): pl.String,
            ctx.t("action_due"): pl.Date,
            ctx.t("action_status"): pl.String,
        },
    )


def last_week_actions(ctx: Context, state: MeetingState) -> None:
    """上周待办: last week's items of the same scope, what was done and what is open."""
    try:
        last = load_notes(ctx.lake, state.key.previous)
    except NotVisible:
        return
    st.subheader(ctx.t("last_week_actions"))
    if not last.items:
        st.caption(ctx.t("last_week_none"))
        return
    st.caption(ctx.t("last_week_summary", done=len(last.done), open=len(last.open)))
    frame = items_frame(ctx, last, _rep_names(ctx, state.lake))
    st.dataframe(frame, hide_index=True, key="last_week_actions", placeholder="—")

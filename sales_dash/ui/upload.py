"""The Upload page's widgets: a panel per file (choices, mapping, preview, report, dry run,
confirm). Table, sheet, encoding and date order are ``sales_dash.ui.upload_choices``; the
open column choices and the whole mapping ``sales_dash.ui.upload_mapping``; the preview,
problems and counts ``sales_dash.ui.upload_report``; moves and deletions
``sales_dash.ui.upload_merge``; Confirm and what it did ``sales_dash.ui.upload_confirm``;
the history ``sales_dash.ui.upload_history``.

Reading a file is the slow part, so a prepared file is kept in the session, keyed by the
file and the choices made for it; the dry run is computed afresh, as the lake may change.

A panel is in one state at a time and says so in one box: rejected (the file as a
whole), checked with problems, ready to write, written, or nothing to change. File names,
headers and cells are the user's: they are shown only as plain text (``st.text``, table
cells), never inside Markdown, which would run ``[x](…)`` or ``:emoji:`` in them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from sales_dash.i18n import encoding_label, text
from sales_dash.ingest import Mode, PreparedUpload, RejectedUpload, plan_upload, prepare_upload
from sales_dash.ingest.mappings import find_mapping
from sales_dash.ingest.problems import describe
from sales_dash.settings import setting
from sales_dash.ui.frame import Context
from sales_dash.ui.upload_choices import (
    DATE_ORDER_PROBLEM,
    choose_date_format,
    choose_encoding,
    choose_sheet,
    choose_table,
    chosen_date_format,
    table_confidence,
)
from sales_dash.ui.upload_confirm import Writing, commit, show_outcome
from sales_dash.ui.upload_mapping import (
    CHOICE_REASONS,
    column_choices,
    mapping_editor,
    open_choices,
    remembered_note,
)
from sales_dash.ui.upload_merge import (
    accept_moves,
    choose_replace_scope,
    deletions_panel,
    moves_box,
)
from sales_dash.ui.upload_report import plan_table, preview, problem_names, problems_panel

PREPARED = "_upload_prepared"
KEPT_FILES = 6


@dataclass(frozen=True)
class Choices:
    """What the user chose for one file; None leaves it to detection."""

    table: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    overrides: tuple[tuple[str, str], ...] = ()
    date_format: str | None = None
    remembered: str | None = None
    """The id of the mapping remembered in the lake for the export, applied under the
    overrides (None: none applies)."""


def _prepared(ctx: Context, uploaded: UploadedFile, choices: Choices) -> PreparedUpload:
    """The file read and checked under ``choices``, from the session when already done."""
    cache: dict[tuple, PreparedUpload] = st.session_state.setdefault(PREPARED, {})
    key = (uploaded.file_id, choices)
    if key not in cache:
        while len(cache) >= KEPT_FILES:  # a large export is big in memory: keep the latest
            del cache[next(iter(cache))]
        with st.spinner(text("progress_check", ctx.language)):
            cache[key] = prepare_upload(
                uploaded.getvalue(),
                uploaded.name,
                choices.table,
                overrides=dict(choices.overrides) or None,
                sheet=choices.sheet,
                encoding=choices.encoding,
                date_format=choices.date_format,
                lake=ctx.lake if choices.remembered else None,
            )
    return cache[key]


def _forget(uploaded: UploadedFile) -> None:
    cache: dict[tuple, PreparedUpload] = st.session_state.get(PREPARED, {})
    for key in [k for k in cache if k[0] == uploaded.file_id]:
        del cache[key]


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.1f} KB"


def _read_info(ctx: Context, prepared: PreparedUpload) -> None:
    """How the file was read, in our words only (the sheet's name is in its selectbox)."""
    raw = prepared.raw
    if raw is None:
        return
    found = {
        "table": ctx.t(f"upload_table_{raw.table}"),
        "encoding": encoding_label(raw.encoding, ctx.language),
        "header_row": raw.header_row,
    }
    if prepared.data_rows == 0 and not prepared.ok:  # stopped at the header: rows not counted
        st.caption(ctx.t("upload_read_header", **found))
        return
    blank_or_total = prepared.skipped.filter(pl.col("reason") != "invalid").height
    st.caption(
        ctx.t("upload_read_summary", rows=prepared.data_rows, skipped=blank_or_total, **found)
    )
    if prepared.numbered_orders:
        st.caption(ctx.t("lines_numbered", orders=prepared.numbered_orders))


def file_panel(ctx: Context, uploaded: UploadedFile) -> None:
    """Everything about one dropped file, from what it holds to Confirm; never a traceback."""
    try:
        _file_panel(ctx, uploaded)
    except Exception as error:  # a bug must still reach the user as a sentence
        st.error(ctx.t("unexpected_error", detail=type(error).__name__), icon=":material/error:")


def _file_panel(ctx: Context, uploaded: UploadedFile) -> None:
    key = uploaded.file_id
    with st.container(border=True, key=f"file-{key}"):
        st.text(ctx.t("upload_file_info", name=uploaded.name, size=_size(uploaded.size)))
        if show_outcome(ctx, key):
            return
        prepared, writing = _choices(ctx, uploaded)
        _state(ctx, uploaded, prepared, writing)


def _writing(ctx: Context, key: str) -> Writing:
    mode = (
        st.radio(
            ctx.t("upload_mode"),
            list(Mode),
            format_func=lambda m: ctx.t(f"upload_mode_{m.value}"),
            key=f"mode-{key}",
        )
        or Mode.UPSERT
    )
    scope = choose_replace_scope(ctx, mode, key)
    return Writing(mode, scope, st.checkbox(ctx.t("upload_skip_invalid"), key=f"skip-{key}"))


def _choices(ctx: Context, uploaded: UploadedFile) -> tuple[PreparedUpload, Writing]:
    """The corrections to what was detected, and the file read under them: table, sheet,
    encoding, the open column choices (a remembered mapping fills them in), the mapping's
    edits and the date order."""
    key = uploaded.file_id
    sheet = choose_sheet(ctx, uploaded)  # the whole width: each sheet is said at length
    detected = _prepared(ctx, uploaded, Choices(sheet=sheet))
    left, middle, right = st.columns(3)
    with left:
        table = choose_table(ctx, detected, key)
        table_confidence(ctx, detected, table, key)
    with middle:
        encoding = choose_encoding(ctx, detected, key, sheets=sheet is not None)
    with right:
        writing = _writing(ctx, key)
    dates = st.container()
    read = Choices(table, encoding, sheet)
    base = (
        detected if read == Choices(detected.table, None, sheet) else _prepared(ctx, uploaded, read)
    )
    raw = base.raw
    remembered = find_mapping(ctx.lake, raw.table, raw.header.headers) if raw else None
    chosen = column_choices(ctx, base, remembered, key)
    mapped = replace(
        read,
        overrides=chosen,
        date_format=chosen_date_format(key),
        remembered=remembered.mapping_id if remembered else None,
    )
    prepared = _prepared(ctx, uploaded, mapped)
    _read_info(ctx, prepared)
    remembered_note(ctx, prepared)
    if prepared.raw is not None:
        expanded = bool(prepared.raw.header.problems or chosen or prepared.remembered)
        with st.expander(ctx.t("upload_mapping"), expanded=expanded):
            edits = mapping_editor(ctx, prepared, key)
        if edits:
            overrides = tuple(sorted({**dict(chosen), **dict(edits)}.items()))
            prepared = _prepared(ctx, uploaded, replace(mapped, overrides=overrides))
    with dates:
        choose_date_format(ctx, prepared, key)
    return prepared, writing


def _state(
    ctx: Context, uploaded: UploadedFile, prepared: PreparedUpload, writing: Writing
) -> None:
    """The one state the file is in, said in one box, with what belongs to it."""
    key = uploaded.file_id
    waiting = open_choices(prepared)
    if waiting:
        st.warning(ctx.t("upload_choose_first", count=waiting), icon=":material/rule:")
        rest = prepared.problems.filter(~pl.col("reason").is_in(list(CHOICE_REASONS)))
        if not rest.is_empty():
            problems_panel(ctx, prepared, key, rest)
        return
    if DATE_ORDER_PROBLEM in prepared.problems["reason"].to_list():
        st.warning(ctx.t("upload_choose_date_order"), icon=":material/event:")
        problems_panel(ctx, prepared, key)
        return
    if prepared.fatal:
        st.error(ctx.t("upload_blocked_fatal"), icon=":material/block:")
        problems_panel(ctx, prepared, key)
        return
    if not prepared.ok and not writing.skip:
        count = prepared.problems.height
        st.warning(ctx.t("upload_problems_title", count=count), icon=":material/warning:")
        problems_panel(ctx, prepared, key)
        preview(ctx, prepared)
        return
    if prepared.rows.is_empty():
        st.warning(ctx.t("upload_nothing_left"), icon=":material/warning:")
        problems_panel(ctx, prepared, key)
        return
    try:  # branch rls: a clerk's rows, and the stored rows they would change, in scope
        plan = plan_upload(ctx.lake, prepared, writing.mode, replace_scope=writing.scope)
    except RejectedUpload as refused:
        st.error(ctx.t("rejected_summary", count=refused.total), icon=":material/block:")
        for problem in refused.problems[:5]:
            st.text(describe(problem, ctx.language, problem_names(ctx, prepared)))
        return
    if not plan.changes_anything:
        st.info(ctx.t("noop", rows=plan.total("unchanged")), icon=":material/info:")
        return
    if plan.moved_lines:
        moves_box(ctx, plan)
    elif prepared.ok:
        st.info(ctx.t("upload_ready"), icon=":material/fact_check:")
    else:
        invalid = prepared.invalid_rows.height
        st.warning(ctx.t("upload_ready_skipping", rows=invalid), icon=":material/warning:")
    if not prepared.ok:
        problems_panel(ctx, prepared, key)
    preview(ctx, prepared)
    st.markdown(f"**{ctx.t('upload_plan')}**")
    st.dataframe(plan_table(ctx, plan.summary()), hide_index=True)
    deletions_panel(ctx, plan, writing.mode)
    moves = accept_moves(ctx, plan, key)
    confirm = st.button(
        ctx.t("upload_confirm"), type="primary", key=f"confirm-{key}", disabled=not moves
    )
    if confirm:
        commit(ctx, uploaded, prepared, writing, moves)
        _forget(uploaded)
        st.rerun()


def upload_limit() -> int:
    """The largest file the uploader takes, in MB (the upload_max_mb setting)."""
    return int(setting("upload_max_mb"))

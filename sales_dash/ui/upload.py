"""The Upload page's widgets: a panel per file (choices, mapping, preview, report, dry run,
confirm). The choices are ``sales_dash.ui.upload_choices``, the preview, problems and dry
run ``sales_dash.ui.upload_report``, the history ``sales_dash.ui.upload_history``.

Reading a file is the slow part, so a prepared file is kept in the session, keyed by the
file and the choices made for it; the dry run is computed afresh, as the lake may change.

A panel is in one state at a time and says so in one box: rejected (the file as a
whole), checked with problems, ready to write, written, or nothing to change. File names,
headers and cells are the user's: they are shown only as plain text (``st.text``, table
cells), never inside Markdown, which would run ``[x](…)`` or ``:emoji:`` in them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from sales_dash.i18n import encoding_label, text
from sales_dash.ingest import (
    Mode,
    PreparedUpload,
    RejectedUpload,
    commit_upload,
    plan_upload,
    prepare_upload,
)
from sales_dash.ingest.history import is_applied
from sales_dash.ingest.problems import describe
from sales_dash.ingest_report import local_time
from sales_dash.settings import setting
from sales_dash.ui.frame import Context
from sales_dash.ui.upload_choices import (
    choose_encoding,
    choose_sheet,
    choose_table,
    mapping_editor,
    table_confidence,
)
from sales_dash.ui.upload_report import plan_table, preview, problem_names, problems_panel

PREPARED = "_upload_prepared"
OUTCOME = "_upload_outcome"
KEPT_FILES = 6


@dataclass(frozen=True)
class Choices:
    """What the user chose for one file; None leaves it to detection."""

    table: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    overrides: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What the last Confirm of a file did: ``kind`` is the box (success, info, error),
    ``message`` our own sentence, ``details`` lines holding user strings (plain text)."""

    kind: str
    message: str
    details: tuple[str, ...] = ()
    upload_id: str | None = None
    """The upload written: its outcome stands while that upload is in effect."""


def _prepared(uploaded: UploadedFile, choices: Choices, language: str) -> PreparedUpload:
    """The file read and checked under ``choices``, from the session when already done."""
    cache: dict[tuple, PreparedUpload] = st.session_state.setdefault(PREPARED, {})
    key = (uploaded.file_id, choices)
    if key not in cache:
        while len(cache) >= KEPT_FILES:  # a large export is big in memory: keep the latest
            del cache[next(iter(cache))]
        with st.spinner(text("progress_check", language)):
            cache[key] = prepare_upload(
                uploaded.getvalue(),
                uploaded.name,
                choices.table,
                overrides=dict(choices.overrides) or None,
                sheet=choices.sheet,
                encoding=choices.encoding,
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
    blank_or_total = prepared.skipped.filter(pl.col("reason") != "invalid").height
    st.caption(
        ctx.t(
            "upload_read_summary",
            table=ctx.t(f"upload_table_{raw.table}"),
            encoding=encoding_label(raw.encoding, ctx.language),
            header_row=raw.header_row,
            rows=prepared.data_rows,
            skipped=blank_or_total,
        )
    )


# --- the states after Confirm


def _show(outcome: Outcome) -> None:
    icons = {"success": ":material/check_circle:", "info": ":material/info:"}
    getattr(st, outcome.kind)(outcome.message, icon=icons.get(outcome.kind, ":material/block:"))
    for line in outcome.details:
        st.text(line)


def _outcome(ctx: Context, key: str) -> bool:
    """Show what the last Confirm of this file did; True when that is all there is to show.

    A write stands while its upload is in effect (undone from the history, the file may
    be written again); a refusal or "nothing to change" is said once.
    """
    outcomes: dict[str, Outcome] = st.session_state.setdefault(OUTCOME, {})
    outcome = outcomes.get(key)
    if outcome is None:
        return False
    if outcome.upload_id is None:
        del outcomes[key]
    elif not is_applied(ctx.lake.manifest(), outcome.upload_id):
        del outcomes[key]
        return False
    _show(outcome)
    return True


def _same_as(ctx: Context, result: object) -> tuple[str, ...]:
    same = getattr(result, "same_as", None)
    if same is None:
        return ()
    moment = local_time(dt.datetime.fromisoformat(same.uploaded_at))
    return (ctx.t("upload_same_as", upload_id=same.upload_id, uploaded_at=moment, file=same.file),)


def _commit(
    ctx: Context, uploaded: UploadedFile, prepared: PreparedUpload, mode: Mode, skip: bool
) -> None:
    bar = st.progress(0.0, text=ctx.t("progress_read"))

    def progress(fraction: float, step: str) -> None:
        bar.progress(fraction, text=ctx.t(step))

    names = problem_names(ctx, prepared)
    try:
        result = commit_upload(ctx.lake, prepared, mode=mode, skip_invalid=skip, progress=progress)
    except RejectedUpload as rejected:
        lines = tuple(describe(p, ctx.language, names) for p in rejected.problems[:5])
        outcome = Outcome("error", ctx.t("rejected_summary", count=rejected.total), lines)
    else:
        if result.noop:
            outcome = Outcome("info", ctx.t("noop", rows=result.unchanged), _same_as(ctx, result))
        else:
            message = ctx.t(
                "upload_done",
                upload_id=result.upload_id,
                inserted=result.inserted,
                updated=result.updated,
                deleted=result.deleted,
                skipped=len(result.skipped),
            )
            outcome = Outcome("success", message, upload_id=result.upload_id)
    st.session_state.setdefault(OUTCOME, {})[uploaded.file_id] = outcome
    _forget(uploaded)
    st.rerun()


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
        if _outcome(ctx, key):
            return
        prepared, mode, skip = _choices(ctx, uploaded)
        _state(ctx, uploaded, prepared, mode, skip)


def _choices(ctx: Context, uploaded: UploadedFile) -> tuple[PreparedUpload, Mode, bool]:
    """The corrections to what was detected, and the file read under them."""
    key = uploaded.file_id
    left, middle, right = st.columns(3)
    with middle:
        sheet = choose_sheet(ctx, uploaded)
    detected = _prepared(uploaded, Choices(sheet=sheet), ctx.language)
    with left:
        table = choose_table(ctx, detected, key)
        table_confidence(ctx, detected)
    with middle:
        encoding = choose_encoding(ctx, detected, key)
    with right:
        mode = (
            st.radio(
                ctx.t("upload_mode"),
                list(Mode),
                format_func=lambda m: ctx.t(f"upload_mode_{m.value}"),
                key=f"mode-{key}",
            )
            or Mode.UPSERT
        )
        skip = st.checkbox(ctx.t("upload_skip_invalid"), key=f"skip-{key}")
    choices = Choices(table, encoding, sheet)
    same = choices == Choices(detected.table, None, sheet)
    prepared = detected if same else _prepared(uploaded, choices, ctx.language)
    _read_info(ctx, prepared)
    if prepared.raw is not None:
        with st.expander(ctx.t("upload_mapping"), expanded=bool(prepared.raw.header.problems)):
            overrides = mapping_editor(ctx, prepared, key)
        if overrides:
            prepared = _prepared(uploaded, Choices(table, encoding, sheet, overrides), ctx.language)
    return prepared, mode, skip


def _state(
    ctx: Context, uploaded: UploadedFile, prepared: PreparedUpload, mode: Mode, skip: bool
) -> None:
    """The one state the file is in, said in one box, with what belongs to it."""
    key = uploaded.file_id
    if prepared.fatal:
        st.error(ctx.t("upload_blocked_fatal"), icon=":material/block:")
        problems_panel(ctx, prepared, key)
        return
    if not prepared.ok and not skip:
        count = prepared.problems.height
        st.warning(ctx.t("upload_problems_title", count=count), icon=":material/warning:")
        problems_panel(ctx, prepared, key)
        preview(ctx, prepared)
        return
    if prepared.rows.is_empty():
        st.warning(ctx.t("upload_nothing_left"), icon=":material/warning:")
        problems_panel(ctx, prepared, key)
        return
    plan = plan_upload(ctx.lake, prepared, mode)
    if not plan.changes_anything:
        st.info(ctx.t("noop", rows=plan.total("unchanged")), icon=":material/info:")
        return
    if prepared.ok:
        st.info(ctx.t("upload_ready"), icon=":material/fact_check:")
    else:
        invalid = prepared.invalid_rows.height
        st.warning(ctx.t("upload_ready_skipping", rows=invalid), icon=":material/warning:")
        problems_panel(ctx, prepared, key)
    preview(ctx, prepared)
    st.markdown(f"**{ctx.t('upload_plan')}**")
    st.dataframe(plan_table(ctx, plan.summary()), hide_index=True)
    if st.button(ctx.t("upload_confirm"), type="primary", key=f"confirm-{key}"):
        _commit(ctx, uploaded, prepared, mode, skip)


def upload_limit() -> int:
    """The largest file the uploader takes, in MB (the upload_max_mb setting)."""
    return int(setting("upload_max_mb"))

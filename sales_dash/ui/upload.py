"""The Upload page's widgets: a panel per file (choices, mapping, preview, report, dry run,
confirm). The upload history is ``sales_dash.ui.upload_history``.

Reading a file is the slow part, so a prepared file is kept in the session, keyed by the
file and the choices made for it; the dry run is computed afresh, as the lake may change.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from sales_dash.i18n import NULL, text
from sales_dash.ingest import (
    Mode,
    PreparedUpload,
    RejectedUpload,
    commit_upload,
    plan_upload,
    prepare_upload,
)
from sales_dash.ingest.merge import COUNTS, NO_MONTH
from sales_dash.ingest.problems import ROW, describe, report_frame, to_problems
from sales_dash.schema import TABLES
from sales_dash.settings import setting
from sales_dash.ui.frame import Context
from sales_dash.ui.upload_choices import (
    choose_encoding,
    choose_sheet,
    choose_table,
    mapping_editor,
)

PREVIEW_ROWS = 20
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
    raw = prepared.raw
    if raw is None:
        return
    sheet = ctx.t("read_sheet", sheet=raw.sheet) if raw.sheet else ""
    blank_or_total = prepared.skipped.filter(pl.col("reason") != "invalid").height
    st.caption(
        ctx.t(
            "upload_read_info",
            table=ctx.t(f"upload_table_{raw.table}"),
            encoding=raw.encoding,
            header_row=raw.header_row,
            sheet=sheet,
            rows=prepared.data_rows,
            skipped=blank_or_total,
        )
    )


def _preview(ctx: Context, prepared: PreparedUpload) -> None:
    if prepared.rows.is_empty():
        return
    rows = prepared.rows.head(PREVIEW_ROWS)
    # dates as text so an empty one reads "—" like an empty text cell, not "None"
    rows = rows.with_columns(
        pl.col(pl.Date).dt.strftime("%Y-%m-%d"),
    ).with_columns(pl.col(pl.String).fill_null(NULL))
    labels = {
        name: st.column_config.Column(_column_label(ctx, prepared.table, name))
        for name in rows.columns
    }
    st.markdown(f"**{ctx.t('upload_preview', count=rows.height)}**")
    st.dataframe(rows, hide_index=True, column_config=labels)


def _column_label(ctx: Context, table: str | None, name: str) -> str:
    """A stored column as the user knows it: 订单号 (order_id) in zh, order_id in en."""
    if name == ROW:
        return ctx.t("report_row")
    if ctx.language != "zh" or table not in TABLES:
        return name
    synonyms = TABLES[table].column(name).synonyms
    return f"{synonyms[0]} ({name})" if synonyms else name


def report_csv(problems: pl.DataFrame, language: str) -> bytes:
    """The validation report as a CSV Excel opens with its Chinese intact (UTF-8 with BOM)."""
    return "\ufeff".encode() + report_frame(problems, language).write_csv().encode()


def _report(ctx: Context, prepared: PreparedUpload, key: str) -> None:
    count = prepared.problems.height
    if not count:
        st.success(ctx.t("upload_report_ok"), icon=":material/check_circle:")
        return
    limit = int(setting("upload_max_problems"))
    shown = prepared.problems.sort("row", "column").head(limit)
    if prepared.fatal and shown.height <= 3:
        for problem in to_problems(shown):
            st.error(describe(problem, ctx.language), icon=":material/block:")
    st.markdown(f"**{ctx.t('upload_report', count=count)}**")
    if count > limit:
        st.caption(ctx.t("upload_report_more", shown=limit, count=count))
    st.dataframe(report_frame(shown, ctx.language), hide_index=True)
    st.download_button(
        ctx.t("upload_download_report"),
        data=report_csv(shown, ctx.language),
        file_name=f"{prepared.file.rsplit('.', 1)[0]}-report.csv",
        mime="text/csv",
        key=f"report-{key}",
        icon=":material/download:",
    )


def plan_table(ctx: Context, summary: pl.DataFrame) -> pl.DataFrame:
    """The dry run per month with the page's language in its titles."""
    return summary.with_columns(pl.col("month").replace(NO_MONTH, ctx.t("plan_no_month"))).rename(
        {"month": ctx.t("plan_month"), **{c: ctx.t(f"plan_{c}") for c in COUNTS}}
    )


def _outcome(ctx: Context, key: str) -> None:
    """What the last Confirm of this file did, kept across the rerun that follows it."""
    outcome = st.session_state.get(OUTCOME, {}).pop(key, None)
    if outcome is None:
        return
    kind, message = outcome
    getattr(st, kind)(message)


def _commit(
    ctx: Context, uploaded: UploadedFile, prepared: PreparedUpload, mode: Mode, skip: bool
) -> None:
    bar = st.progress(0.0, text=ctx.t("progress_read"))

    def progress(fraction: float, step: str) -> None:
        bar.progress(fraction, text=ctx.t(step))

    try:
        result = commit_upload(ctx.lake, prepared, mode=mode, skip_invalid=skip, progress=progress)
    except RejectedUpload as rejected:
        lines = [describe(p, ctx.language) for p in rejected.problems[:5]]
        outcome = ("error", "\n\n".join([ctx.t("rejected_summary", count=rejected.total), *lines]))
    else:
        if result.noop:
            outcome = ("info", ctx.t("noop", rows=result.unchanged))
        else:
            outcome = (
                "success",
                ctx.t(
                    "upload_done",
                    upload_id=result.upload_id,
                    inserted=result.inserted,
                    updated=result.updated,
                    deleted=result.deleted,
                    skipped=len(result.skipped),
                ),
            )
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
    with st.container(border=True):
        st.markdown(f"#### {uploaded.name} · {_size(uploaded.size)}")
        _outcome(ctx, key)
        left, middle, right = st.columns(3)
        with middle:
            sheet = choose_sheet(ctx, uploaded)
        detected = _prepared(uploaded, Choices(sheet=sheet), ctx.language)
        with left:
            table = choose_table(ctx, detected, key)
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
                prepared = _prepared(
                    uploaded, Choices(table, encoding, sheet, overrides), ctx.language
                )
        if prepared.fatal:
            st.warning(ctx.t("upload_blocked_fatal"), icon=":material/block:")
        elif not prepared.ok and not skip:
            st.warning(ctx.t("upload_blocked"), icon=":material/warning:")
        _report(ctx, prepared, key)
        _preview(ctx, prepared)
        if prepared.fatal or (not prepared.ok and not skip) or prepared.rows.is_empty():
            return
        plan = plan_upload(ctx.lake, prepared, mode)
        st.markdown(f"**{ctx.t('upload_plan')}**")
        st.dataframe(plan_table(ctx, plan.summary()), hide_index=True)
        if not plan.changes_anything:
            st.info(ctx.t("noop", rows=plan.total("unchanged")), icon=":material/info:")
            return
        if st.button(ctx.t("upload_confirm"), type="primary", key=f"confirm-{key}"):
            _commit(ctx, uploaded, prepared, mode, skip)


def upload_limit() -> int:
    """The largest file the uploader takes, in MB (the upload_max_mb setting)."""
    return int(setting("upload_max_mb"))

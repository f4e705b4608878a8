"""The Upload page's history: the uploads so far, each with an Undo button while it is in
effect."""

from __future__ import annotations

import streamlit as st

from sales_dash.i18n import text
from sales_dash.ingest import UndoRefused, undo_upload, upload_history
from sales_dash.lake import Lake
from sales_dash.settings import setting
from sales_dash.ui.frame import Context

HISTORY_ROWS = 30
UNDO_MESSAGE = "_upload_undo_message"


def _undo(root: str, upload_id: str, language: str) -> None:
    """Undo button callback: runs before the page is drawn again, so the page shows it."""
    try:
        record = undo_upload(Lake(root), upload_id, lock_wait=float(setting("upload_lock_wait")))
    except UndoRefused as refused:
        st.session_state[UNDO_MESSAGE] = ("error", text(refused.key, language, **refused.values))
    else:
        message = text("undo_done", language, upload_id=record.upload_id, file=record.file)
        st.session_state[UNDO_MESSAGE] = ("success", message)


def history_panel(ctx: Context) -> None:
    """The uploads so far, newest first, each with an Undo button while it is in effect."""
    st.subheader(ctx.t("upload_history_title"))
    try:
        _history(ctx)
    except Exception as error:  # a bug must still reach the user as a sentence
        st.error(ctx.t("unexpected_error", detail=type(error).__name__), icon=":material/error:")


def _history(ctx: Context) -> None:
    message = st.session_state.pop(UNDO_MESSAGE, None)
    if message:
        getattr(st, message[0])(message[1])
    history = upload_history(ctx.lake)
    if history.is_empty():
        st.info(ctx.t("history_empty"), icon=":material/info:")
        return
    widths = [1.3, 3, 4, 2, 2, 4, 2, 2]
    titles = [
        "history_upload_id",
        "history_uploaded_at",
        "history_file",
        "history_table",
        "history_encoding",
        "upload_rows",
        "upload_state",
        "upload_undo",
    ]
    for column, title in zip(st.columns(widths), titles, strict=True):
        column.markdown(f"**{ctx.t(title)}**")
    for row in history.head(HISTORY_ROWS).iter_rows(named=True):
        cells = st.columns(widths, vertical_alignment="center")
        cells[0].write(row["upload_id"])
        cells[1].write(row["uploaded_at"].astimezone().strftime("%Y-%m-%d %H:%M"))
        cells[2].write(row["file"])
        cells[3].write(ctx.t(f"upload_table_{row['table']}"))
        cells[4].write(row["encoding"])
        cells[5].write(ctx.t("upload_rows_text", **row))
        state = "undone" if row["undone"] else "applied"
        cells[6].write(ctx.t(f"upload_state_{state}"))
        cells[7].button(
            ctx.t("upload_undo"),
            key=f"undo-{row['upload_id']}",
            disabled=row["undone"],
            on_click=_undo,
            args=(str(ctx.lake.root), row["upload_id"], ctx.language),
            icon=":material/undo:",
        )

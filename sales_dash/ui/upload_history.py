"""The Upload page's history: the uploads and undos so far, each with a button that undoes
it while it is in effect. The button only asks; a second click, in a box that says which
file, how many rows and which months change, does it. An undo is an entry too, so its
button puts the upload back (``sales_dash.ingest.history``)."""

from __future__ import annotations

import streamlit as st

from sales_dash.i18n import encoding_label, text
from sales_dash.ingest import UndoRefused, undo_upload, upload_history
from sales_dash.ingest.history import UploadRecord, check_undo
from sales_dash.lake import Lake
from sales_dash.settings import setting
from sales_dash.ui.data import session_access
from sales_dash.ui.frame import Context

HISTORY_ROWS = 30
UNDO_MESSAGE = "_upload_undo_message"
UNDO_ASKED = "_upload_undo_asked"


def undo_depth(undoes: dict[str, str | None], entry: str) -> tuple[int, str]:
    """How many undos deep ``entry`` is (0: an upload, 1: its undo, 2: the undo of that
    undo ...) and the upload at the start of the chain."""
    depth = 0
    while (target := undoes.get(entry)) is not None:
        depth, entry = depth + 1, target
    return depth, entry


def _ask(upload_id: str) -> None:
    st.session_state[UNDO_ASKED] = upload_id


def _cancel() -> None:
    st.session_state.pop(UNDO_ASKED, None)


def _undo(root: str, upload_id: str, language: str, user: str = "") -> None:
    """Confirm callback: runs before the page is drawn again, so the page shows it."""
    st.session_state.pop(UNDO_ASKED, None)
    lake = Lake(root, session_access())  # an entry outside the user's scope is unknown
    try:
        record = undo_upload(
            lake, upload_id, lock_wait=float(setting("upload_lock_wait")), user=user
        )
    except UndoRefused as refused:
        st.session_state[UNDO_MESSAGE] = ("error", text(refused.key, language, **refused.values))
        return
    undoes = dict(upload_history(lake).select("upload_id", "undoes").iter_rows())
    depth, upload = undo_depth(undoes, record.upload_id)
    key = "upload_undone_page" if depth % 2 else "upload_redone_page"
    message = text(key, language, upload_id=upload, undo_id=record.upload_id)
    st.session_state[UNDO_MESSAGE] = ("success", message)


def history_panel(ctx: Context) -> None:
    """The entries so far, newest first, each with its undo button while it is in effect."""
    st.subheader(ctx.t("upload_history_title"))
    try:
        _history(ctx)
    except Exception as error:  # a bug must still reach the user as a sentence
        st.error(ctx.t("unexpected_error", detail=type(error).__name__), icon=":material/error:")


# sized for the titles and the undo button at 1280 px wide, in both languages
WIDTHS = [1.4, 2.8, 2.2, 3.0, 1.8, 2.6, 2.8, 1.8, 1.9, 3.2]
TITLES = [
    "history_upload_id",
    "history_uploaded_at",
    "upload_action",
    "history_file",
    "history_table",
    "history_encoding",
    "upload_rows",
    "upload_state",
    "history_user",
    "upload_undo",
]


def _history(ctx: Context) -> None:
    message = st.session_state.pop(UNDO_MESSAGE, None)
    if message:
        icon = ":material/check_circle:" if message[0] == "success" else ":material/block:"
        getattr(st, message[0])(message[1], icon=icon)
    history = upload_history(ctx.lake)
    if history.is_empty():
        st.info(ctx.t("history_empty"), icon=":material/info:")
        return
    undoes = dict(history.select("upload_id", "undoes").iter_rows())
    asked = st.session_state.get(UNDO_ASKED)
    for column, title in zip(st.columns(WIDTHS), TITLES, strict=True):
        column.markdown(f"**{ctx.t(title)}**")
    for row in history.head(HISTORY_ROWS).iter_rows(named=True):
        _row(ctx, row, undoes)
        if row["upload_id"] == asked:
            _confirm(ctx, row["upload_id"], undoes)


def _action(ctx: Context, depth: int, upload: str) -> str:
    if depth == 0:
        return ctx.t("upload_action_upload")
    return ctx.t("upload_action_undo" if depth % 2 else "upload_action_redo", target=upload)


def _row(ctx: Context, row: dict, undoes: dict[str, str | None]) -> None:
    """One entry; every cell is plain text (the file name is the user's)."""
    depth, upload = undo_depth(undoes, row["upload_id"])
    cells = st.columns(WIDTHS, vertical_alignment="center")
    cells[0].text(row["upload_id"])
    cells[1].text(row["uploaded_at"].astimezone().strftime("%Y-%m-%d %H:%M"))
    cells[2].text(_action(ctx, depth, upload))
    cells[3].text(row["file"])
    cells[4].text(ctx.t(f"upload_table_{row['table']}"))
    cells[5].text(encoding_label(row["encoding"], ctx.language))
    cells[6].text(ctx.t("upload_rows_text", **row))
    cells[7].text(ctx.t("upload_state_undone" if row["undone"] else "upload_state_applied"))
    cells[8].text(row["user"] or "—")  # uploads without sign-in name no one
    redo = depth % 2 == 1  # undoing an undo of the upload puts the upload back
    cells[9].button(
        ctx.t("upload_redo" if redo else "upload_undo"),
        key=f"undo-{row['upload_id']}",
        disabled=row["undone"],
        on_click=_ask,
        args=(row["upload_id"],),
        icon=":material/redo:" if redo else ":material/undo:",
    )


def _confirm(ctx: Context, upload_id: str, undoes: dict[str, str | None]) -> None:
    """The second click: what undoing ``upload_id`` changes, or why it cannot be undone."""
    with st.container(border=True, key=f"undo-ask-{upload_id}"):
        try:
            record = check_undo(ctx.lake, upload_id)
        except UndoRefused as refused:
            st.error(ctx.t(refused.key, **refused.values), icon=":material/block:")
            st.button(ctx.t("upload_undo_no"), key="undo-cancel", on_click=_cancel)
            return
        depth, upload = undo_depth(undoes, upload_id)
        redo = depth % 2 == 1
        st.warning(
            ctx.t("upload_undo_ask_redo" if redo else "upload_undo_ask_undo", upload_id=upload),
            icon=":material/help:",
        )
        st.text(ctx.t("upload_undo_file", file=record.file))
        st.text(ctx.t("upload_undo_effect", **undo_effect(record)))
        yes, no = st.columns([1, 4])
        yes.button(
            ctx.t("upload_redo_yes" if redo else "upload_undo_yes"),
            key=f"undo-confirm-{upload_id}",
            type="primary",
            on_click=_undo,
            args=(str(ctx.lake.root), upload_id, ctx.language, ctx.access.user),
        )
        no.button(ctx.t("upload_undo_no"), key="undo-cancel", on_click=_cancel)


def undo_effect(record: UploadRecord) -> dict[str, object]:
    """What undoing ``record`` does to the rows: its own change turned round, by month."""
    return {
        "deleted": record.inserted,
        "inserted": record.deleted,
        "updated": record.updated,
        "months": ", ".join(record.months) or "—",
    }

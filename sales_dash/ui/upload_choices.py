"""The Upload page's corrections to what was detected in a file: its table (with how sure
the guess is), encoding, sheet and date order. One function per panel; the columns each
header goes to are ``sales_dash.ui.upload_mapping``. Options and labels are ours; the
file's own strings appear only as selectbox options and table cells, which are plain text."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from sales_dash.i18n import encoding_label, format_percent
from sales_dash.ingest import PreparedUpload, RejectedUpload
from sales_dash.ingest.detect import ENCODINGS
from sales_dash.ingest.read import SheetTable, best_sheet, workbook_tables
from sales_dash.schema import TABLES
from sales_dash.ui.frame import Context

SHEETS = "_upload_sheets"
AUTO = "auto"
DATE_FORMATS = (AUTO, "mdy", "dmy", "ymd")
DATE_ORDER_PROBLEM = "date_order_ambiguous"


def table_key(key: str) -> str:
    return f"table-{key}"


def choose_table(ctx: Context, detected: PreparedUpload, key: str) -> str:
    """The table the file goes to, the detected one first."""
    tables = list(TABLES)
    guess = detected.table if detected.table in tables else tables[0]
    return st.selectbox(
        ctx.t("upload_table"),
        tables,
        index=tables.index(guess),
        format_func=lambda t: ctx.t(f"upload_table_{t}"),
        key=table_key(key),
        placeholder=ctx.t("choose_option"),
    )


def _switch(key: str, table: str) -> None:
    st.session_state[table_key(key)] = table


def table_confidence(ctx: Context, detected: PreparedUpload, chosen: str, key: str) -> None:
    """How sure the table guess is (from headers and content), and one click to the other
    likely table: the runner-up while the guess stands, the guess once it was changed."""
    guess = detected.raw.guess if detected.raw else None
    if guess is None:
        return
    name = ctx.t(f"upload_table_{guess.runner_up}") if guess.runner_up else ""
    if guess.runner_up:
        said = ctx.t(
            "upload_table_runner_up",
            confidence=format_percent(guess.confidence),
            runner=name,
            runner_confidence=format_percent(guess.runner_up_confidence),
        )
    else:
        said = ctx.t("upload_table_confidence", confidence=format_percent(guess.confidence))
    st.caption(said)
    other = guess.runner_up if chosen == guess.table else guess.table
    if other:
        st.button(
            ctx.t("upload_table_switch", table=ctx.t(f"upload_table_{other}")),
            key=f"switch-{key}",
            on_click=_switch,
            args=(key, other),
            icon=":material/swap_horiz:",
        )


def choose_encoding(ctx: Context, detected: PreparedUpload, key: str, sheets: bool) -> str | None:
    """A text file's encoding (None: as detected; always None for a workbook)."""
    if sheets or (detected.raw is not None and detected.raw.workbook):
        return None
    found = encoding_label(detected.encoding, ctx.language) if detected.encoding else "?"
    choice = st.selectbox(
        ctx.t("upload_encoding"),
        [AUTO, *ENCODINGS],
        format_func=lambda e: (
            ctx.t("upload_encoding_auto", detected=found)
            if e == AUTO
            else encoding_label(e, ctx.language)
        ),
        key=f"encoding-{key}",
        placeholder=ctx.t("choose_option"),
    )
    return None if choice == AUTO else choice


def sheet_tables(uploaded: UploadedFile) -> list[SheetTable]:
    """Each sheet of a workbook with the table it holds, read once per file (empty for a
    text file or a workbook that cannot be read: reading it says why)."""
    found: dict[str, list[SheetTable]] = st.session_state.setdefault(SHEETS, {})
    if uploaded.file_id not in found:
        try:
            found[uploaded.file_id] = workbook_tables(uploaded.getvalue())
        except RejectedUpload:
            found[uploaded.file_id] = []
    return found[uploaded.file_id]


def choose_sheet(ctx: Context, uploaded: UploadedFile) -> str | None:
    """A workbook's sheet, each said with the table found in it; the best one first
    chosen (None for a text file)."""
    sheets = sheet_tables(uploaded)
    if not sheets:
        return None
    best = best_sheet(sheets)
    found = {sheet.sheet: sheet for sheet in sheets}

    def said(name: str) -> str:
        sheet = found[name]
        if sheet.table is None or not sheet.matched:
            return ctx.t("upload_sheet_no_table", sheet=sheet.sheet)
        line = ctx.t(
            "upload_sheet_table",
            sheet=sheet.sheet,
            table=ctx.t(f"upload_table_{sheet.table}"),
            header_row=sheet.header_row,
            matched=sheet.matched,
        )
        return line + (ctx.t("upload_sheet_best") if name == sheets[best].sheet else "")

    return st.selectbox(
        ctx.t("upload_sheet"),
        list(found),
        index=best,
        format_func=said,
        key=f"sheet-{uploaded.file_id}",
        placeholder=ctx.t("choose_option"),
    )


def date_key(key: str) -> str:
    return f"dates-{key}"


def chosen_date_format(key: str) -> str | None:
    """The date order the user chose for the file (None: decided from each column)."""
    choice = st.session_state.get(date_key(key), AUTO)
    return None if choice == AUTO else choice


def choose_date_format(ctx: Context, prepared: PreparedUpload, key: str) -> None:
    """The date order, offered when a date column cannot tell (or once one was chosen)."""
    undecided = DATE_ORDER_PROBLEM in prepared.problems["reason"].to_list()
    if not undecided and chosen_date_format(key) is None:
        return
    st.selectbox(
        ctx.t("upload_date_format"),
        DATE_FORMATS,
        format_func=lambda f: ctx.t(f"upload_date_format_{f}"),
        key=date_key(key),
        placeholder=ctx.t("choose_option"),
    )

"""The Upload page's corrections to what was detected in a file: its table, encoding and
sheet, and the column each header goes to. One function per panel, so that each later
choice (an ambiguous header, a date format) is one more function here and one call in
``sales_dash.ui.upload``. Options and labels are ours; the file's own strings appear only
as selectbox options and table cells, which are plain text."""

from __future__ import annotations

import polars as pl
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from sales_dash.i18n import encoding_label
from sales_dash.ingest import PreparedUpload
from sales_dash.ingest.detect import ENCODINGS
from sales_dash.ingest.headers import IGNORE
from sales_dash.ingest.read import workbook_sheets
from sales_dash.schema import TABLES
from sales_dash.ui.frame import Context

SHEETS = "_upload_sheets"
AUTO = "auto"


def choose_table(ctx: Context, detected: PreparedUpload, key: str) -> str:
    """The table the file goes to, the detected one first."""
    tables = list(TABLES)
    guess = detected.table if detected.table in tables else tables[0]
    return st.selectbox(
        ctx.t("upload_table"),
        tables,
        index=tables.index(guess),
        format_func=lambda t: ctx.t(f"upload_table_{t}"),
        key=f"table-{key}",
    )


def table_confidence(ctx: Context, detected: PreparedUpload) -> None:
    """How sure the table guess is, under its selectbox.

    The place for the ``headers`` branch's confidence (from headers and content); the
    guess says nothing yet, rather than a number nobody computed.
    """


def choose_encoding(ctx: Context, detected: PreparedUpload, key: str) -> str | None:
    """A text file's encoding (None: as detected; always None for a workbook)."""
    if detected.encoding == "xlsx":
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
    )
    return None if choice == AUTO else choice


def choose_sheet(ctx: Context, uploaded: UploadedFile) -> str | None:
    """A workbook's sheet (None for a text file); the sheet names are read once per file."""
    sheets: dict[str, tuple[str, ...]] = st.session_state.setdefault(SHEETS, {})
    if uploaded.file_id not in sheets:
        sheets[uploaded.file_id] = workbook_sheets(uploaded.getvalue())
    names = sheets[uploaded.file_id]
    if not names:
        return None
    return st.selectbox(ctx.t("upload_sheet"), list(names), key=f"sheet-{uploaded.file_id}")


def mapping_editor(ctx: Context, prepared: PreparedUpload, key: str) -> tuple[tuple[str, str], ...]:
    """The headers and where each goes, editable; returns the user's changes as overrides."""
    raw = prepared.raw
    if raw is None:
        return ()
    table = TABLES[raw.table]
    found = raw.mapping
    headers = [h for h in raw.header.headers if h]
    rows = pl.DataFrame(
        {
            "header": headers,
            "column": [found.get(h, IGNORE) for h in headers],
            "unit": [raw.header.units.get(found.get(h, ""), "") for h in headers],
        },
        schema={"header": pl.String, "column": pl.String, "unit": pl.String},
    )
    edited = st.data_editor(
        rows,
        key=f"mapping-{key}-{raw.table}",
        hide_index=True,
        disabled=["header", "unit"],
        column_config={
            "header": st.column_config.TextColumn(ctx.t("upload_col_header")),
            "column": st.column_config.SelectboxColumn(
                ctx.t("upload_col_column"),
                options=[IGNORE, *table.column_names],
                required=True,
                help=ctx.t("upload_mapping_help"),
            ),
            "unit": st.column_config.TextColumn(ctx.t("upload_col_unit")),
        },
    )
    changed = (
        pl.DataFrame(edited)
        .join(rows, on="header", suffix="_found")
        .filter(pl.col("column") != pl.col("column_found"))
    )
    return tuple(sorted(changed.select("header", "column").iter_rows()))

"""What a file holds and what is wrong with it, as the Upload page shows it: the preview
with columns by their names in the page's language and cells as people read them, the
problems named by the file's own headers, and the dry run per month.

Every cell is plain text in a table: never Markdown (see ``sales_dash.ui.upload``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import streamlit as st

from sales_dash.engine.options import name_with_id
from sales_dash.export import to_csv_bytes
from sales_dash.i18n import column_label
from sales_dash.ingest import PreparedUpload
from sales_dash.ingest.merge import COUNTS, NO_MONTH
from sales_dash.ingest.problems import (
    ABSENT_COLUMN_REASONS,
    ROW,
    describe,
    report_frame,
    to_problems,
)
from sales_dash.schema import TABLES, Kind
from sales_dash.settings import setting
from sales_dash.ui.frame import Context

PREVIEW_ROWS = 20
FILE_PROBLEMS_SHOWN = 10


# --- cells as people read them


def decimal_text(value: Decimal) -> str:
    """Money as stored, for a person: thousands separated, at least two decimals and every
    decimal the file had (48.896 stays 48.896; 15000 reads 15,000.00)."""
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{value:,.{places}f}"


def number_text(value: float) -> str:
    """A measured number without float noise or a needless ``.0`` (1.5, 3, 1,200)."""
    return f"{Decimal(repr(value)).normalize():,f}"


def _cell(value: object, money: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return decimal_text(value) if money else f"{value.normalize():,f}"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)  # counts, line and row numbers: no separators
    if isinstance(value, float):
        return "" if value != value else number_text(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def text_cells(frame: pl.DataFrame, money: frozenset[str] = frozenset()) -> pl.DataFrame:
    """Every cell as the text a person reads; an empty cell is empty (never None/null).
    ``money`` names the columns of amounts (two decimals at least)."""
    return pl.DataFrame(
        {
            name: [_cell(v, name in money) for v in frame.get_column(name).to_list()]
            for name in frame.columns
        },
        schema=dict.fromkeys(frame.columns, pl.String),
    )


NUMERIC = (pl.Decimal, pl.Float32, pl.Float64, pl.Int8, pl.Int16, pl.Int32, pl.Int64)


def preview(ctx: Context, prepared: PreparedUpload) -> None:
    if prepared.rows.is_empty():
        return
    rows = prepared.rows.head(PREVIEW_ROWS)
    labels = preview_labels(ctx, rows.columns)
    right = {
        labels[name]: st.column_config.TextColumn(alignment="right")
        for name, dtype in rows.schema.items()
        if isinstance(dtype, NUMERIC)
    }
    st.markdown(f"**{ctx.t('upload_preview', count=rows.height)}**")
    table = TABLES[str(prepared.table)]
    money = frozenset(c.name for c in table.columns if c.kind is Kind.MONEY)
    st.dataframe(text_cells(rows, money).rename(labels), hide_index=True, column_config=right)


def preview_labels(ctx: Context, columns: list[str]) -> dict[str, str]:
    """Stored columns by their names in the page's language (the row number as the file's);
    a label two columns share is told apart by the column's own name."""
    labels = {
        name: ctx.t("upload_file_row") if name == ROW else column_label(name, ctx.language)
        for name in columns
    }
    shared = {label for label in labels.values() if list(labels.values()).count(label) > 1}
    return {
        name: name_with_id(label, name) if label in shared else label
        for name, label in labels.items()
    }


# --- problems, named as the file names them


def problem_names(ctx: Context, prepared: PreparedUpload) -> dict[str, str]:
    """Contract column -> what a problem calls it: the file's own header where the file has
    one, else the column's name in the page's language (a column the file lacks)."""
    table = TABLES.get(str(prepared.table))
    labels = {c.name: column_label(c.name, ctx.language) for c in table.columns} if table else {}
    return {**labels, **prepared.column_headers}


def report_csv(problems: pl.DataFrame, language: str, names: dict[str, str] | None = None) -> bytes:
    """The validation report as a CSV Excel opens with its Chinese intact (UTF-8 with BOM)
    and in which no cell of the file can run as a formula."""
    return to_csv_bytes(report_frame(problems, language, names))


def _whole_file() -> pl.Expr:
    """Problems said as sentences: of the file as a whole, or of a column it lacks."""
    return (pl.col("row") == 0) | pl.col("reason").is_in(list(ABSENT_COLUMN_REASONS))


def problems_panel(
    ctx: Context, prepared: PreparedUpload, key: str, problems: pl.DataFrame | None = None
) -> None:
    """The problems (``problems``: those of them to show): of the file as a whole as
    sentences, once each; of cells as a table."""
    names = problem_names(ctx, prepared)
    problems = prepared.problems if problems is None else problems
    whole = problems.filter(_whole_file())
    for problem in to_problems(whole, FILE_PROBLEMS_SHOWN):
        st.text(describe(problem, ctx.language, names))
    cells = problems.filter(~_whole_file())
    limit = int(setting("upload_max_problems"))
    if not cells.is_empty():
        shown = cells.sort("row", "column").head(limit)
        st.markdown(f"**{ctx.t('upload_report', count=cells.height)}**")
        if cells.height > limit:
            st.caption(ctx.t("upload_report_more", shown=limit, count=cells.height))
        st.dataframe(
            text_cells(report_frame(shown, ctx.language, names)),
            hide_index=True,
        )
    st.download_button(
        ctx.t("upload_download_report"),
        data=report_csv(problems.head(limit), ctx.language, names),
        file_name=ctx.t("upload_report_file", name=prepared.file.rsplit(".", 1)[0]) + ".csv",
        mime="text/csv",
        key=f"report-{key}",
        icon=":material/download:",
    )


def plan_table(ctx: Context, summary: pl.DataFrame) -> pl.DataFrame:
    """The dry run per month with the page's language in its titles."""
    return summary.with_columns(pl.col("month").replace(NO_MONTH, ctx.t("plan_no_month"))).rename(
        {"month": ctx.t("plan_month"), **{c: ctx.t(f"plan_{c}") for c in COUNTS}}
    )

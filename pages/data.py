"""数据 Data: what the lake holds — tables, months, row counts, data version, uploads."""

import polars as pl
import streamlit as st

from sales_dash.engine.loaded import collection_sources
from sales_dash.i18n import encoding_label, format_money
from sales_dash.sections.data import lake_status
from sales_dash.ui.data import cached
from sales_dash.ui.safe_text import escape_markdown
from sales_dash.ui.tables import renamed, table
from sales_dash.ui.widgets import page, tile_columns

ctx = page("page_data", needs_orders=False, show_period=False)
status = cached(lake_status, ctx.lake)
names = {t: ctx.t(f"table_{t}") for t in status.tables["table_name"]}
uploads = status.uploads

last_upload, upload_help = "—", None
if uploads is not None and uploads.height and "uploaded_at" in uploads.columns:
    latest = uploads.row(0, named=True)
    last_upload = f"{latest['uploaded_at']:%Y-%m-%d}"
    # a tooltip is Markdown, and the file's name is the uploader's
    file = escape_markdown(latest.get("file", ""))
    upload_help = f"{latest['uploaded_at']:%Y-%m-%d %H:%M %Z} · {file}"
tiles = tile_columns(4)
tiles[0].metric(ctx.t("data_version"), f"{status.version}", border=True)
tiles[1].metric(ctx.t("order_lines"), f"{int(status.tables['rows'][0]):,}", border=True)
tiles[2].metric(ctx.t("months_loaded"), f"{int(status.tables['months'][0]):,}", border=True)
tiles[3].metric(ctx.t("last_upload"), last_upload, help=upload_help, border=True)

st.subheader(ctx.t("tables_title"))
table(ctx, status.tables.with_columns(pl.col("table_name").replace(names)), "lake_tables")

# branch collect2: which source settles whose collections (docs/receipts.md)
st.subheader(ctx.t("sources_title"))
sources = cached(collection_sources, ctx.lake)
tiles = tile_columns(3)
tiles[0].metric(ctx.t("sources_receipt_customers"), f"{sources.receipt_customers:,}", border=True)
tiles[1].metric(ctx.t("sources_line_customers"), f"{sources.line_customers:,}", border=True)
unknown = format_money(sources.unknown_amount, ctx.language)
tiles[2].metric(ctx.t("sources_unknown_amount"), unknown, border=True)
st.caption(ctx.t("sources_caption", lines=f"{sources.unknown_lines:,}"))

st.subheader(ctx.t("uploads_title"))
if uploads is None:
    st.info(ctx.t("uploads_unavailable"), icon=":material/info:")
else:
    if "encoding" in uploads.columns:  # utf-8-sig, as people name it: UTF-8 (带 BOM)
        used = uploads["encoding"].drop_nulls().unique()
        named = {e: encoding_label(e, ctx.language) for e in used}
        uploads = uploads.with_columns(pl.col("encoding").replace(named))
    table(ctx, renamed(ctx, uploads, "upload_col_"), "upload_history", empty=ctx.t("no_uploads"))

st.subheader(ctx.t("months_title"))
table(ctx, status.months.rename(names), "lake_months", height=420)

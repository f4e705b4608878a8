"""上传 Upload: month-end exports into the lake — check, preview, dry run, confirm, undo."""

import streamlit as st

from sales_dash.ui.frame import context
from sales_dash.ui.upload import file_panel, upload_limit
from sales_dash.ui.upload_history import history_panel

ctx = context(held=False)  # it writes, then shows what it wrote
st.title(ctx.t("page_upload"))
st.caption(ctx.t("upload_intro"))

files = st.file_uploader(
    ctx.t("upload_files"),
    accept_multiple_files=True,
    key="upload_files",
    max_upload_size=upload_limit(),
)
for uploaded in files or []:
    file_panel(ctx, uploaded)

st.divider()
history_panel(ctx)

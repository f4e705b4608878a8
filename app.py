"""sales-dash: the Streamlit entry point. Frame and routing only; pages do the rest."""

import streamlit as st

from sales_dash.i18n import text
from sales_dash.ui.frame import language_switch

st.set_page_config(page_title="销售仪表盘 · sales-dash", page_icon="📊", layout="wide")

language = language_switch()
pages = [
    st.Page(
        "pages/overview.py", title=text("overview", language), url_path="overview", default=True
    ),
]
st.navigation(pages).run()

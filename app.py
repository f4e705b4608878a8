"""sales-dash: the Streamlit entry point. Frame and routing only; pages do the rest."""

from pathlib import Path

import streamlit as st

from sales_dash.i18n import text
from sales_dash.ui.filters import check_language, sidebar_filters, snapshot_url, url_notices
from sales_dash.ui.frame import frame_context, language_switch, leave_pages_folder_mode

st.set_page_config(
    page_title="销售仪表盘 · sales-dash", page_icon=":material/monitoring:", layout="wide"
)

leave_pages_folder_mode()
snapshot_url()
language = language_switch()
ctx = frame_context()
check_language(ctx)
sidebar_filters(ctx, ctx.lake)

PAGES = (
    ("pages/overview.py", "overview", ":material/dashboard:"),
    ("pages/attainment.py", "page_attainment", ":material/flag:"),
    ("pages/margin.py", "page_margin", ":material/percent:"),
    ("pages/collections.py", "page_collections", ":material/payments:"),
    ("pages/expenses.py", "page_expenses", ":material/receipt_long:"),
    ("pages/market.py", "page_market", ":material/public:"),
    ("pages/team.py", "page_team", ":material/groups:"),
    ("pages/customers.py", "page_customers", ":material/handshake:"),
    ("pages/meeting.py", "page_meeting", ":material/co_present:"),
    ("pages/upload.py", "page_upload", ":material/upload:"),
    ("pages/data.py", "page_data", ":material/database:"),
)


def navigation_pages(language: str) -> list[st.Page]:
    """The pages with their titles in ``language``, made once per session and language:
    each st.Page resolves its file's path, a millisecond on every rerun otherwise. Kept
    per session, as st.navigation marks the page it returns on the object itself."""
    key = f"navigation_pages_{language}"
    if key not in st.session_state:
        st.session_state[key] = [
            st.Page(
                path,
                title=text(title, language),
                icon=icon,
                url_path=Path(path).stem,
                default=path == "pages/overview.py",
            )
            for path, title, icon in PAGES
        ]
    return st.session_state[key]


st.navigation(navigation_pages(language)).run()
url_notices(ctx)

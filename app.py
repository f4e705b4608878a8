"""sales-dash: the Streamlit entry point. Frame and routing only; pages do the rest."""

from pathlib import Path

import streamlit as st

import sales_dash.ui.startup  # noqa: F401  (first: it acts on what the process holds before the app)
from sales_dash.access import Access
from sales_dash.i18n import text
from sales_dash.page_list import PAGE_NAMES, PAGES, UPLOAD_PAGES
from sales_dash.ui.data import open_lake
from sales_dash.ui.errors import run_reporting_errors
from sales_dash.ui.filters import check_language, sidebar_filters, snapshot_url, url_notices
from sales_dash.ui.frame import (
    APP_ICON,
    frame_context,
    frame_lake,
    language_switch,
    leave_pages_folder_mode,
)
from sales_dash.ui.signin import require_access
from sales_dash.ui.toasts import show_pending_toasts
from sales_dash.ui.widget_texts import widget_texts

# the tab's icon is a file of the app: a Material icon is fetched from Google's font server
st.set_page_config(page_title="销售仪表盘 · sales-dash", page_icon=APP_ICON, layout="wide")

leave_pages_folder_mode()
snapshot_url()
language = language_switch()
widget_texts(language)
show_pending_toasts()  # after the style above, which would take a callback's toast's place


def may_open(access: Access, path: str) -> bool:
    """Whether ``access``'s role may open the page ``path`` (issue 13's roles)."""
    return access.uploads if path in UPLOAD_PAGES else access.sees_dashboard


MAIN_PAGE = "pages/overview.py"


def navigation_pages(language: str, access: Access) -> list[st.Page]:
    """The pages with their titles in ``language``, made once per session, language and
    role: each st.Page resolves its file's path, a millisecond on every rerun otherwise.
    Kept per session, as st.navigation marks the page it returns on the object itself.

    A page the role may not open is hidden from the menu; its URL still names it, so
    that ``open_page`` can answer with the refusal instead of the page. The role's first
    page is the main one (/) and answers at its own path too (/overview), through a
    hidden twin: Streamlit serves the default page at / only, and a copied /overview
    would otherwise open on a "page not found" dialog."""
    key = f"navigation_pages_{language}_{access.role.value}"
    if key not in st.session_state:
        first = next(path for path, _, _ in PAGES if may_open(access, path))
        pages = [
            st.Page(
                path,
                title=text(title, language),
                icon=icon,
                url_path="" if path == first else Path(path).stem,
                default=path == first,
                visibility="visible" if may_open(access, path) else "hidden",
            )
            for path, title, icon in PAGES
        ]
        title, icon = next((text(t, language), i) for p, t, i in PAGES if p == first)
        twin = st.Page(
            first, title=title, icon=icon, url_path=Path(first).stem, visibility="hidden"
        )
        st.session_state[key] = [*pages, twin]
    return st.session_state[key]


def page_path(page: st.Page, pages: list[st.Page]) -> str:
    """The file of ``page`` (one of ``navigation_pages``; the twin last is the first page's)."""
    index = next(i for i, p in enumerate(pages) if p is page)
    if index < len(PAGES):
        return PAGES[index][0]
    return next(path for (path, _, _), p in zip(PAGES, pages, strict=False) if p.url_path == "")


def open_page(page: st.Page, pages: list[st.Page], access: Access, language: str) -> None:
    """Run the page the URL names if the role may open it; the overview's URL, for a role
    without the overview, opens its first page; any other page gets the refusal."""
    path = page_path(page, pages)
    if may_open(access, path):
        run_reporting_errors(page.run, path, language)
    elif path == MAIN_PAGE:  # a clerk's /overview is their Upload page
        st.switch_page(next(p for p in pages if p.url_path == ""))
    else:
        # a warning, not an error: the app works, the account lacks the right
        st.warning(text("page_refused", language), icon=":material/block:")


def frame() -> None:
    """Sign-in, the sidebar, the page the URL names and the URL's notices."""
    # the sign-in page at every page's URL until signed in
    # (the main URL, /, first: the sign-in page's default, so that /overview answers too)
    access = require_access(open_lake(), language, ["", *PAGE_NAMES])
    ctx = frame_context()
    check_language(ctx)
    sidebar_filters(ctx, ctx.lake)  # reads the run's data too
    pages = navigation_pages(language, access)
    with frame_lake(ctx.lake):  # the page reads the version the sidebar read
        open_page(st.navigation(pages), pages, access, language)
    url_notices(ctx)


# a failure outside the page (the sidebar's queries, sign-in) gets its error id too
run_reporting_errors(frame, "app.py", language)

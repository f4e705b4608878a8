"""The frame shared by every page: language switch, the lake and the sidebar's view."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from sales_dash.access import Access
from sales_dash.i18n import LANGUAGES, text
from sales_dash.lake import Lake
from sales_dash.settings import PROJECT_ROOT, setting
from sales_dash.ui.data import ACCESS_KEY, open_lake
from sales_dash.ui.startup import freeze_warm_heap
from sales_dash.view import View

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
VIEW_KEY = "_view"
PAGES_DIR = PROJECT_ROOT / "pages"
APP_ICON = Path(__file__).with_name("icon.png")
"""The browser tab's icon, served by the app itself: nothing is fetched from the internet."""
OPEN_TABS = "_open_tabs"
_FRAME_LAKE: ContextVar[Lake | None] = ContextVar("frame_lake", default=None)
"""The lake the frame holds while the page it opened runs (``frame_lake``)."""


@dataclass(frozen=True)
class Context:
    lake: Lake
    language: str
    view: View | None = None
    """The sidebar's filters as a view; None when the lake holds no orders."""
    access: Access = field(default_factory=Access.everything)
    """Who is signed in: their role, and the regions and reps they may see."""

    def t(self, key: str, *args: object, **kwargs: object) -> str:
        return text(key, self.language, *args, **kwargs)


def default_language() -> str:
    default = str(setting("language"))
    return default if default in LANGUAGES else "zh"


TRANSLATED_CHOICES = ("period", "cmp", "section")
"""Bound widgets whose labels (and so their URL values) are words of the language."""


def _relabel() -> None:
    """After a language switch, write the translated choices again so that the URL
    carries their labels in the new language (a copied link must open as it shows)."""
    for key in TRANSLATED_CHOICES:
        if st.session_state.get(key) is not None:
            st.session_state[key] = st.session_state[key]


def keep_open_tab(labels: Mapping[str, str], key: str) -> None:
    """Before drawing the tabs ``key`` (name -> label): after a language switch, reopen
    the tab open before it. The tabs keep their label (in the URL too), which the switch
    changes; their name is the same in every language.

    The URL drops the old label and gets the new one at the next tab click only: Streamlit
    writes a bound value set from code into the URL only from a callback, and the new
    labels are not known in the language switch's callback."""
    opened = st.session_state.setdefault(OPEN_TABS, {}).get(key)
    if opened in labels and st.session_state.get(key) not in labels.values():
        st.session_state[key] = labels[opened]


def remember_open_tab(key: str, name: str) -> None:
    """The name of the tab open in ``key``, for ``keep_open_tab`` after a language switch."""
    st.session_state.setdefault(OPEN_TABS, {})[key] = name


def current_language() -> str:
    """The language the session has chosen (the switch's key), or the default."""
    return st.session_state.get("lang") or default_language()


def language_switch() -> str:
    """The UI language, kept in the URL (?lang=English) and across page switches."""
    return st.sidebar.segmented_control(
        "语言 / Language",
        LANGUAGES,
        default=default_language(),
        format_func=lambda code: LANGUAGE_NAMES[code],
        required=True,
        key="lang",
        on_change=_relabel,
        bind="query-params",
        persist_state="session",
    )


def frame_context(held: bool = True) -> Context:
    """The context as the frame (app.py) sees it while drawing the sidebar, after the
    sign-in gate; a session the gate has not let in gets nothing drawn. ``held``: the
    run reads one version of the data (``Lake.held``), as a page of numbers must; the
    Upload page, which writes and shows what it wrote, reads the lake live."""
    language = current_language()
    access = st.session_state.get(ACCESS_KEY)
    if not isinstance(access, Access):
        st.stop()
    # the frame's own when it opened this page: not opened and read again
    lake = (held and _FRAME_LAKE.get()) or open_lake()
    if held and lake.hold is None:
        lake = lake.held()
    return Context(
        lake=lake,
        language=language,
        view=st.session_state.get(VIEW_KEY),
        access=access,
    )


def _without_frame() -> bool:
    """Whether Streamlit runs a page file on its own, without app.py around it.

    Upstream (Streamlit 1.67, ``streamlit/runtime/pages_manager.py``): the process's first
    ``PagesManager`` sets the class attribute ``PagesManager.uses_pages_directory`` to
    whether a ``pages/`` folder sits beside the main script. While it is True the script
    runner runs the page a URL names on its own, the old (v1) multipage way; the first
    ``st.navigation`` call sets it to False for the rest of the process. No public API
    reads it and no option turns the old mode off (``client.showSidebarNavigation`` only
    hides its menu), short of giving the pages' folder another name. So a copied link
    to ``/attainment`` opened first after a restart runs ``pages/attainment.py`` alone,
    without the sidebar's filters. tests/test_frame.py checks this contract against the
    installed Streamlit, and fails when an upgrade changes it.
    """
    return PagesManager.uses_pages_directory is True


def _main_url() -> None:
    """The main URL (/) while leaving the pages-folder mode; never run (app.py reruns)."""


def leave_pages_folder_mode() -> None:
    """Switch Streamlit to ``st.navigation`` for good, then run again from the top.

    Called first by app.py and by every page: the first run of a new server process
    otherwise runs in the old mode (``_without_frame``), where a page opened by a link
    runs without app.py and the sidebar's widgets change identity on the next run. Public
    calls only: a hidden ``st.navigation`` listing every page, and ``st.rerun``.
    """
    if _without_frame():
        pages = sorted(PAGES_DIR.glob("*.py"))
        # every page at its own path, / at none: a link to /overview opened first after a
        # restart would otherwise meet a "page not found" dialog before the rerun
        main = st.Page(_main_url, title="sales-dash", url_path="", default=True)
        st.navigation([main, *(st.Page(str(p), url_path=p.stem) for p in pages)], position="hidden")
        st.rerun()


@contextmanager
def frame_lake(lake: Lake) -> Iterator[None]:
    """While the block runs (the page the frame opened), a page's held lake is the frame's
    own: the sidebar's choices and the page's numbers are of one version of the data.
    Streamlit runs the page inside the frame's script, in its thread."""
    token = _FRAME_LAKE.set(lake)
    try:
        yield
    finally:
        _FRAME_LAKE.reset(token)


def context(held: bool = True) -> Context:
    """What a page needs: the lake (``held``: as ``frame_context``), the language chosen,
    the view of the sidebar and who is signed in (a page run on its own, as by AppTest,
    passes the sign-in gate here)."""
    leave_pages_folder_mode()
    freeze_warm_heap()
    if ACCESS_KEY not in st.session_state:
        from sales_dash.ui.signin import require_access  # it imports this module

        require_access(open_lake(), current_language())
    return frame_context(held)

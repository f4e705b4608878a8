"""The one place the app leans on Streamlit's behaviour beyond its documented API
(sales_dash.ui.frame._without_frame): these tests fail when an upgrade of Streamlit
changes that behaviour, so the workaround is revisited instead of silently doing nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from sales_dash.ui import frame


@pytest.fixture
def flag() -> Iterator[None]:
    """Leave Streamlit's process-wide flag as it was found."""
    found = PagesManager.uses_pages_directory
    yield
    PagesManager.uses_pages_directory = found


def test_the_flag_is_a_class_attribute_of_the_pages_manager() -> None:
    assert "uses_pages_directory" in vars(PagesManager)


@pytest.mark.parametrize("with_pages_folder", [True, False])
def test_the_first_pages_manager_takes_the_mode_from_a_pages_folder(
    tmp_path: Path, flag: None, with_pages_folder: bool
) -> None:
    """Upstream: a ``pages/`` folder beside the main script turns the old (v1) multipage
    mode on for the process, and ``_without_frame`` reads that."""
    main = tmp_path / "app.py"
    main.write_text("", encoding="utf-8")
    if with_pages_folder:
        (tmp_path / "pages").mkdir()
    PagesManager.uses_pages_directory = None
    PagesManager(str(main), setup_watcher=False)
    assert PagesManager.uses_pages_directory is with_pages_folder
    assert frame._without_frame() is with_pages_folder


def test_navigation_leaves_the_pages_folder_mode_for_good(flag: None) -> None:
    """Upstream: ``st.navigation`` (a hidden one, as ``leave_pages_folder_mode`` calls it)
    switches the process to the pages it lists."""
    PagesManager.uses_pages_directory = True
    assert frame._without_frame()
    st.navigation([st.Page(lambda: None, title="x", url_path="x")], position="hidden")
    assert PagesManager.uses_pages_directory is False
    assert not frame._without_frame()


def test_the_project_has_the_pages_folder_the_workaround_is_for() -> None:
    """Should the pages' folder get another name, the old mode never starts: then
    ``leave_pages_folder_mode`` is not needed any more."""
    assert (frame.PAGES_DIR / "overview.py").exists()

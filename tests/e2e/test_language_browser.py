"""Issue 14 in a real browser: every page in Chinese reads without English (Streamlit's
own widgets and dialogs included), nothing is fetched from outside this machine, the open
tab survives a language switch, and the main page answers at its own path (/overview).

The text checked is what a person sees: text nodes drawn at a size above 0, visible, and
not an icon (Material icons are ligatures: the word ``upload`` drawn as a glyph).
Screenshots at 1280×720 and 1920×1080 land in tests/artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sales_dash.i18n import text
from sales_dash.page_list import PAGE_NAMES as PAGES
from tests.e2e.conftest import assert_no_exception, serve_script, wait_for_app
from tests.e2e.test_dashboard_browser import settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = {"1280": (1280, 720), "1920": (1920, 1080)}
NEXT_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

ALLOWED = frozenset(
    {
        # the language switch names English in English
        "English",
        "Language",
        # formats, file types, systems and codecs, as Chinese users write them too
        "CSV",
        "Excel",
        "PDF",
        "PPT",
        "HTML",
        "ERP",
        "CRM",
        "GBK",
        "UTF",
        "Big",  # Big5
        "Windows",
        "BOM",
        "MB",
        "xlsx",
        "xlsm",
        "xls",
        "ods",
        # units and business abbreviations
        "SKU",
        "DSO",
        "ABC",
        "pt",
        "vs",
    }
)
"""Latin words a Chinese page may show: names of formats, units and abbreviations."""

VISIBLE_TEXT = """(root) => {
    const seen = [];
    const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const element = node.parentElement;
        if (!element || !node.textContent.trim()) continue;
        if (element.closest('script, style, noscript, [data-testid="stIconMaterial"]')) continue;
        const style = getComputedStyle(element);
        if (style.fontFamily.includes('Material Symbols')) continue;  // an icon's ligature
        if (parseFloat(style.fontSize) === 0) continue;  // replaced (ui/widget_texts.py)
        if (!element.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
        const box = element.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) continue;  // for screen readers only
        seen.push(node.textContent);
    }
    return seen.join('\\n');
}"""

DIALOG = '[data-testid="stDialog"]'
MENU = '[data-testid="stMainMenuPopover"]'
AFTER = "element => getComputedStyle(element, '::after').content"
"""The text a replaced widget text shows instead (ui/widget_texts.py)."""


def english_words(shown: str, allowed: frozenset[str] = ALLOWED) -> list[str]:
    """Latin words of two letters or more in ``shown`` that are not ``allowed``."""
    return sorted({w for w in re.findall(r"[A-Za-z]{2,}", shown)} - allowed)


def test_allowed_words_are_latin_only() -> None:
    """The checker itself: a Chinese sentence with a unit passes, Streamlit's English not."""
    assert english_words("销售额 ¥1,234 万元 · 时间进度 +1.5 pt · SKU 12 个") == []
    assert english_words("Upload 200MB per file · 全部") == ["Upload", "file", "per"]


@pytest.mark.parametrize("size", SIZES)
def test_every_chinese_page_reads_without_english_and_stays_local(
    app_url: str, browser, screenshots: Path, size: str
) -> None:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    try:
        found = {}
        for name in PAGES:
            tab.goto(f"{app_url}/{name}")  # /overview too: the main page at its own path
            settle(tab)
            assert_no_exception(tab)
            assert tab.locator(DIALOG).count() == 0, tab.locator(DIALOG).first.inner_text()
            words = english_words(tab.evaluate(VISIBLE_TEXT, "body"))
            if words:
                found[name] = words
            tab.screenshot(path=screenshots / f"zh-{name}-{size}.png")
        assert found == {}

        # the sidebar's multiselects: no "Select all" in the open list of regions
        tab.goto(f"{app_url}/overview")
        settle(tab)
        region = tab.locator('[data-testid="stSidebar"] .st-key-region input')
        # at 720 px high the filter sits below the sidebar's fold: scroll it into view first
        # and let the scroll event pass, which closes an open list (a click scrolling it
        # into view opens the list, then the scroll closes it at once)
        region.scroll_into_view_if_needed()
        tab.evaluate(NEXT_FRAMES)
        region.click()
        options = tab.locator('[role="listbox"]')
        options.wait_for(timeout=10_000)
        assert "华东" in options.inner_text()
        assert english_words(options.inner_text()) == []
        tab.keyboard.press("Escape")

        # the main menu (⋮): theme, print, record, and the version line
        tab.locator('[data-testid="stMainMenu"]').click()
        tab.locator(MENU).wait_for(timeout=10_000)
        tab.wait_for_timeout(300)
        assert english_words(tab.evaluate(VISIBLE_TEXT, MENU), ALLOWED | {"Streamlit"}) == []
        label = tab.locator(f'{MENU} [data-testid="stMainMenuItemLabel"]').first
        assert label.evaluate(AFTER) == '"打印"'
        tab.screenshot(path=screenshots / f"zh-main-menu-{size}.png")
        tab.keyboard.press("Escape")

        # the keyboard's first stop, "Skip to main content"
        skip = tab.locator('[data-testid="stSkipToContent"]')
        assert skip.evaluate(AFTER) == '"跳到正文"'
    finally:
        context.close()
    outside = sorted({u for u in requests if leaves_the_server(u, app_url)})
    assert outside == []


SLOW_APP = """
import time

import streamlit as st

from sales_dash.ui.widget_texts import widget_texts

widget_texts("zh")
if st.button("慢"):
    time.sleep(4)  # Streamlit shows its Stop button once a run takes half a second
st.text("好")
"""
STATUS = '[data-testid="stStatusWidget"]'


def test_the_status_widget_speaks_chinese(tmp_path: Path, browser, screenshots: Path) -> None:
    """Streamlit's status widget, top right, on every page: its Stop button while a run
    takes long, then the connection's state once the server is gone, in Chinese. A small
    app of Streamlit's own with the app's widget texts: the dashboard's pages are not slow
    on purpose, and its server is not stopped under the other tests."""
    script = tmp_path / "slow_app.py"
    script.write_text(SLOW_APP, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    tab = context.new_page()
    try:
        with serve_script(script, tmp_path / "log") as server:
            tab.goto(server.url)
            tab.get_by_text("好").wait_for(timeout=30_000)
            tab.get_by_role("button", name="慢").click()
            stop = tab.locator(f'{STATUS} [data-testid="stBaseButton-header"]')
            stop.wait_for(timeout=10_000)
            assert stop.evaluate(AFTER) == '"停止"'
            assert english_words(tab.evaluate(VISIBLE_TEXT, STATUS)) == []
            tab.screenshot(path=screenshots / "zh-status-running-1280.png")
            wait_for_app(tab)
            os.kill(server.pid, signal.SIGTERM)  # the server goes away under the page
            label = tab.locator('[data-testid="stConnectionStatus"] label')
            label.wait_for(timeout=30_000)
            assert label.evaluate(AFTER) == '"正在连接"'
            assert english_words(tab.evaluate(VISIBLE_TEXT, STATUS)) == []
            tab.screenshot(path=screenshots / "zh-status-connecting-1280.png")
            # once Streamlit gives up it draws a warning sign instead of the dots
            tab.evaluate(
                "() => document.querySelector('[data-testid=\"stConnectionStatus\"] path')"
                ".setAttribute('d', 'M0 0h8v8H0z')"
            )
            assert label.evaluate(AFTER) == '"连接中断"'
    finally:
        context.close()


def leaves_the_server(url: str, app_url: str) -> bool:
    """Whether a request for ``url`` goes anywhere but the app's server: a ``data:`` URL
    never does, a ``blob:`` URL only names its origin (a blob of another origin would)."""
    scheme, _, rest = url.partition(":")
    if scheme == "data":
        return False
    if scheme == "blob":
        url = rest
    return urlsplit(url).netloc != urlsplit(app_url).netloc


def test_a_blob_of_the_app_stays_local() -> None:
    """The checker itself: the app's own blobs and data URLs stay, anything else leaves."""
    app = "http://127.0.0.1:8501"
    assert not leaves_the_server("blob:http://127.0.0.1:8501/0b1c-22", app)
    assert not leaves_the_server("data:image/png;base64,AAAA", app)
    assert not leaves_the_server("http://127.0.0.1:8501/static/app.js", app)
    assert leaves_the_server("blob:https://cdn.example.com/0b1c-22", app)
    assert leaves_the_server("https://fonts.googleapis.com/css", app)


def test_the_main_page_answers_at_its_own_path(app_url: str, page) -> None:
    page.goto(f"{app_url}/overview?lang=English")
    settle(page)
    assert page.locator(DIALOG).count() == 0
    assert page.locator("h1").first.inner_text().strip() == text("overview", "en")
    assert "/overview" in page.url
    assert "lang=English" in page.url


def test_the_tab_icon_is_served_by_the_app(app_url: str, page) -> None:
    page.goto(app_url)
    settle(page)
    icon = page.evaluate("() => document.querySelector('link[rel~=\"icon\"]').href")
    assert urlsplit(icon).netloc == urlsplit(app_url).netloc


@pytest.mark.parametrize(("name", "tab"), [("collections", "by_rep"), ("margin", "by_product")])
def test_the_open_tab_stays_open_across_a_language_switch(
    app_url: str, page, name: str, tab: str
) -> None:
    page.goto(f"{app_url}/{name}")
    settle(page)
    page.get_by_role("tab", name=text(tab, "zh"), exact=True).click()
    settle(page)
    page.get_by_text("English", exact=True).click()
    settle(page)
    assert_no_exception(page)
    selected = page.get_by_role("tab", selected=True)
    assert selected.first.inner_text().strip() == text(tab, "en")

    page.get_by_text("中文", exact=True).click()
    settle(page)
    assert page.get_by_role("tab", selected=True).first.inner_text().strip() == text(tab, "zh")

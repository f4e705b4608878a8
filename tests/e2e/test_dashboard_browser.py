"""The whole dashboard in a real browser: every page in both languages, a filter changed
from the sidebar, a drill-down by clicking a bar, and a copied URL opened afresh.

Screenshots of every page (zh and en) and of the meeting's sections land in the
``screenshots`` folder; a person looks at them.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from sales_dash.i18n import text
from sales_dash.sections.meeting import SECTIONS
from tests.e2e.conftest import assert_no_exception, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = {
    "overview": "overview",
    "attainment": "page_attainment",
    "margin": "page_margin",
    "collections": "page_collections",
    "expenses": "page_expenses",
    "market": "page_market",
    "team": "page_team",
    "customers": "page_customers",
    "meeting": "page_meeting",
    "data": "page_data",
}
LANGUAGE_LABELS = {"zh": "中文", "en": "English"}
HEIGHT = """() => Math.max(...[...document.querySelectorAll(
    '[data-testid="stMain"], [data-testid="stAppViewContainer"], section')]
    .map(e => e.scrollHeight))"""


def settle(page) -> None:
    """Wait until the app is idle and stays idle (a URL correction may rerun it once)."""
    for _ in range(2):
        wait_for_app(page)
        page.wait_for_timeout(300)


def page_url(app_url: str, name: str, query: str = "") -> str:
    path = "" if name == "overview" else name
    return f"{app_url}/{path}{'?' + query if query else ''}"


def assert_no_error_box(page) -> None:
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.first.inner_text()


def full_screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main section, so grow the viewport."""
    height = page.evaluate(HEIGHT)
    page.set_viewport_size({"width": 1440, "height": min(max(height + 40, 900), 12_000)})
    page.wait_for_timeout(1_200)
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def tiles(page) -> list[str]:
    return page.locator('[data-testid="stMetric"]').all_inner_texts()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_page_opens_in_both_languages(
    app_url: str, page, screenshots: Path, language: str
) -> None:
    query = "" if language == "zh" else "lang=English"
    for name, title in PAGES.items():
        page.goto(page_url(app_url, name, query))
        settle(page)
        assert_no_exception(page)
        assert_no_error_box(page)
        heading = page.locator("h1").first.inner_text()
        assert heading.strip() == text(title, language), name
        full_screenshot(page, screenshots / f"page-{name}-{language}.png")


MEETING_CONTENT = {
    "headlines": "li",
    "week": '[data-testid="stMetric"]',
    "pacing": ".sales-dash-plot",
    "reps": '[data-testid="stTable"]',
    "orders": '[data-testid="stTable"], [data-testid="stAlert"]',
    "overdue": '[data-testid="stTable"], [data-testid="stAlert"]',
}
"""What each meeting section shows in its body (a table, or a note when it has no rows)."""


def meeting_section(page) -> str:
    """The section the meeting's bar shows as chosen (its label, in the page's language)."""
    return (
        page.locator('.st-key-meeting_bar [role="radio"][aria-checked="true"]').inner_text().strip()
    )


def test_the_meeting_sections_step_through(app_url: str, page, screenshots: Path) -> None:
    page.goto(page_url(app_url, "meeting"))
    settle(page)
    body = page.locator(".st-key-meeting_body")
    shown = []
    for index, section in enumerate(SECTIONS):
        assert meeting_section(page) == text(f"section_{section}", "zh")
        assert body.locator(MEETING_CONTENT[section]).count() > 0, section
        shown.append(body.inner_text())
        assert_no_exception(page)
        assert_no_error_box(page)
        full_screenshot(page, screenshots / f"meeting-{index + 1}-{section}-zh.png")
        page.locator(".st-key-section_next button").first.click()
        settle(page)
    assert meeting_section(page) == text("section_headlines", "zh")  # wraps around
    assert len(set(shown)) == len(SECTIONS)  # each section its own content


def test_language_switch_relabels_everything_and_the_url(app_url: str, page) -> None:
    page.goto(page_url(app_url, "attainment", "period=上月"))
    settle(page)
    assert page.locator("h1").first.inner_text().strip() == "达成"
    page.get_by_text("English", exact=True).click()
    settle(page)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text().strip() == "Attainment"
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Period" in sidebar and "期间" not in sidebar
    period = page.locator(".st-key-period")
    shown = period.inner_text() + " ".join(i.input_value() for i in period.locator("input").all())
    assert "Last month" in shown
    assert "lang=English" in page.url and "period=Last+month" in page.url
    assert tiles(page)[0].startswith("Revenue")


def test_filter_drill_and_copied_url(app_url: str, page, browser) -> None:
    page.goto(page_url(app_url, "attainment", "period=上月"))
    settle(page)
    before = tiles(page)

    # change a filter in the sidebar
    region = page.locator('[data-testid="stSidebar"] .st-key-region input')
    region.click()
    region.fill("华东")
    page.get_by_role("option", name="华东", exact=True).wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    assert_no_exception(page)
    assert "region=华东" in unquote(page.url)
    after = tiles(page)
    assert after != before

    # drill down one level by clicking the region's bar
    drill = page.locator(".sales-dash-plot").last
    drill.scroll_into_view_if_needed()
    drill.locator("g.point path").first.click(force=True)
    settle(page)
    assert_no_exception(page)
    assert "drill_region=华东" in unquote(page.url)
    assert page.locator(".st-key-drill_rep").count() == 1
    assert page.locator(".st-key-crumb_region").inner_text().strip() == "华东"

    # the copied link opens the same view in a fresh session
    copied = page.url
    fresh = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    try:
        other = fresh.new_page()
        other.goto(copied)
        settle(other)
        assert_no_exception(other)
        assert tiles(other) == after
        assert "华东" in other.locator(".st-key-region").inner_text()
        assert other.locator(".st-key-drill_rep").count() == 1
    finally:
        fresh.close()

    # switching pages keeps the filters in the URL
    page.locator('[data-testid="stSidebarNav"]').get_by_text("毛利", exact=True).click()
    settle(page)
    assert "/margin" in page.url and "region=华东" in unquote(page.url)
    assert "period=上月" in unquote(page.url)


def test_a_bad_url_value_falls_back_with_a_notice(app_url: str, page) -> None:
    page.goto(page_url(app_url, "overview", "region=火星&period=fortnight"))
    settle(page)
    assert_no_exception(page)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "火星" in sidebar and "fortnight" in sidebar
    assert len(tiles(page)) == 8  # with 客单价 and 人均销售额 (branch catalogue)


def test_a_tab_draws_its_content_when_opened(app_url: str, page, screenshots: Path) -> None:
    """Hidden tabs do no work; clicking one reruns the page and draws it."""
    page.goto(page_url(app_url, "margin", "lang=English"))
    settle(page)
    scatter_title = text("scatter_title", "en")
    assert page.get_by_text(scatter_title).count() == 0
    page.get_by_role("tab", name=text("by_customer", "en")).click()
    settle(page)
    assert_no_exception(page)
    page.get_by_text(scatter_title).first.wait_for(timeout=15_000)
    assert "margin_tab=By+customer" in page.url  # a copied link opens on this tab
    full_screenshot(page, screenshots / "margin-by-customer-en.png")

"""A tile is read whole at the meeting room's 1280×720: four tiles to a row held
"CN¥143.…" for CN¥143.7M in English before the value's type shrank with the window, and
"达成率 · 时间进度 76…" before the time elapsed moved under the value. A row's tiles are
of one height, the tallest's (the zh attainment tile stood a line taller than its row)."""

from __future__ import annotations

import pytest

from tests.e2e.test_dashboard_browser import settle

pytestmark = pytest.mark.browser

# every tile value, label and comparison whose text is wider than the box that shows it
# (cut with an ellipsis)
CUT_VALUES = """() => [...document.querySelectorAll(
        '[data-testid="stMetricValue"], [data-testid="stMetricLabel"], '
        + '[data-testid="stMetricDeltaDescription"]')]
    .flatMap(value => [value, ...value.querySelectorAll('*')])
    .filter(node => node.scrollWidth > node.clientWidth + 1)
    .map(node => node.innerText)"""
# the heights of the tiles in each row (by their top edge), rounded to the pixel
ROW_HEIGHTS = """() => {
    const rows = {};
    for (const tile of document.querySelectorAll('[data-testid="stMetric"]')) {
        const box = tile.getBoundingClientRect();
        (rows[Math.round(box.top)] ??= []).push(Math.round(box.height));
    }
    return Object.values(rows);
}"""


@pytest.mark.parametrize("language", ["English", "中文"])
@pytest.mark.parametrize("name", ["attainment", "overview", "margin"])
def test_tile_texts_are_not_cut_at_1280(app_url: str, browser, name: str, language: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        tab = context.new_page()
        query = "?lang=English" if language == "English" else ""
        tab.goto(f"{app_url}/{name}{query}")
        tab.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
        settle(tab)
        assert tab.locator('[data-testid="stMetricValue"]').count() >= 5
        assert tab.evaluate(CUT_VALUES) == []
        rows = tab.evaluate(ROW_HEIGHTS)
        assert rows and all(len(set(heights)) == 1 for heights in rows), rows
    finally:
        context.close()

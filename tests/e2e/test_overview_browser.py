"""The overview in a real browser: it opens, shows its KPI tiles, and switches language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser

# the six headline KPIs, 客单价 and 人均销售额 (branch catalogue)
ALL_TILES = "() => document.querySelectorAll('[data-testid=\"stMetric\"]').length === 8"


def open_settled(page, url: str | None = None) -> None:
    if url is not None:
        page.goto(url)
    wait_for_app(page)
    page.wait_for_function(ALL_TILES, timeout=30_000)
    wait_for_app(page)


def test_overview_shows_kpis_in_both_languages(app_url: str, page, screenshots: Path) -> None:
    open_settled(page, app_url)
    assert_no_exception(page)
    tiles = page.locator('[data-testid="stMetric"]')
    assert tiles.count() == 8
    assert "销售额" in tiles.first.inner_text()
    page.screenshot(path=screenshots / "overview-zh.png", full_page=True)

    page.get_by_text("English", exact=True).click()
    open_settled(page)
    assert_no_exception(page)
    assert "Revenue" in page.locator('[data-testid="stMetric"]').first.inner_text()
    assert "lang=English" in page.url
    page.screenshot(path=screenshots / "overview-en.png", full_page=True)


def test_copied_url_keeps_the_language(app_url: str, page) -> None:
    open_settled(page, f"{app_url}/?lang=English")
    assert "Revenue" in page.locator('[data-testid="stMetric"]').first.inner_text()

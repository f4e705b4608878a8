"""A manager's first export, in a real browser (issue 11's browser test): an English BI
sample (Windows-1252, US dates, Profit and Discount, no payments, no quotas) dropped on
an empty dollar lake, the one ambiguous column chosen on the page, confirmed; then the
overview shows dollars and no ¥ anywhere, and "—" for collection and attainment with
their reasons, in both languages and at two screen sizes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sales_dash.i18n import TEXTS, text
from sales_dash.lake import Lake
from tests.e2e.conftest import ServerFactory, assert_no_exception, wait_for_app
from tests.real_exports import bi_export

pytestmark = pytest.mark.browser

SIZES = ((1280, 720), (1920, 1080))
LANGUAGES = (("zh", ""), ("en", "?lang=English"))
# the overview's eight tiles, with 客单价 and 人均销售额 (branch catalogue)
TILES = "() => document.querySelectorAll('[data-testid=\"stMetric\"]').length === 8"
REASONS = ("unknown_no_payments", "unknown_no_quotas")
"""Why collection and attainment are unknown (texts of branch `unknown`)."""


@pytest.fixture(scope="module")
def dollar_app(server_factory: ServerFactory) -> tuple[str, Lake]:
    """The app on an empty lake whose currency is the US dollar."""
    return server_factory(env={"SALES_DASH_CURRENCY": "USD"})


def drop(page, path: Path) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    wait_for_app(page, timeout_ms=120_000)


def shoot(page, screenshots: Path, name: str, tall: bool = False) -> None:
    """The page at each screen size; ``tall`` adds one 1280 wide and tall enough for all
    of it (Streamlit scrolls inside the page, so a full-page capture shows no more)."""
    sizes = (*SIZES, (1280, 2400)) if tall else SIZES
    for width, height in sizes:
        page.set_viewport_size({"width": width, "height": height})
        wait_for_app(page)
        page.screenshot(path=screenshots / f"{name}-{width}x{height}.png")


def metric(page, label: str):
    """The KPI tile whose label starts with ``label``."""
    # the whole label or its first part before " · ": not "Revenue per rep", nor 人均销售额
    # (branch catalogue)
    named = re.compile(f"^\\s*{re.escape(label)}(\\s*$|\\s·)")
    starts = page.locator('[data-testid="stMetricLabel"]', has_text=named)
    tiles = page.locator('[data-testid="stMetric"]').filter(has=starts)
    assert tiles.count() == 1, f"one tile labelled {label!r}"
    return tiles.first


def tile_value(page, label: str) -> str:
    return metric(page, label).locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_an_english_bi_export_on_a_dollar_lake(
    dollar_app: tuple[str, Lake], page, screenshots: Path, tmp_path: Path
) -> None:
    url, lake = dollar_app
    export = bi_export(tmp_path, "cp1252")
    main = page.locator('[data-testid="stMain"]')

    # in Chinese first: the one choice offered, nothing written yet
    page.goto(f"{url}/upload")
    wait_for_app(page)
    drop(page, export.path)
    assert_no_exception(page)
    expect(main).to_contain_text("区域：用文件中的哪一列？")  # retried: prints the page if not
    expect(main).to_contain_text("识别把握")
    shoot(page, screenshots, "bi-upload-choice-zh", tall=True)

    page.goto(f"{url}/upload?lang=English")
    wait_for_app(page)
    drop(page, export.path)
    assert_no_exception(page)
    shown = main.inner_text()
    assert "Region: which column of the file?" in shown
    assert "1 field(s) wait for you to choose the file's column" in shown
    assert page.get_by_role("button", name="Confirm and write").count() == 0
    shoot(page, screenshots, "bi-upload-choice-en", tall=True)

    page.locator('[class*="st-key-choice-"] input[role="combobox"]').click()
    page.get_by_role("option", name="M · Region").click()
    wait_for_app(page, timeout_ms=120_000)
    assert_no_exception(page)
    assert "Validation passed" in main.inner_text()
    shoot(page, screenshots, "bi-upload-ready-en", tall=True)
    page.get_by_role("button", name="Confirm and write").click()
    wait_for_app(page, timeout_ms=120_000)
    assert_no_exception(page)
    assert "215 inserted" in main.inner_text()
    stored = lake.read_table("orders")
    assert stored.height == 215
    assert stored["revenue"].sum() == export.revenue

    shown_in = {}
    for language, query in LANGUAGES:
        page.goto(f"{url}/{query}")
        wait_for_app(page)
        page.wait_for_function(TILES, timeout=30_000)
        wait_for_app(page)
        assert_no_exception(page)
        shoot(page, screenshots, f"bi-overview-{language}")
        for found in (page.locator("body").inner_text(), page.content()):  # charts' SVG too
            assert "¥" not in found and "￥" not in found  # dollars are never shown as yuan
        revenue = tile_value(page, text("revenue", language))
        assert revenue.startswith("$" if language == "en" else "US$"), revenue
        assert "US$" in page.content() if language == "zh" else "$" in page.content()
        assert tile_value(page, text("collection_rate", language)) == "—"
        assert tile_value(page, text("attainment", language)) == "—"
        shown_in[language] = main.inner_text()
    missing = [key for key in REASONS if key not in TEXTS]
    assert not missing, f"the reason texts {missing} come with branch `unknown`"
    for language, shown in shown_in.items():
        for key in REASONS:
            assert text(key, language) in shown, (language, key)

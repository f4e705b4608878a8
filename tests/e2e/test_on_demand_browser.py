"""Sections drawn on demand (issue 15, ``sales_dash.ui.fragments``): the collections
page opens with its customer ledger and its aging at a date closed; opening the ledger
redraws that section alone, keeps it open in the URL, and a copied link opens both."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from sales_dash.i18n import text
from tests.e2e.clock_probe import Frames
from tests.e2e.conftest import assert_no_exception, wait_for_app
from tests.e2e.test_tabs_fragment_browser import MARK, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LEDGER_GRID = '.st-key-ledger_open [data-testid="stDataFrame"]'
AGING_PICKER = '.st-key-aging_open [data-testid="stDateInput"]'


def test_the_ledger_opens_alone_and_stays_open_in_its_link(app_url: str, page) -> None:
    page.goto(f"{app_url}/collections")
    settle(page)
    assert_no_exception(page)
    assert page.locator(LEDGER_GRID).count() == 0
    assert page.locator(AGING_PICKER).count() == 0

    frames = Frames()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.webSocketFrameReceived", frames.received)
    assert page.evaluate(MARK, "kept") == "kept"

    page.get_by_text(text("ledger_title", "zh"), exact=True).click()
    settle(page)
    assert_no_exception(page)
    page.locator(LEDGER_GRID).wait_for()
    assert parse_qs(urlparse(page.url).query)["ledger_open"] == ["true"]
    # the page above was neither re-sent nor redrawn: the tile is the same node
    deltas = frames.deltas()
    assert deltas and all(delta.fragment_id for delta in deltas)
    assert page.evaluate(MARK, None) == "kept"

    page.get_by_text(text("aging_at_title", "zh"), exact=True).click()
    settle(page)
    assert_no_exception(page)
    page.locator(AGING_PICKER).wait_for()
    assert parse_qs(urlparse(page.url).query)["aging_open"] == ["true"]

    # a copied link opens both
    page.goto(page.url)
    wait_for_app(page)
    settle(page)
    assert_no_exception(page)
    page.locator(LEDGER_GRID).wait_for()
    page.locator(AGING_PICKER).wait_for()


def test_an_open_section_is_open_again_after_a_page_switch_and_back(app_url: str, page) -> None:
    """Open the ledger, look at the overview, come back by the menu or the browser's Back:
    the ledger is as it was left, not closed with its place in the URL lost."""
    nav = page.locator('[data-testid="stSidebarNav"]')
    page.goto(f"{app_url}/collections")
    settle(page)
    page.get_by_text(text("ledger_title", "zh"), exact=True).click()
    settle(page)
    page.locator(LEDGER_GRID).wait_for()
    nav.get_by_text(text("overview", "zh"), exact=True).click()
    settle(page)
    nav.get_by_text(text("page_collections", "zh"), exact=True).click()
    settle(page)
    assert_no_exception(page)
    page.locator(LEDGER_GRID).wait_for(timeout=10_000)
    assert page.locator(AGING_PICKER).count() == 0  # the one left closed stays closed
    nav.get_by_text(text("overview", "zh"), exact=True).click()
    settle(page)
    page.go_back()  # a URL without ledger_open
    settle(page)
    page.locator(LEDGER_GRID).wait_for(timeout=10_000)
    page.get_by_text(text("ledger_title", "zh"), exact=True).click()  # closed, it stays so
    settle(page)
    nav.get_by_text(text("overview", "zh"), exact=True).click()
    settle(page)
    nav.get_by_text(text("page_collections", "zh"), exact=True).click()
    settle(page)
    assert page.locator(LEDGER_GRID).count() == 0

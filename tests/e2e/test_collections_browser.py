"""Issue 16's collections views in a real browser, on the small receipts ledger of
tests/sections/test_collections.py (the demo lake has no receipts): the collections page
drilled down to a customer's ledger, the team page's scorecard with 回款周期 and DSO, the
meeting's overdue section and the Data page's sources, in Chinese. The screenshots land in
tests/artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from sales_dash.i18n import text
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from tests.e2e.conftest import assert_no_exception, serve
from tests.e2e.test_dashboard_browser import assert_no_error_box, full_screenshot, settle
from tests.engine.test_settled import FIRST_RECEIPTS_CSV, LATER_RECEIPTS_CSV, ORDERS_CSV
from tests.sections.test_collections import UNTRACKED_CSV

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AT_QUARTER_END = {"asof": "2026-03-31", "period": text("preset_this_quarter", "zh")}


@pytest.fixture(scope="module")
def ledger_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("collections_e2e")
    lake = Lake(folder / "lake")
    for name, table, content in (
        ("orders.csv", "orders", ORDERS_CSV),
        ("untracked.csv", "orders", UNTRACKED_CSV),
        ("first.csv", "payments", FIRST_RECEIPTS_CSV),
        ("later.csv", "payments", LATER_RECEIPTS_CSV),
    ):
        path: Path = folder / name
        path.write_text(content, encoding="utf-8")
        ingest_file(path, table, lake)
    with serve(lake, folder / "streamlit.log") as url:
        yield url


def open_page(page, url: str, name: str, **query: str) -> None:
    params = "&".join(f"{k}={quote(v)}" for k, v in {**AT_QUARTER_END, **query}.items())
    page.goto(f"{url}/{name}?{params}")
    settle(page)
    assert_no_exception(page)
    assert_no_error_box(page)


def test_collections_drilled_to_a_ledger(ledger_url: str, page, screenshots: Path) -> None:
    drill = {"drill_region": "East", "drill_rep": "Ann (R1)", "drill_customer": "Acme (A)"}
    open_page(page, ledger_url, "collections", **drill)
    assert page.get_by_text(text("ledger_drill_caption", "zh", as_of="2026-03-31")).count() == 1
    full_screenshot(page, screenshots / "collections-ledger-drill-zh.png")


def test_team_scorecard_with_collection_days(ledger_url: str, page, screenshots: Path) -> None:
    open_page(page, ledger_url, "team")
    assert page.get_by_text(text("scorecard_days_caption", "zh", target="45")).count() == 1
    full_screenshot(page, screenshots / "team-scorecard-collections-zh.png")


def test_meeting_overdue_and_data_sources(ledger_url: str, page, screenshots: Path) -> None:
    open_page(page, ledger_url, "meeting", section=text("section_overdue", "zh"))
    assert page.get_by_text(text("last_receipt", "zh")).count() >= 1
    full_screenshot(page, screenshots / "meeting-overdue-collections-zh.png")
    open_page(page, ledger_url, "data")
    assert page.get_by_text(text("sources_title", "zh")).count() == 1
    full_screenshot(page, screenshots / "data-sources-zh.png")

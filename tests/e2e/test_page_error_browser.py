"""A page that fails, in Chromium: the user reads our message with its error id in their
language, and neither Streamlit's English notice nor its links to outside search and chat
services (a sales team's error never leaves its network on a click)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import ServerFactory, wait_for_app

pytestmark = pytest.mark.browser


SIZES = ((1280, 720), (1920, 1080))
LANGUAGES = (("zh", "", "页面出错了"), ("en", "?lang=English", "This page failed"))


def test_a_failing_page_shows_the_error_id_alone(
    server_factory: ServerFactory, browser, screenshots: Path
) -> None:
    url, lake = server_factory(demo=True)
    # a file of the lake lost under the server (a disk, a hand in the folder): the
    # overview's queries fail
    for part in (lake.root / "orders").glob("month=*/*.parquet"):
        part.unlink()
    for language, query, message in LANGUAGES:
        for width, height in SIZES:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(f"{url}/{query}")
            wait_for_app(page)
            shown = page.locator('[data-testid="stMain"]').inner_text()
            page.screenshot(path=screenshots / f"page-error-{width}-{language}.png")
            assert message in shown and re.search(r"\b[0-9a-f]{8}\b", shown), shown
            assert "This app has encountered an error" not in shown, shown
            assert page.get_by_role("link", name=re.compile("Google|ChatGPT")).count() == 0
            assert page.locator('[data-testid="stException"]').count() == 1  # for the tests
            context.close()

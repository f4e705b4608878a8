"""A page's tabs are a fragment (issue 15, branch ui2): a tab switch redraws the tabs
alone, keeps the open tab in the URL, shows the engine's numbers, and a sidebar filter
still reaches the open tab."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlparse

import pytest

from sales_dash.engine.metrics import default_as_of
from sales_dash.i18n import text
from sales_dash.lake import Lake
from sales_dash.sections.metric import view_metric
from sales_dash.view import View, preset_period
from tests.e2e.clock_probe import Frames
from tests.e2e.conftest import assert_no_exception, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARK = """(mark) => {
    const tile = document.querySelector('[data-testid="stMetric"]');
    if (mark) { tile.__tabProbe = mark; }
    return tile.__tabProbe || null;
}"""


def settle(page) -> None:
    for _ in range(2):
        wait_for_app(page)
        page.wait_for_timeout(300)


def test_a_tab_switch_redraws_only_the_tabs(app_url: str, e2e_lake: Lake, page) -> None:
    as_of = default_as_of(e2e_lake)
    assert as_of is not None
    view = View(*preset_period("last_month", as_of), as_of)
    page.goto(f"{app_url}/margin?period={quote('上月')}")
    settle(page)
    assert_no_exception(page)

    frames = Frames()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.webSocketFrameReceived", frames.received)
    assert page.evaluate(MARK, "kept") == "kept"

    by_rep = text("by_rep", "zh")
    page.get_by_role("tab", name=by_rep, exact=True).click()
    settle(page)
    assert_no_exception(page)
    assert parse_qs(urlparse(page.url).query)["margin_tab"] == [by_rep]

    # the tiles above were neither re-sent nor redrawn: the tile is the same node
    deltas = frames.deltas()
    assert deltas and all(delta.fragment_id for delta in deltas)
    assert page.evaluate(MARK, None) == "kept"

    # the rep tab's table lists the engine's reps
    reps = view_metric(e2e_lake, "margin", view, "rep")
    grid = page.locator('[data-testid="stTabs"] [data-testid="stDataFrame"]').first
    assert grid.locator('table[role="grid"]').get_attribute("aria-rowcount") == str(
        reps.height + 1
    )  # with the header

    # a sidebar filter reruns the whole page, the open tab with it
    region = "华东"
    field = page.locator('[data-testid="stSidebar"] .st-key-region input')
    field.click()
    field.fill(region)
    page.get_by_role("option", name=region, exact=True).click()
    page.keyboard.press("Escape")
    settle(page)
    assert_no_exception(page)
    narrowed = view_metric(e2e_lake, "margin", view.narrowed(regions=(region,)), "rep")
    grid = page.locator('[data-testid="stTabs"] [data-testid="stDataFrame"]').first
    assert grid.locator('table[role="grid"]').get_attribute("aria-rowcount") == str(
        narrowed.height + 1
    )
    assert parse_qs(urlparse(page.url).query)["margin_tab"] == [by_rep]

"""The drill section is a fragment (issue 15): a drill step redraws the section alone,
shows the right level with the engine's numbers, and a sidebar filter still reaches it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import polars as pl
import pytest

from sales_dash.charts.style import percent_text
from sales_dash.demo import build_demo
from sales_dash.engine.metrics import default_as_of
from sales_dash.lake import Lake
from sales_dash.sections.drill import DrillPath, DrillSpec, drill_level
from sales_dash.view import View, preset_period
from tests.conftest import DEMO_ROWS, DEMO_TODAY
from tests.e2e.clock_probe import Frames
from tests.e2e.conftest import assert_no_exception, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OVERVIEW_DRILL = DrillSpec("attainment", "attainment")  # pages/overview.py's DRILL
CHART = '[class*="st-key-drill_chart"] .sales-dash-plot'
TEXTS = "nodes => nodes.map(node => node.textContent)"  # SVG text has no inner text
MARK = """(mark) => {
    const tile = document.querySelector('[data-testid="stMetric"]');
    if (mark) { tile.__drillProbe = mark; }
    return tile.__drillProbe || null;
}"""


def settle(page) -> None:
    for _ in range(2):
        wait_for_app(page)
        page.wait_for_timeout(300)


def shown_bars(page) -> tuple[list[str], list[str]]:
    """The drill chart's bar labels (y axis, top first) and bar texts, sorted."""
    chart = page.locator(CHART).last
    labels = chart.locator("g.ytick text").evaluate_all(TEXTS)
    # the values stand in a column right of the plot, as annotations (charts.value_column)
    texts = chart.locator("text.annotation-text").evaluate_all(TEXTS)
    return sorted(labels), sorted(texts)


def expected_bars(lake: Lake, view: View, path: DrillPath) -> tuple[list[str], list[str]]:
    rows = drill_level(lake, view, path, OVERVIEW_DRILL).rows
    rows = rows.filter(pl.col("attainment").is_not_null())
    return sorted(rows["label"].to_list()), sorted(percent_text(rows["attainment"].to_list()))


def test_a_drill_step_redraws_only_the_drill(app_url: str, e2e_lake: Lake, page) -> None:
    as_of = default_as_of(e2e_lake)
    assert as_of is not None
    view = View(*preset_period("last_month", as_of), as_of)
    page.goto(f"{app_url}/?period=上月")
    settle(page)
    assert shown_bars(page) == expected_bars(e2e_lake, view, DrillPath())

    frames = Frames()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.webSocketFrameReceived", frames.received)
    assert page.evaluate(MARK, "kept") == "kept"

    chart = page.locator(CHART).last
    chart.scroll_into_view_if_needed()
    chart.locator("g.point path").first.click(force=True)
    settle(page)
    assert_no_exception(page)
    region = parse_qs(urlparse(page.url).query)["drill_region"][0]
    assert page.locator(".st-key-crumb_region").inner_text().strip() == region

    # the rest of the page was neither re-sent nor redrawn: the tile is the same node
    deltas = frames.deltas()
    assert deltas and all(delta.fragment_id for delta in deltas)
    assert len({delta.fragment_id for delta in deltas}) == 1
    assert page.evaluate(MARK, None) == "kept"

    # the level below the region, with the engine's numbers
    assert shown_bars(page) == expected_bars(e2e_lake, view, DrillPath(region=region))

    # a sidebar filter reruns the whole page, drill included, with the new filter
    other = next(r for r in expected_bars(e2e_lake, view, DrillPath())[0] if r != region)
    field = page.locator('[data-testid="stSidebar"] .st-key-region input')
    field.click()
    field.fill(other)
    page.get_by_role("option", name=other, exact=True).click()
    page.keyboard.press("Escape")
    settle(page)
    assert_no_exception(page)
    narrowed = view.narrowed(regions=(other,))
    assert page.locator(".st-key-crumb_region").count() == 0  # the old region is gone
    assert shown_bars(page) == expected_bars(e2e_lake, narrowed, DrillPath())


def test_a_drill_step_after_a_write_redraws_the_whole_page(server_factory, page) -> None:
    """The lake changed since the page was drawn: the drill step reruns the page, so the
    tiles above and the drill below read the same data."""
    url, lake = server_factory(demo=True)
    page.goto(f"{url}/?period=上月")
    settle(page)
    before = page.locator('[data-testid="stMetric"]').all_inner_texts()
    build_demo(lake, seed=8, rows=DEMO_ROWS // 2, today=DEMO_TODAY)  # another company
    as_of = default_as_of(lake)
    assert as_of is not None
    view = View(*preset_period("last_month", as_of), as_of)

    chart = page.locator(CHART).last
    chart.scroll_into_view_if_needed()
    chart.locator("g.point path").first.click(force=True)
    settle(page)
    assert_no_exception(page)
    assert page.locator('[data-testid="stMetric"]').all_inner_texts() != before
    region = parse_qs(urlparse(page.url).query).get("drill_region", [None])[0]
    path = DrillPath() if region is None else DrillPath(region=region)
    assert shown_bars(page) == expected_bars(lake, view, path)

"""The app's chart element in Chromium (sales_dash/ui/plot.py): new data is drawn once, on
the element already in the page (st.plotly_chart mounted a new one and drew it twice); a
click on a bar reaches its callback with the bar's customdata; the mode bar offers full
screen in the user's language; plotly.js that cannot load leaves a sentence, not a blank;
the dashboard's plotly.js is kept by a returning browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import plotly
import pytest

from sales_dash.i18n import text
from tests.e2e.conftest import serve_script, wait_for_app

pytestmark = pytest.mark.browser

APP = """
import plotly.graph_objects as go
import streamlit as st

from sales_dash.ui.plot import plot, selected_point

st.session_state.setdefault("lang", st.query_params.get("lang", "zh"))
st.session_state.setdefault("more", 0)


def more() -> None:
    st.session_state["more"] += 1


def picked() -> None:
    point = selected_point("bars")
    st.session_state["picked"] = point["customdata"][0] if point else None


st.button("more", on_click=more)
figure = go.Figure(go.Bar(x=["华东", "华北"], y=[10 + st.session_state["more"], 20],
                          customdata=[["E"], ["N"]]))
figure.update_layout(height=300)
plot(figure, "bars", {"displaylogo": False}, on_select=picked)
st.text(f"picked {st.session_state.get('picked')}")
"""

# Counts plotly.js's drawings of the chart and marks its element, to tell it from a new one.
_WATCH = """() => {
    const graph = document.querySelector('.sales-dash-plot');
    graph.__marked = true;
    window.__drawings = 0;
    graph.on('plotly_afterplot', () => { window.__drawings += 1; });
}"""


@pytest.fixture(scope="module")
def plot_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("plot")
    script = folder / "plot_app.py"
    script.write_text(APP, encoding="utf-8")
    with serve_script(script, Path(folder) / "log") as server:
        yield server.url


def _drawn(page) -> None:
    wait_for_app(page)
    page.wait_for_selector(".sales-dash-plot .main-svg", timeout=30_000)


def test_new_data_is_drawn_once_on_the_same_element(plot_url: str, page) -> None:
    page.goto(plot_url)
    _drawn(page)
    page.evaluate(_WATCH)
    for clicks in (1, 2):
        page.get_by_role("button", name="more").click()
        wait_for_app(page)
        page.wait_for_function(f"() => window.__drawings >= {clicks}", timeout=10_000)
        page.wait_for_timeout(500)  # a second drawing would come within this
        assert page.evaluate("document.querySelector('.sales-dash-plot').__marked") is True
        assert page.evaluate("window.__drawings") == clicks
        bar = page.evaluate("document.querySelector('.sales-dash-plot').data[0].y[0]")
        assert bar == 10 + clicks


def test_a_click_on_a_bar_reaches_its_callback(plot_url: str, page) -> None:
    page.goto(plot_url)
    _drawn(page)
    assert page.get_by_text("picked None").count() == 1
    page.locator(".sales-dash-plot g.point path").first.click(force=True)
    page.get_by_text("picked E").wait_for(timeout=10_000)
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_mode_bar_offers_full_screen_in_the_language(
    plot_url: str, page, language: str, screenshots: Path
) -> None:
    page.goto(f"{plot_url}/?lang={language}")
    _drawn(page)
    page.locator(".sales-dash-plot").hover()
    title = text("chart_fullscreen", language)
    button = page.locator(f'.sales-dash-plot .modebar-btn[data-title="{title}"]')
    assert button.count() == 1
    titles = page.locator(".sales-dash-plot .modebar-btn").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('data-title'))"
    )
    assert "Download plot as a PNG" in titles
    assert not any("Share" in t or "Cloud" in t or "Studio" in t for t in titles), titles
    button.click()
    page.wait_for_function("() => document.fullscreenElement !== null", timeout=5_000)
    page.wait_for_function(
        "() => document.querySelector('.sales-dash-plot')._fullLayout.height"
        " === window.innerHeight",
        timeout=5_000,
    )  # the chart fills the screen
    box = page.locator(".sales-dash-plot").bounding_box()
    assert box is not None and box["height"] == page.evaluate("window.innerHeight")
    width = page.evaluate("document.querySelector('.sales-dash-plot')._fullLayout.width")
    assert width == page.evaluate("window.innerWidth")
    page.screenshot(path=str(screenshots / f"plot-fullscreen-{language}.png"))
    page.evaluate("document.exitFullscreen()")
    page.wait_for_function(
        "() => document.querySelector('.sales-dash-plot')._fullLayout.height === 300",
        timeout=5_000,
    )


def test_the_chart_follows_the_width_of_its_column(plot_url: str, page) -> None:
    page.goto(plot_url)
    _drawn(page)
    drawn = "() => document.querySelector('.sales-dash-plot')._fullLayout.width"
    column = "() => document.querySelector('.sales-dash-plot').parentElement.clientWidth"
    assert page.evaluate(drawn) == page.evaluate(column)
    page.set_viewport_size({"width": 600, "height": 900})
    page.wait_for_function(f"() => ({drawn})() === ({column})() && ({column})() < 600")


def test_plotly_that_cannot_load_leaves_a_sentence(plot_url: str, page) -> None:
    page.route("**/plotly.min.js", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(plot_url)
    wait_for_app(page)
    failed = text("chart_failed", "zh")
    page.locator(".sales-dash-plot", has_text=failed).wait_for(timeout=10_000)


def test_a_returning_browser_keeps_plotly_js(app_url: str, browser) -> None:
    """The dashboard serves plotly.js from its static folder, with the dates a browser's
    cache reads: a second page load draws its charts without fetching it again (served as
    a component's folder, its 1.5 MB came again at every load)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    asked: set[str] = set()
    urls: list[str] = []
    received: list[int] = []

    def sent(event: dict) -> None:
        if event["request"]["url"].endswith("/plotly.min.js"):
            asked.add(event["requestId"])
            urls.append(event["request"]["url"])

    def finished(event: dict) -> None:
        if event["requestId"] in asked:
            received.append(int(event["encodedDataLength"]))

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", finished)
    try:
        loads = []  # bytes of plotly.js received, per page load
        for _ in range(2):
            received.clear()
            page.goto(f"{app_url}/margin")
            _drawn(page)
            page.wait_for_timeout(300)  # the load's last network events
            loads.append(sum(received))
        assert urls, "the page drew its charts without asking for plotly.js"
        assert urls[0].endswith(f"/app/static/plotly/{plotly.__version__}/plotly.min.js")
        assert loads[0] > 1_000_000  # gzipped, the first time
        assert loads[1] == 0  # the second load: from the browser's cache
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()

"""Every chart the pages draw, drawn by plotly.js in headless Chromium at the widths a
1280 and a 1920 screen give it, full width and in half a row: no two text labels overlap,
no label crosses a target line, none leaves the figure (issue 14).

The figures are built as the pages build them (``metric_figure`` and the chart functions,
the title taken out as ``ui.widgets.chart`` does), from realistic and adversarial frames:
target and time progress within a point of each other, long CJK names, negative and
largest bars, 25 reps. The boxes are the browser's own (``getBoundingClientRect``) of
every text plotly draws: annotations, bar values, legend entries, ticks, axis titles.
PNGs of every figure land in tests/artifacts/screenshots/charts/ for a look.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pytest

from sales_dash import charts
from sales_dash.lake import Lake
from sales_dash.ui.frame import Context
from sales_dash.ui.plot import PLOTLY_JS
from sales_dash.ui.widgets import metric_figure
from tests.e2e.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser


# The chart's width in the page: the wide layout's main column beside the sidebar
# (≈ 300 px) less Streamlit's padding (≈ 2 × 48 px), and half of it less the gap.
WIDTHS = {
    "1280-full": 1280 - 300 - 96,
    "1280-half": (1280 - 300 - 96 - 16) // 2,
    "1920-full": 1920 - 300 - 96,
    "1920-half": (1920 - 300 - 96 - 16) // 2,
}
TOLERANCE = 1.0
"""Pixels two boxes may share (anti-aliased edges touching are not an overlap)."""

LONG = "内蒙古自治区呼和浩特市第一销售大区"
REGIONS = ["华东", "华南", "华北", "西南", LONG, "未分配"]


def region_frame() -> pl.DataFrame:
    """Ratios near the lines (99.5% beside 100% and 99.3%), one far behind, one negative
    margin, the largest bar ¥1,070.0万, a name of 17 CJK characters."""
    return pl.DataFrame(
        {
            "region": REGIONS,
            "label": REGIONS,
            "key": REGIONS,
            "attainment": [0.995, 0.933, 0.62, 1.31, 0.884, 0.05],
            "forecast_attainment": [1.02, 0.97, 0.7, 1.4, 0.9, 0.1],
            "collection_rate": [0.899, 0.901, 0.5, 0.95, 0.999, 0.1],
            "budget_usage": [0.995, 1.004, 0.3, 1.8, 0.7, 0.0],
            "expense_ratio": [0.031, 0.012, 0.09, 0.004, 0.05, 0.0],
            "gross_margin": [0.351, -0.2, 0.42, 0.18, 0.999, 0.05],
            "market_share": [0.121, 0.13, 0.011, 0.31, 0.05, 0.0],
            "retention_rate": [0.8, 0.95, 0.1, 1.0, 0.5, 0.0],
            "gross_profit": [10_700_000.0, -350_000.0, 88_000.0, 1_234_567.0, 5.0, 0.0],
            "revenue": [10_700_000.0, 3_000_000.0, 88_000.0, 9_999_999.0, 50_000.0, 0.0],
            "share_change": [0.012, -0.004, -0.153, 0.2, 0.0, -0.001],
        }
    )


def rep_frame() -> pl.DataFrame:
    """25 reps (the drill's rep level), attainment around time progress and target."""
    names = [f"{LONG[: 2 + i % 6]}{i} (R{i:04d})" for i in range(25)]
    return pl.DataFrame(
        {
            "label": names,
            "key": names,
            "attainment": [0.90 + 0.011 * i for i in range(25)],
            "revenue": [123_456.0 * (i + 1) for i in range(25)],
        }
    )


def month_frame() -> pl.DataFrame:
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    return pl.DataFrame(
        {
            "month": months,
            "revenue": [30_000_000.0 + 1_000_000 * i for i in range(12)],
            "quota": [32_000_000.0] * 12,
            "attainment": [0.9 + 0.01 * i for i in range(12)],
            "cash_collected": [2_000_000.0 + 10_000 * i for i in range(12)],
            "due_amount": [2_100_000.0] * 12,
            "collection_rate": [0.95] * 12,
            "market_size": [250_000_000.0] * 12,
            "market_share": [0.121 + 0.001 * i for i in range(12)],
            "collection_days": [41.5, None, 44.0, 39.0, 46.0, 45.0, 44.0, 43.5, 42.0, 48.0, 40, 45],
            "dso": [50.0] * 12,
        }
    )


def aging_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "label": REGIONS,
            "not_due": [5_000_000.0, 100.0, 0.0, 1_000.0, 2_000_000.0, 0.0],
            "d1_30": [800_000.0, 0.0, 0.0, 500.0, 1.0, 0.0],
            "d31_60": [20_000.0, 0.0, 10.0, 0.0, 0.0, 0.0],
            "d61_90": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            "d90_plus": [5_700_000.0, 0.0, 0.0, 0.0, 300_000.0, 0.0],
        }
    )


def customer_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(40)],
            "customer_name": [f"客户{i}" for i in range(40)],
            "revenue": [1_000.0 * 1.3**i for i in range(40)],
            "gross_margin": [0.05 + 0.01 * (i % 30) for i in range(40)],
        }
    )


def figures(language: str, lake: Lake) -> dict[str, go.Figure]:
    """Every figure the pages draw, with the arguments the pages give."""
    ctx = Context(lake=lake, language=language)
    t = ctx.t
    regions = region_frame()
    months = month_frame()
    buckets = ("not_due", "d1_30", "d31_60", "d61_90", "d90_plus")
    built: dict[str, Callable[[], go.Figure]] = {
        "attainment_regions": lambda: metric_figure(
            ctx, regions, "label", "attainment", key="key", time_progress=0.993
        ),
        "attainment_time_933": lambda: metric_figure(
            ctx, regions, "label", "attainment", time_progress=0.933
        ),
        "attainment_reps": lambda: metric_figure(
            ctx,
            rep_frame(),
            "label",
            "attainment",
            key="key",
            title=t("drill_chart_rep", metric=t("attainment")),
            time_progress=0.995,
        ),
        "forecast": lambda: metric_figure(
            ctx, regions, "label", "forecast_attainment", time_progress=0.5
        ),
        "collection_rate": lambda: metric_figure(ctx, regions, "label", "collection_rate"),
        "budget_usage": lambda: metric_figure(ctx, regions, "label", "budget_usage"),
        "expense_ratio": lambda: metric_figure(ctx, regions, "label", "expense_ratio"),
        "gross_margin": lambda: metric_figure(
            ctx, regions, "label", "gross_margin", title=t("gross_margin")
        ),
        "gross_profit": lambda: metric_figure(
            ctx, regions, "label", "gross_profit", title=t("gross_profit")
        ),
        "revenue_reps": lambda: metric_figure(ctx, rep_frame(), "label", "revenue"),
        "market_share": lambda: metric_figure(ctx, regions, "region", "market_share"),
        "retention": lambda: metric_figure(
            ctx, regions, "region", "retention_rate", title=t("retention_title")
        ),
        "share_change": lambda: charts.change_bars(
            regions, "region", "share_change", title="x", language=language
        ),
        "aging": lambda: charts.stacked_money(
            aging_frame(),
            "label",
            buckets,
            [t(b) for b in buckets],
            language,
            title=t("aging_title", as_of=dt.date(2026, 11, 28)),
            colours=[charts.AGING_COLOURS[b] for b in buckets],
        ),
        "revenue_vs_quota": lambda: charts.money_vs_target(
            months,
            "month",
            "revenue",
            "quota",
            language,
            actual_name=t("revenue"),
            target_name=t("quota"),
            ratio="attainment",
            ratio_name=t("attainment"),
        ),
        "cash_vs_due": lambda: charts.money_vs_target(
            months,
            "month",
            "cash_collected",
            "due_amount",
            language,
            title=t("cash_vs_due_title"),
            actual_name=t("cash_collected"),
            target_name=t("due_amount"),
        ),
        "market_trend": lambda: charts.market_trend(
            months,
            language,
            title=t("market_trend_title_span", span="2026"),
            revenue_name=t("revenue"),
            market_name=t("market_size"),
            share_name=t("market_share"),
        ),
        "collection_days": lambda: charts.days_vs_target(
            months,
            "month",
            "collection_days",
            45.0,
            title=t("collection_days_title"),
            value_name=t("collection_days"),
            target_name=t("target"),
        ),
        "scatter": lambda: charts.customer_scatter(
            customer_frame(),
            language,
            title=t("scatter_title"),
            revenue_name=t("revenue"),
            margin_name=t("gross_margin"),
            average=0.351,
            average_name=t("overall"),
        ),
        "discounts": lambda: charts.discount_histogram(
            pl.DataFrame(
                {
                    "discount_percent": [0, 5, 10, 15, 16, 30],
                    "over_limit": [False, False, False, False, True, True],
                    "lines": [4000, 1200, 800, 300, 40, 2],
                }
            ),
            0.15,
            lines_name=t("lines"),
            limit_name=t("discount_limit"),
            axis_name=t("discount_rate"),
        ),
        "abc_classes": lambda: charts.class_bars(
            pl.DataFrame(
                {
                    "abc_class": ["A", "B", "C", "D"],
                    "customers": [12, 30, 1_250, 45],
                    "revenue_share": [0.7, 0.2, 0.1, 0.0],
                }
            ),
            count_name=t("customers"),
            share_name=t("revenue_share"),
        ),
        "week": lambda: charts.week_bars(
            pl.DataFrame(
                {
                    "region": REGIONS,
                    "this_week": [10_700_000.0, 300_000.0, 0.0, 2_500_000.0, 8_000.0, 1.0],
                    "last_week": [9_990_000.0, 310_000.0, 50.0, 2_400_000.0, 0.0, 0.0],
                }
            ),
            "region",
            "this_week",
            "last_week",
            language,
            this_name=t("this_week"),
            last_name=t("last_week"),
        ),
    }
    shown = {}
    for name, build in built.items():
        figure = build()
        charts.without_title(figure)  # as ui.widgets.chart draws it
        shown[name] = figure
    return shown


MEASURE_PLOT = """(gd) => {
    const paper = gd.querySelector('.main-svg').getBoundingClientRect();
    // the four corners of a text as drawn (rotated tick labels are not their bounding box)
    const corners = (e) => {
        const b = e.getBBox(), m = e.getScreenCTM();
        return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height],
                [b.x, b.y + b.height]].map(([x, y]) => [
            m.a * x + m.c * y + m.e - paper.left, m.b * x + m.d * y + m.f - paper.top]);
    };
    const rect = (e) => { const r = e.getBoundingClientRect();
        const [l, t, rr, b] = [r.left - paper.left, r.top - paper.top,
                               r.right - paper.left, r.bottom - paper.top];
        return [[l, t], [rr, t], [rr, b], [l, b]]; };
    const kinds = {
        'annotation': '.annotation-text', 'bar value': 'text.bartext', 'legend': 'text.legendtext',
        'tick': '.xtick > text, .ytick > text, .x2tick > text, .y2tick > text',
        'axis title': 'text.xtitle, text.ytitle, text.y2title',
    };
    const texts = [];
    for (const [kind, selector] of Object.entries(kinds)) {
        for (const e of gd.querySelectorAll(selector)) {
            const style = getComputedStyle(e);
            const hidden = style.display === 'none' || style.opacity === '0';
            if (!e.textContent.trim() || hidden) continue;
            texts.push({kind: kind, text: e.textContent, box: corners(e)});
        }
    }
    const lines = [...gd.querySelectorAll('.shapelayer path')].map(rect);
    return {width: paper.width, height: paper.height, texts: texts, lines: lines};
}"""
"""The text boxes of one drawn plotly graph (``gd``), relative to its figure."""

MEASURE = (
    """async ([spec, width]) => {
    const gd = document.getElementById('plot');
    Plotly.purge(gd);
    const layout = Object.assign({}, spec.layout, {width: width});
    await Plotly.newPlot(gd, spec.data, layout, {staticPlot: true});
    return ("""
    + MEASURE_PLOT
    + """)(gd);
}"""
)


@pytest.fixture(scope="module")
def plot_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 2000, "height": 1600}, locale="zh-CN")
    page = context.new_page()
    page.set_content(
        '<html><body style="margin:0"><div id="plot"></div></body></html>', wait_until="load"
    )
    page.add_script_tag(path=str(PLOTLY_JS))
    yield page
    context.close()


Quad = list[list[float]]


def _overlap(first: Quad, second: Quad) -> bool:
    """Whether two convex quadrilaterals share more than ``TOLERANCE`` pixels across every
    separating axis (their edges' normals)."""
    for quad in (first, second):
        for index in range(4):
            (x1, y1), (x2, y2) = quad[index], quad[(index + 1) % 4]
            normal = (y1 - y2, x2 - x1)
            length = (normal[0] ** 2 + normal[1] ** 2) ** 0.5
            if length == 0:
                continue
            a = [(x * normal[0] + y * normal[1]) / length for x, y in first]
            b = [(x * normal[0] + y * normal[1]) / length for x, y in second]
            if min(max(a), max(b)) - max(min(a), min(b)) <= TOLERANCE:
                return False
    return True


def _outside(quad: Quad, width: float, height: float) -> bool:
    return any(
        x < -TOLERANCE or y < -TOLERANCE or x > width + TOLERANCE or y > height + TOLERANCE
        for x, y in quad
    )


def problems(drawn: dict[str, Any]) -> list[str]:
    """Labels on top of each other, crossing a target line, or outside the figure."""
    found = []
    texts = drawn["texts"]
    for index, first in enumerate(texts):
        if _outside(first["box"], drawn["width"], drawn["height"]):
            found.append(f"{first['kind']} {first['text']!r} leaves the figure {first['box']}")
        for second in texts[index + 1 :]:
            if _overlap(first["box"], second["box"]):
                found.append(
                    f"{first['kind']} {first['text']!r} overlaps "
                    f"{second['kind']} {second['text']!r}"
                )
        if first["kind"] in ("annotation", "bar value"):
            for line in drawn["lines"]:
                if _overlap(first["box"], line):
                    found.append(f"{first['kind']} {first['text']!r} crosses a target line")
    return found


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_chart_label_overlaps_or_leaves_the_figure(
    plot_page: Any, language: str, tmp_path: Path, screenshots: Path
) -> None:
    folder = screenshots / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    failures = []
    checked = 0
    for name, figure in figures(language, Lake(tmp_path / "lake")).items():
        spec = json.loads(figure.to_json())
        for size, width in WIDTHS.items():
            drawn = plot_page.evaluate(MEASURE, [spec, width])
            checked += 1
            assert drawn["texts"], f"{name} at {size}: nothing drawn"
            failures += [f"{name} {language} {size}: {p}" for p in problems(drawn)]
            if size in ("1280-half", "1920-full"):
                plot_page.locator("#plot").screenshot(
                    path=str(folder / f"{name}-{language}-{size}.png")
                )
    assert checked == 22 * len(WIDTHS)
    assert not failures, "\n".join(failures)


def test_the_check_sees_an_overlap() -> None:
    """The check itself: two labels on one spot, and one past the right edge, are found."""

    def box(left: float, top: float, right: float, bottom: float) -> Quad:
        return [[left, top], [right, top], [right, bottom], [left, bottom]]

    drawn = {
        "width": 400,
        "height": 300,
        "lines": [box(100.0, 0.0, 102.0, 300.0)],
        "texts": [
            {"kind": "annotation", "text": "目标 100.0%", "box": box(60, 10, 140, 30)},
            {"kind": "annotation", "text": "时间进度 99.5%", "box": box(70, 12, 170, 32)},
            {"kind": "bar value", "text": "¥1,070.0万", "box": box(350, 50, 430, 70)},
        ],
    }
    found = problems(drawn)
    assert any("overlaps" in p for p in found)
    assert any("crosses a target line" in p for p in found)
    assert any("leaves the figure" in p for p in found)
    # two labels tilted side by side, whose bounding boxes overlap, do not
    tilted = [[0.0, 0.0], [10.0, -10.0], [60.0, 40.0], [50.0, 50.0]]
    beside = [[x + 20, y] for x, y in tilted]
    assert not _overlap(tilted, beside)


PAGES = ("overview", "page_attainment", "page_margin", "page_collections", "page_market")
SCREENS = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}
CONTENT_HEIGHT = """() => Math.max(...[...document.querySelectorAll(
    '[data-testid="stMain"], [data-testid="stAppViewContainer"], section')]
    .map(e => e.scrollHeight))"""


@pytest.mark.slow
@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_charts_on_the_pages_read_cleanly(
    app_url: str, browser: Any, screen: str, language: str, screenshots: Path
) -> None:
    """The same check on the charts the running app draws on the demo lake, as a
    projector shows them; a screenshot of each page for a look."""
    width, height = SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    folder = screenshots / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    failures, plots = [], 0
    try:
        for name in PAGES:
            path = "" if name == "overview" else name.removeprefix("page_")
            query = "" if language == "zh" else "?lang=English"
            page.goto(f"{app_url}/{path}{query}")
            for _ in range(2):
                wait_for_app(page)
                page.wait_for_timeout(300)
            assert_no_exception(page)
            page.wait_for_timeout(800)  # plotly draws after the script has run
            graphs = page.locator(".js-plotly-plot")
            for index in range(graphs.count()):
                drawn = graphs.nth(index).evaluate(MEASURE_PLOT)
                plots += 1
                failures += [f"{name} #{index} {language} {screen}: {p}" for p in problems(drawn)]
            # the whole page for a look: Streamlit scrolls inside its main section
            tall = page.evaluate(CONTENT_HEIGHT)
            page.set_viewport_size({"width": width, "height": min(max(tall + 40, height), 12_000)})
            page.wait_for_timeout(1_000)
            shot = folder / f"page-{path or 'overview'}-{language}-{screen}.png"
            page.screenshot(path=str(shot), full_page=True)
            page.set_viewport_size({"width": width, "height": height})
    finally:
        context.close()
    assert plots >= len(PAGES)
    assert not failures, "\n".join(failures)

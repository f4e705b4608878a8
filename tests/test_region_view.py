"""Issue 14: one view of the regions per page. Collections, expenses and market drew the
regions' chart and table in their region part and again in the drill-down below; the
region part is now the drill-down, starting at the regions, like the attainment page's.
Also: the open tab is kept across a language switch (ui/frame.py's keep_open_tab)."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from sales_dash.engine.metrics import compute_metric
from sales_dash.i18n import text
from sales_dash.lake import Lake
from sales_dash.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
AS_OF = dt.date(2026, 11, 23)

# page -> (the metric its regions are drawn by, the column the drill-down's bars show)
PAGES = {
    "pages/collections.py": ("collection", "collection_rate"),
    "pages/expenses.py": ("expense", "expense_ratio"),
    "pages/market.py": ("market_share", "market_share"),
}


def open_page(lake: Lake, monkeypatch: pytest.MonkeyPatch, page: str) -> AppTest:
    monkeypatch.setenv("SALES_DASH_DATA", str(lake.root))
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def region_tables(app: AppTest, column: str) -> list[object]:
    """The page's tables with one row per region and ``column``."""
    return [
        frame.value
        for frame in app.dataframe
        if "region" in frame.value.columns and column in frame.value.columns
    ]


@pytest.mark.slow
@pytest.mark.parametrize("page", list(PAGES))
def test_the_regions_are_drawn_once_and_drill_down(
    demo_lake: Lake, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    metric, column = PAGES[page]
    app = open_page(demo_lake, monkeypatch, page)
    regions = compute_metric(demo_lake, metric, *NOVEMBER, AS_OF, by="region")
    tables = region_tables(app, column)
    assert len(tables) == 1  # not a second time under 下钻分析
    assert sorted(tables[0]["region"]) == sorted(regions["region"].to_list())
    assert [s.key for s in app.selectbox if s.key.startswith("drill_")] == ["drill_region"]
    assert not [h for h in app.subheader if h.value == text("drill_title", "zh")]

    app.selectbox(key="drill_region").set_value("华北").run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.selectbox(key="drill_rep").options  # the region's reps, one level down


@pytest.mark.slow
def test_the_open_tab_stays_open_across_a_language_switch(
    demo_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(demo_lake, monkeypatch, "pages/expenses.py")
    app.session_state["expenses_tab"] = text("by_rep", "zh")
    app.run()
    opened = [bool(tab.children) for tab in app.tabs]
    assert opened == [False, True, False]
    app.sidebar.segmented_control(key="lang").set_value("en").run()
    assert not app.exception, [e.value for e in app.exception]
    assert [bool(tab.children) for tab in app.tabs] == [False, True, False]
    assert app.session_state["expenses_tab"] == text("by_rep", "en")
    assert [t.label for t in app.tabs][1] == text("by_rep", "en")

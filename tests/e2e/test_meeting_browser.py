"""The meeting in Chromium: every section fits a 1280×720 projector and a 1920×1080
screen in both languages, the keys (and a clicker's PageUp/PageDown) step through the
sections, the presenter hides the controls; a frozen link holds its numbers through an
upload made while it is open, and the meeting's notes and action items survive a server
restart and come back the next week under 上周待办."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from sales_dash.demo import build_demo
from sales_dash.i18n import text
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from sales_dash.sections.meeting import SECTIONS
from tests.conftest import DEMO_ROWS, DEMO_TODAY, write_csv
from tests.e2e.conftest import assert_no_exception, serve, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LATE_ORDER = """order_id,line_no,order_date,customer_id,rep_id,region,revenue,cost
LATE-1,1,2026-11-23,C-LATE,{rep},华东,5000000.00,1000000.00
"""


SIZES = ((1280, 720), (1920, 1080))
SLACK = 4  # pixels of rounding a fitting page may still report
_FIT = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const boxes = [...main.querySelectorAll('[data-testid="stElementContainer"]')]
        .filter(e => e.checkVisibility({visibilityProperty: true}))  // not in a shut expander
        .map(e => e.getBoundingClientRect());
    const chart = main.querySelector('.sales-dash-plot');
    const box = chart && chart.getBoundingClientRect();
    return {
        scroll: Math.max(main.scrollHeight, document.documentElement.scrollHeight),
        bottom: Math.max(...boxes.map(b => b.bottom)),
        right: Math.max(...boxes.map(b => b.right)),
        chart: box && {top: box.top, bottom: box.bottom, height: box.height},
    };
}"""
_BAR_ROWS = """() => [...document.querySelectorAll('.st-key-meeting_bar button')]
    .filter(b => b.offsetParent !== null && b.closest('[data-testid="stButtonGroup"]') === null)
    .map(b => Math.round(b.getBoundingClientRect().top))"""


def settle(page) -> None:
    for _ in range(2):
        wait_for_app(page)
        page.wait_for_timeout(300)


def headlines(page) -> list[str]:
    return page.locator(
        '[data-testid="stMain"] [data-testid="stMarkdownContainer"] li'
    ).all_inner_texts()


def current_section(page, language: str) -> str:
    """The section the bar shows as chosen."""
    chosen = page.locator('.st-key-meeting_bar [role="radio"][aria-checked="true"]').inner_text()
    return next(s for s in SECTIONS if text(f"section_{s}", language) == chosen.strip())


def on_server(link: str, base: str) -> str:
    """``link`` (path and query) on the server at ``base``."""
    parts = urlsplit(link)
    return urlunsplit((*urlsplit(base)[:2], parts.path, parts.query, ""))


def test_freeze_holds_through_an_upload_and_notes_survive_a_restart(
    browser, tmp_path: Path, screenshots: Path
) -> None:
    lake = Lake(tmp_path / "lake")
    build_demo(lake, seed=7, rows=DEMO_ROWS, today=DEMO_TODAY)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    with serve(lake, tmp_path / "first.log") as url:
        page.goto(f"{url}/meeting?region=%E5%8D%8E%E4%B8%9C")  # 华东
        settle(page)
        assert_no_exception(page)
        before = headlines(page)
        assert before and before[0].startswith("华东本月累计销售额"), before
        assert "华东 · 本月 · 截至 11-23" in page.locator('[data-testid="stMain"]').inner_text()
        page.get_by_role("button", name="冻结").click()
        settle(page)
        frozen_link = page.url
        assert "frozen=" in frozen_link
        assert "已冻结" in page.locator('[data-testid="stMain"]').inner_text()

        # someone uploads during the meeting: a big 华东 order of the as-of date
        rep = lake.read_table("orders").filter(region="华东")["rep_id"][0]
        csv = write_csv(tmp_path, "late.csv", LATE_ORDER.format(rep=rep))
        ingest_file(csv, "orders", lake, now=dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC))
        page.goto(frozen_link)
        settle(page)
        assert headlines(page) == before
        page.goto(f"{url}/meeting?region=%E5%8D%8E%E4%B8%9C")  # live: the upload shows
        settle(page)
        assert headlines(page) != before

        # notes and an action item of this week's 华东 meeting
        page.goto(frozen_link)
        settle(page)
        page.get_by_text("备注与待办").click()
        page.get_by_label("本环节备注").fill("回款 *优先*，见 <b>")
        page.get_by_role("button", name="保存备注").click()
        settle(page)
        page.get_by_label("待办事项").fill("拜访 C-LATE")
        page.get_by_role("button", name="添加待办").click()
        settle(page)
        assert_no_exception(page)
        page.screenshot(path=screenshots / "meeting-frozen-notes.png")

    with serve(lake, tmp_path / "second.log") as url:  # a restarted server
        page.goto(on_server(frozen_link, url))
        settle(page)
        assert headlines(page) == before
        page.get_by_text("备注与待办").click()
        assert page.get_by_label("本环节备注").input_value() == "回款 *优先*，见 <b>"
        assert page.get_by_text("拜访 C-LATE", exact=False).count() >= 1
        page.goto(f"{url}/meeting?region=%E5%8D%8E%E4%B8%9C&asof=2026-11-30")  # next week
        settle(page)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "上周待办" in main and "已完成 0 项，未完成 1 项" in main
        page.screenshot(path=screenshots / "meeting-next-week.png")
    context.close()


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_section_fits_the_screen(
    browser, app_url: str, screenshots: Path, width: int, height: int, language: str
) -> None:
    """No section scrolls; its chart (when it has one) is wholly on screen and tall; the
    step buttons sit on the bar's one row (English at 1280 included)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    lang = "&lang=English" if language == "en" else ""
    for section in SECTIONS:
        label = text(f"section_{section}", language)
        page.goto(f"{app_url}/meeting?section={label}{lang}")
        settle(page)
        assert_no_exception(page)
        assert current_section(page, language) == section
        fit = page.evaluate(_FIT)
        page.screenshot(path=screenshots / f"meeting-{width}-{language}-{section}.png")
        assert fit["scroll"] <= height + SLACK, (section, fit)
        assert fit["bottom"] <= height + SLACK, (section, fit)
        assert fit["right"] <= width + SLACK, (section, fit)
        if section in ("week", "pacing"):
            chart = fit["chart"]
            assert chart is not None, section
            assert chart["top"] >= 0 and chart["bottom"] <= height + SLACK, (section, chart)
            assert chart["height"] >= height * 0.3, (section, chart)  # the room sees it
        tops = page.evaluate(_BAR_ROWS)
        assert len(tops) == 2 and max(tops) - min(tops) <= SLACK, tops  # ‹ › on one row
    context.close()


def test_keys_step_through_the_sections_and_controls_hide(
    browser, app_url: str, screenshots: Path
) -> None:
    """→ and PageDown (a clicker) move on, ← and PageUp back; keys typed into a note do not;
    H hides the sidebar and the note editors, and the link keeps it hidden."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{app_url}/meeting")
    settle(page)
    assert current_section(page, "zh") == "headlines"
    for key, expected in (
        ("ArrowRight", "week"),
        ("PageDown", "pacing"),
        ("ArrowLeft", "week"),
        ("PageUp", "headlines"),
        ("PageUp", "overdue"),  # wraps around
        ("ArrowRight", "headlines"),
    ):
        page.locator("body").press(key)
        settle(page)
        assert current_section(page, "zh") == expected, key
        assert ("section=" in page.url) == (expected != "headlines")  # a link opens on it

    page.get_by_text("备注与待办").click()
    note = page.get_by_label("本环节备注")
    note.fill("草稿")
    note.press("ArrowRight")
    note.press("PageDown")
    settle(page)
    assert current_section(page, "zh") == "headlines"  # typing never turns the page

    sidebar = page.locator('[data-testid="stSidebar"]')
    note.blur()  # out of the note: the keys are the presenter's again
    page.keyboard.press("h")
    settle(page)
    assert "present=1" in page.url
    assert not sidebar.is_visible()
    assert page.get_by_text("备注与待办").count() == 0
    assert page.get_by_role("button", name="冻结").count() == 0
    assert "整体 · 本月 · 截至 11-23" in page.locator('[data-testid="stMain"]').inner_text()
    page.locator("body").press("PageDown")  # the clicker still steps
    settle(page)
    assert current_section(page, "zh") == "week"
    page.screenshot(path=screenshots / "meeting-presenting-1280-zh.png")
    fit = page.evaluate(_FIT)
    assert fit["bottom"] <= 720 + SLACK and fit["chart"]["bottom"] <= 720 + SLACK, fit
    page.reload()  # the link keeps the controls hidden
    settle(page)
    assert current_section(page, "zh") == "week"
    assert page.get_by_text("备注与待办").count() == 0
    page.get_by_role("button", name="显示控件").click()
    settle(page)
    assert "present=" not in page.url
    assert page.get_by_text("备注与待办").count() == 1
    context.close()

"""The meeting in Chromium: a frozen link holds its numbers through an upload made while
it is open, and the meeting's notes and action items survive a server restart and come
back the next week under 上周待办."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from sales_dash.demo import build_demo
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from tests.conftest import DEMO_ROWS, DEMO_TODAY, write_csv
from tests.e2e.conftest import assert_no_exception, serve, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LATE_ORDER = """order_id,line_no,order_date,customer_id,rep_id,region,revenue,cost
LATE-1,1,2026-11-23,C-LATE,{rep},华东,5000000.00,1000000.00
"""


def settle(page) -> None:
    for _ in range(2):
        wait_for_app(page)
        page.wait_for_timeout(300)


def headlines(page) -> list[str]:
    return page.locator(
        '[data-testid="stMain"] [data-testid="stMarkdownContainer"] li'
    ).all_inner_texts()


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

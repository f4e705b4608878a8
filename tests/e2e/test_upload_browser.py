"""The Upload page in a real browser: drop a GBK export with title and 合计 rows, confirm,
see it in the history, undo it (asked twice), put it back by undoing the undo; a bad file
shows its report in English."""

from __future__ import annotations

from pathlib import Path

import pytest

from sales_dash.ingest import upload_history
from sales_dash.lake import Lake
from tests.e2e.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser

EXPORT = (
    "2024年1月补录订单\n"
    "订单号,订单日期,客户编号,客户名称,业务员编号,区域,销售额(万元),成本（元）\n"
    'E2E-1,2024/1/15,00901,测试客户甲,R-E2E,华东,1.2,"8,000.00"\n'
    "E2E-2,2024年1月16日,00902,测试客户乙,R-E2E,华东,0.5,3000\n"
    "合计,,,,,,1.7,11000\n"
)
BAD = (
    "order_id,order_date,customer_id,rep_id,region,revenue,cost\n"
    "E2E-9,2024-02-30,C1,R1,华东,100,60\n"
)


def drop(page, path: Path) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    wait_for_app(page, timeout_ms=60_000)


def test_upload_confirm_and_undo_in_the_browser(
    app_url: str, page, screenshots: Path, e2e_lake: Lake, tmp_path: Path
) -> None:
    before = e2e_lake.read_table("orders").height
    export = tmp_path / "补录订单.csv"
    export.write_bytes(EXPORT.encode("gbk"))
    page.set_viewport_size({"width": 1440, "height": 2000})
    page.goto(f"{app_url}/upload")
    wait_for_app(page)
    assert_no_exception(page)
    drop(page, export)
    assert_no_exception(page)
    body = page.locator('[data-testid="stMain"]')
    assert "识别为订单明细，编码 GBK (简体中文)，表头在第 2 行；2 行数据" in body.inner_text()
    assert "校验通过" in body.inner_text()
    page.screenshot(path=screenshots / "upload-zh.png", full_page=True)

    page.get_by_role("button", name="确认写入").click()
    wait_for_app(page, timeout_ms=60_000)
    assert_no_exception(page)
    assert "新增 2 行" in body.inner_text()
    assert e2e_lake.read_table("orders").height == before + 2
    upload_id = upload_history(e2e_lake)["upload_id"][0]
    page.screenshot(path=screenshots / "upload-confirmed-zh.png", full_page=True)

    written = e2e_lake.read_table("orders").sort("order_id", "line_no")
    assert "无需更改" not in body.inner_text()  # a write is never shown with "nothing to change"

    page.locator(f'[class*="st-key-undo-{upload_id}"] button').click()
    wait_for_app(page)
    assert_no_exception(page)
    ask = page.locator(f'[class*="st-key-undo-ask-{upload_id}"]')
    assert f"确定撤销上传 {upload_id} 吗？" in ask.inner_text()
    assert "文件：补录订单.csv" in ask.inner_text()
    assert "将删除 2 行，新增 0 行，改回 0 行；涉及月份：2024-01。" in ask.inner_text()
    assert e2e_lake.read_table("orders").height == before + 2  # asking changes nothing
    page.screenshot(path=screenshots / "upload-undo-ask-zh.png", full_page=True)

    page.locator(f'[class*="st-key-undo-confirm-{upload_id}"] button').click()
    wait_for_app(page)
    assert_no_exception(page)
    assert f"已撤销上传 {upload_id}" in body.inner_text()
    assert e2e_lake.read_table("orders").height == before
    page.screenshot(path=screenshots / "upload-undone-zh.png", full_page=True)

    undo_id = upload_history(e2e_lake)["upload_id"][0]
    page.locator(f'[class*="st-key-undo-{undo_id}"] button').click()
    wait_for_app(page)
    assert f"确定恢复上传 {upload_id} 吗？" in body.inner_text()
    page.locator(f'[class*="st-key-undo-confirm-{undo_id}"] button').click()
    wait_for_app(page)
    assert_no_exception(page)
    assert f"上传 {upload_id} 已恢复生效" in body.inner_text()
    assert e2e_lake.read_table("orders").sort("order_id", "line_no").equals(written)
    page.screenshot(path=screenshots / "upload-redone-zh.png", full_page=True)

    # at 1280 px the history's undo and redo buttons show their whole label, both languages
    page.set_viewport_size({"width": 1280, "height": 720})
    for query, labels in (("", ("撤销", "恢复")), ("?lang=English", ("Undo", "Redo"))):
        page.goto(f"{app_url}/upload{query}")
        wait_for_app(page)
        buttons = page.locator('[class*="st-key-undo-"] button')
        assert buttons.count() >= 3
        for index in range(buttons.count()):
            button = buttons.nth(index)
            assert button.inner_text().split()[-1] in labels  # after the icon's ligature
            assert button.evaluate(CLIPPED) == [], button.inner_text()
    page.screenshot(path=screenshots / "upload-history-en-1280.png")


CLIPPED = """(button) => [button, ...button.querySelectorAll('*')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((e) => e.textContent)"""
"""What of a button does not fit its box: Streamlit cuts a label short with an ellipsis."""


def test_a_rejected_file_in_english(app_url: str, page, screenshots: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    page.set_viewport_size({"width": 1440, "height": 1400})
    page.goto(f"{app_url}/upload?lang=English")
    wait_for_app(page)
    drop(page, bad)
    assert_no_exception(page)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "Validation report: 1 problem(s)" in body
    assert "The file has 1 problem(s) and was not written." in body
    page.screenshot(path=screenshots / "upload-en.png", full_page=True)

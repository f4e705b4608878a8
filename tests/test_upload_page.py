"""The Upload page under Streamlit's AppTest: a good file, a rejected one, confirm, undo."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sales_dash.ingest import upload_history
from sales_dash.lake import Lake
from sales_dash.settings import PROJECT_ROOT

PAGE = str(PROJECT_ROOT / "pages" / "upload.py")
CORPUS = Path(__file__).parent / "ingest_corpus"
GOOD = (
    "订单号,订单日期,客户编号,业务员编号,区域,销售额(万元),成本\n"
    "SO1,2026/10/3,00123,R1,华东,1.5,8000\n"
    "SO2,2026年11月5日,00124,R2,华南,0.25,1500\n"
    "合计,,,,,1.75,9500\n"
).encode("gbk")
BAD = (
    "订单号,订单日期,客户编号,业务员编号,区域,销售额,成本\n"
    "SO1,2026-10-03,1.23E+11,R1,华东,100,60\n"
    "SO2,2026/02/30,C2,R1,华东,200,120\n"
    "SO3,2026-10-05,C3,R1,华东,300,180\n"
).encode()


@pytest.fixture
def app(lake: Lake, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("SALES_DASH_DATA", str(lake.root))
    return AppTest.from_file(PAGE, default_timeout=60)


def texts(elements: object) -> list[str]:
    return [element.value for element in elements]


def frame_with(app: AppTest, column: str):
    """The table on the page that has ``column`` (the mapping editor is one of them)."""
    return next(d.value for d in app.dataframe if column in d.value.columns)


def upload(app: AppTest, name: str, payload: bytes) -> AppTest:
    app.run()
    app.file_uploader(key="upload_files").set_value([(name, payload, "text/csv")])
    return app.run()


def confirm(app: AppTest) -> AppTest:
    button = next(b for b in app.button if b.key and b.key.startswith("confirm-"))
    return button.click().run()


def test_an_empty_lake_shows_the_page_and_no_history(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert texts(app.title) == ["上传"]
    assert "还没有上传记录。" in texts(app.info)


def test_a_good_file_is_previewed_dry_run_and_confirmed(app: AppTest, lake: Lake) -> None:
    upload(app, "十月订单.csv", GOOD)
    assert not app.exception
    assert (
        "识别为订单明细，编码 gbk，表头在第 1 行；2 行数据，另有 1 个空行或合计行已跳过。"
        in texts(app.caption)
    )
    assert "校验通过：没有发现问题。" in texts(app.success)
    preview, plan = frame_with(app, "revenue"), frame_with(app, "月份")
    assert list(preview["revenue"].astype(float)) == [15000.0, 2500.0]
    assert list(preview["customer_id"]) == ["00123", "00124"]
    assert plan.values.tolist() == [
        ["2026-10", 1, 0, 0, 0, 0],
        ["2026-11", 1, 0, 0, 0, 0],
        ["（无月份）", 0, 0, 0, 0, 1],
    ]
    assert lake.version == 0  # nothing written before Confirm

    confirm(app)
    assert not app.exception
    assert (
        "已写入（上传 1）：新增 2 行，更新 0 行，删除 0 行，跳过 1 行。所有页面已使用新数据。"
        in texts(app.success)
    )
    assert lake.read_table("orders")["order_id"].sort().to_list() == ["SO1", "SO2"]
    assert upload_history(lake)["file"].to_list() == ["十月订单.csv"]
    # the same file, now loaded, has nothing left to change
    assert "无需更改：文件中的 2 行已全部在数据中，未写入任何内容。" in texts(app.info)


def test_a_rejected_file_shows_its_report_and_no_confirm(app: AppTest, lake: Lake) -> None:
    upload(app, "bad.csv", BAD)
    assert not app.exception
    report = frame_with(app, "原因")
    assert report.columns.tolist() == ["行号", "列", "值", "原因"]
    assert report.values.tolist()[:2] == [
        [
            2,
            "客户编号",
            "1.23E+11",
            "看起来是被 Excel 改成科学计数法的编号（如 1.23E+11），原编号已丢失；"
            "请把该列设为“文本”格式后重新导出",
        ],
        [
            3,
            "订单日期",
            "2026/02/30",
            "不是有效日期（可用 2026-11-03、2026/11/3、2026.11.3、2026年11月3日）",
        ],
    ]
    assert "**校验报告：2 个问题（点击列标题排序）**" in texts(app.markdown)
    assert texts(app.warning) == [
        "文件中有问题，未写入。请修正后重新上传，或选择“跳过有问题的行”。"
    ]
    assert not [b for b in app.button if b.key and b.key.startswith("confirm-")]
    assert len(app.get("download_button")) == 1
    assert lake.version == 0


def test_skipping_invalid_rows_writes_the_rest(app: AppTest, lake: Lake) -> None:
    upload(app, "bad.csv", BAD)
    next(c for c in app.checkbox if c.key.startswith("skip-")).check().run()
    confirm(app)
    assert not app.exception
    assert lake.read_table("orders")["order_id"].to_list() == ["SO3"]


def test_undo_from_the_history(app: AppTest, lake: Lake) -> None:
    upload(app, "十月订单.csv", GOOD)
    confirm(app)
    app.button(key="undo-1").click().run()
    assert not app.exception
    assert "已撤销上传 1（十月订单.csv）：相关月份已恢复到上传之前。" in texts(app.success)
    assert lake.read_table("orders").is_empty()
    assert app.button(key="undo-1").disabled
    assert upload_history(lake)["undone"].to_list() == [True]


def test_a_hostile_file_gets_a_sentence_not_a_traceback(app: AppTest, lake: Lake) -> None:
    upload(app, "orders.csv", (CORPUS / "zip_renamed.csv").read_bytes())
    assert not app.exception
    assert texts(app.error) == ["这是一个 ZIP 压缩包，不是 CSV 或 Excel 文件；请先解压"]
    assert texts(app.warning) == ["文件整体有问题，无法写入。"]


def test_the_page_speaks_english(app: AppTest) -> None:
    app.session_state["lang"] = "en"
    upload(app, "bad.csv", BAD)
    assert not app.exception
    assert texts(app.title) == ["Upload"]
    report = frame_with(app, "Reason")
    assert report.columns.tolist() == ["Row", "Column", "Value", "Reason"]
    assert report.values.tolist()[1][3] == (
        "is not a valid date (use 2026-11-03, 2026/11/3, 2026.11.3 or 2026年11月3日)"
    )


def test_an_xlsx_offers_its_sheets(app: AppTest, lake: Lake) -> None:
    upload(app, "orders.xlsx", (CORPUS / "excel_serial_dates.xlsx").read_bytes())
    sheet = next(s for s in app.selectbox if s.key.startswith("sheet-"))
    assert sheet.options == ["说明", "订单"]
    sheet.set_value("订单").run()
    assert not app.exception
    confirm(app)
    assert lake.read_table("orders")["customer_id"].sort().to_list() == ["00123", "456"]


def test_the_mapping_can_be_edited_to_settle_a_duplicate_header(app: AppTest, lake: Lake) -> None:
    upload(app, "dup.csv", (CORPUS / "duplicate_headers.csv").read_bytes())
    assert (
        frame_with(app, "原因")
        .values.tolist()[0][3]
        .startswith("同一表头出现了不止一次：F 金额 / H 金额 (2)")
    )
    editor = app.data_editor[0]
    headers = list(editor.value["header"])
    second = headers.index("金额 (2)")
    app.session_state[editor.key] = {
        "edited_rows": {second: {"column": "revenue"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    assert "校验通过：没有发现问题。" in texts(app.success)
    confirm(app)
    assert lake.read_table("orders")["revenue"].to_list() == [Decimal("113.00")]


def test_preview_columns_read_as_the_user_knows_them(tmp_path) -> None:
    from sales_dash.ingest.problems import ROW
    from sales_dash.lake import Lake
    from sales_dash.ui.frame import Context
    from sales_dash.ui.upload import _column_label

    zh, en = Context(Lake(tmp_path), "zh"), Context(Lake(tmp_path), "en")
    assert _column_label(zh, "orders", "order_id") == "订单号 (order_id)"
    assert _column_label(zh, "quotas", "revenue_quota") == "销售指标 (revenue_quota)"
    assert _column_label(en, "orders", "order_id") == "order_id"
    assert _column_label(zh, "orders", ROW) == zh.t("report_row")

"""The Upload page under Streamlit's AppTest: each state of a file shown alone, in the
page's language, problems named by the file's own headers, no user string as Markdown,
and undo asked twice and undone in turn."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from sales_dash.ingest import ingest_bytes, upload_history
from sales_dash.ingest.problems import PROBLEM_SCHEMA, ROW
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
ENGLISH = (
    "\ufefforder_id,order_date,customer_id,customer_name,rep_id,region,revenue,cost\n"
    "A-1,2026-10-03,C1,,R1,East,48.9,30\n"
    "A-2,2026-10-04,C2,Acme,R1,East,1234.5,700\n"
).encode()
HOSTILE_NAME = "[x](http://e.vil) ![i](http://e.vil/i.png).csv"
MARKDOWN_ELEMENTS = ("markdown", "caption", "title", "subheader", "header")
ALERTS = ("success", "info", "warning", "error")


@pytest.fixture
def app(lake: Lake, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("SALES_DASH_DATA", str(lake.root))
    return AppTest.from_file(PAGE, default_timeout=60)


def texts(elements: object) -> list[str]:
    return [element.value for element in elements]


def frame_with(app: AppTest, column: str):
    """The table on the page that has ``column`` (the mapping editor is one of them)."""
    return next(d.value for d in app.dataframe if column in d.value.columns)


def alerts(app: AppTest) -> dict[str, list[str]]:
    """Every alert box on the page by kind (the history's "no uploads yet" left out)."""
    found = {kind: texts(getattr(app, kind)) for kind in ALERTS}
    found["info"] = [t for t in found["info"] if t not in ("还没有上传记录。", "No uploads yet.")]
    return {kind: shown for kind, shown in found.items() if shown}


def upload(app: AppTest, name: str, payload: bytes) -> AppTest:
    app.run()
    app.file_uploader(key="upload_files").set_value([(name, payload, "text/csv")])
    return app.run()


def confirm_buttons(app: AppTest) -> list:
    return [b for b in app.button if b.key and b.key.startswith("confirm-")]


def confirm(app: AppTest) -> AppTest:
    return confirm_buttons(app)[0].click().run()


def current_files(lake: Lake) -> tuple[dict, dict[str, bytes]]:
    """The data as a reader finds it: the manifest's partitions and the bytes they name."""
    partitions = {t: dict(parts) for t, parts in lake.manifest().partitions.items()}
    files = {
        path: (lake.root / path).read_bytes()
        for parts in partitions.values()
        for path in parts.values()
    }
    return partitions, files


def test_an_empty_lake_shows_the_page_and_no_history(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert texts(app.title) == ["上传"]
    assert "还没有上传记录。" in texts(app.info)


def test_ready_to_write_shows_columns_by_name_and_cells_for_people(
    app: AppTest, lake: Lake
) -> None:
    upload(app, "十月订单.csv", GOOD)
    assert not app.exception
    assert (
        "识别为订单明细，编码 GBK (简体中文)，表头在第 1 行；"
        "2 行数据，另有 1 个空行或合计行已跳过。" in texts(app.caption)
    )
    assert alerts(app) == {"info": ["校验通过：没有发现问题。请查看下面的试运行，确认后才写入。"]}
    preview = frame_with(app, "销售额")
    assert preview.columns.tolist()[:8] == [
        "文件行号",
        "订单号",
        "明细行号",
        "订单日期",
        "客户编号",
        "客户",
        "业务员编号",
        "业务员",
    ]
    assert preview["销售额"].tolist() == ["15,000.00", "2,500.00"]  # 1.5 万元, 0.25 万元
    assert preview["订单日期"].tolist() == ["2026-10-03", "2026-11-05"]
    assert preview["客户编号"].tolist() == ["00123", "00124"]
    assert preview["客户"].tolist() == ["", ""]  # no customer name: empty, not None
    assert "None" not in preview.to_numpy().ravel().tolist()
    plan = frame_with(app, "月份")
    assert plan.values.tolist() == [
        ["2026-10", 1, 0, 0, 0, 0],
        ["2026-11", 1, 0, 0, 0, 0],
        ["（无月份）", 0, 0, 0, 0, 1],
    ]
    assert len(confirm_buttons(app)) == 1
    assert lake.version == 0  # nothing written before Confirm


def test_the_page_in_english_names_columns_and_encodings_in_english(app: AppTest) -> None:
    app.session_state["lang"] = "en"
    upload(app, "export.csv", ENGLISH)
    assert not app.exception
    assert (
        "Read as Orders, encoding UTF-8 (with BOM), header in row 1; 2 data rows, and 0 blank "
        "or total rows skipped." in texts(app.caption)
    )
    preview = frame_with(app, "Revenue")
    assert preview.columns.tolist()[:4] == ["Row in file", "Order", "Line no.", "Order date"]
    assert preview["Revenue"].tolist() == ["48.90", "1,234.50"]
    assert preview["Customer"].tolist() == ["", "Acme"]
    encoding = next(s for s in app.selectbox if s.key.startswith("encoding-"))
    assert encoding.options[:3] == ["Automatic (UTF-8 (with BOM))", "UTF-8", "UTF-8 (with BOM)"]


def test_a_write_is_shown_alone_never_with_nothing_to_change(app: AppTest, lake: Lake) -> None:
    upload(app, "十月订单.csv", GOOD)
    confirm(app)
    assert not app.exception
    assert alerts(app) == {
        "success": [
            "已写入（上传 1）：新增 2 行，更新 0 行，删除 0 行，跳过 1 行。所有页面已使用新数据。"
        ]
    }
    assert not confirm_buttons(app)
    assert lake.read_table("orders")["order_id"].sort().to_list() == ["SO1", "SO2"]
    assert upload_history(lake)["file"].to_list() == ["十月订单.csv"]
    app.run()  # and stays so on the next rerun
    assert list(alerts(app)) == ["success"]


def test_nothing_to_change_is_shown_alone(app: AppTest, lake: Lake) -> None:
    ingest_bytes(GOOD, "十月订单.csv", "orders", lake)
    upload(app, "again.csv", GOOD)
    assert not app.exception
    assert alerts(app) == {"info": ["无需更改：文件中的 2 行已全部在数据中，未写入任何内容。"]}
    assert not confirm_buttons(app)


def test_problems_name_the_files_own_headers(app: AppTest, lake: Lake) -> None:
    upload(app, "bad.csv", BAD)
    assert not app.exception
    assert alerts(app) == {
        "warning": ["文件中有 2 个问题，未写入。请修正后重新上传，或选择“跳过有问题的行”。"]
    }
    report = frame_with(app, "原因")
    assert report.columns.tolist() == ["行号", "列", "值", "原因"]
    assert report.values.tolist()[:2] == [
        [
            "2",
            "客户编号",
            "1.23E+11",
            "看起来是被 Excel 改成科学计数法的编号（如 1.23E+11），原编号已丢失；"
            "请把该列设为“文本”格式后重新导出",
        ],
        [
            "3",
            "订单日期",
            "2026/02/30",
            "不是有效日期（可用 2026-11-03、2026/11/3、2026.11.3、2026年11月3日）",
        ],
    ]
    assert "**校验报告：2 个问题（点击列标题排序）**" in texts(app.markdown)
    assert not confirm_buttons(app)
    assert len(app.get("download_button")) == 1
    assert lake.version == 0


def test_a_missing_column_is_said_once_without_a_row(app: AppTest) -> None:
    upload(app, "missing.csv", (CORPUS / "missing_required.csv").read_bytes())
    assert not app.exception
    assert alerts(app) == {"error": ["文件整体有问题，无法写入。"]}
    sentence = (
        "列“销售额”：缺少必需的列；文件中的列为：订单号, 订单日期, 客户编号, 业务员编号, 区域, 成本"
    )
    assert [t for t in texts(app.text) if "缺少" in t] == [sentence]
    assert not [d for d in app.dataframe if "原因" in d.value.columns]  # no row to list


def test_skipping_invalid_rows_writes_the_rest(app: AppTest, lake: Lake) -> None:
    upload(app, "bad.csv", BAD)
    next(c for c in app.checkbox if c.key.startswith("skip-")).check().run()
    assert alerts(app)["warning"] == [
        "2 行有问题，将被跳过；其余的行可以写入。请查看下面的试运行，确认后才写入。"
    ]
    confirm(app)
    assert not app.exception
    assert lake.read_table("orders")["order_id"].to_list() == ["SO3"]


def test_a_hostile_file_gets_a_sentence_not_a_traceback(app: AppTest, lake: Lake) -> None:
    upload(app, "orders.csv", (CORPUS / "zip_renamed.csv").read_bytes())
    assert not app.exception
    assert alerts(app) == {"error": ["文件整体有问题，无法写入。"]}
    assert "这是一个 ZIP 压缩包，不是 CSV 或 Excel 文件；请先解压" in texts(app.text)


def test_the_page_speaks_english(app: AppTest) -> None:
    app.session_state["lang"] = "en"
    upload(app, "bad.csv", BAD)
    assert not app.exception
    assert texts(app.title) == ["Upload"]
    report = frame_with(app, "Reason")
    assert report.columns.tolist() == ["Row", "Column", "Value", "Reason"]
    assert report.values.tolist()[1][1:] == [
        "订单日期",
        "2026/02/30",
        "is not a valid date (use 2026-11-03, 2026/11/3, 2026.11.3 or 2026年11月3日)",
    ]


def test_no_user_string_is_rendered_as_markdown(app: AppTest, lake: Lake) -> None:
    payload = (
        "订单号,订单日期,客户编号,业务员编号,区域,销售额,成本,**bold**\n"
        "SO1,2026-10-03,C1,R1,华东,100,60,x\n"
    ).encode()
    upload(app, HOSTILE_NAME, payload)
    assert not app.exception
    shown = texts(app.text)
    assert f"{HOSTILE_NAME} · 0.1 KB" in shown
    editor = app.data_editor[0].value
    assert "**bold**" in editor["header"].tolist()
    confirm(app)
    assert HOSTILE_NAME in texts(app.text)  # the history's file cell
    # and a header that names no column shows literally in the sentence about it
    upload(app, "headers.csv", b"**bold**,:red[x]\n1,2\n")
    assert any("**bold**, :red[x]" in t for t in texts(app.text))
    rendered = [t for kind in (*MARKDOWN_ELEMENTS, *ALERTS) for t in texts(getattr(app, kind))]
    rendered += [b.label for b in app.button]
    assert not [t for t in rendered if "e.vil" in t or "bold" in t or ":red[" in t]


def test_undo_asks_first_and_can_itself_be_undone(app: AppTest, lake: Lake) -> None:
    upload(app, "十月订单.csv", GOOD)
    confirm(app)
    written = current_files(lake)
    version = lake.version

    app.button(key="undo-1").click().run()
    assert not app.exception
    assert "确定撤销上传 1 吗？" in texts(app.warning)
    assert "文件：十月订单.csv" in texts(app.text)
    assert (
        "将删除 2 行，新增 0 行，改回 0 行；涉及月份：2026-10, 2026-11。之后仍可在上传记录中反悔。"
        in texts(app.text)
    )
    assert lake.version == version  # the first click only asks
    app.button(key="undo-cancel").click().run()
    assert "确定撤销上传 1 吗？" not in texts(app.warning)
    assert lake.version == version

    app.button(key="undo-1").click().run()
    app.button(key="undo-confirm-1").click().run()
    assert not app.exception
    assert "已撤销上传 1：相关月份已恢复到上传之前（记录为 2，可再撤销以恢复）。" in texts(
        app.success
    )
    assert lake.read_table("orders").is_empty()
    assert app.button(key="undo-1").disabled
    assert app.button(key="undo-2").label == "恢复"
    assert "撤销 1" in texts(app.text)  # the undo's action in the history
    assert len(confirm_buttons(app)) == 1  # the file may be written again

    app.button(key="undo-2").click().run()
    assert "确定恢复上传 1 吗？" in texts(app.warning)
    app.button(key="undo-confirm-2").click().run()
    assert not app.exception
    assert "上传 1 已恢复生效（记录为 3）。" in texts(app.success)
    assert current_files(lake) == written  # the upload's very files, byte for byte
    assert upload_history(lake).select("upload_id", "undone", "undoes").rows() == [
        ("3", False, "2"),
        ("2", True, "1"),
        ("1", False, None),
    ]


def test_an_undo_a_later_upload_blocks_says_why_and_offers_no_confirm(
    app: AppTest, lake: Lake
) -> None:
    ingest_bytes(GOOD, "十月订单.csv", "orders", lake)
    fixed = GOOD.replace("1.5,8000".encode("gbk"), "1.6,8000".encode("gbk")).replace(
        b"1.75,9500", b"1.85,9500"
    )
    ingest_bytes(fixed, "修正.csv", "orders", lake)
    app.run()
    app.button(key="undo-1").click().run()
    assert not app.exception
    assert texts(app.error) == [
        "无法撤销上传 1：之后的上传（2）又修改了 2026-10 的数据；请先撤销它们。"
    ]
    assert not [b for b in app.button if b.key and b.key.startswith("undo-confirm-")]


def test_an_xlsx_offers_its_sheets(app: AppTest, lake: Lake) -> None:
    upload(app, "orders.xlsx", (CORPUS / "excel_serial_dates.xlsx").read_bytes())
    sheet = next(s for s in app.selectbox if s.key.startswith("sheet-"))
    # each sheet said with the table found in it; the one holding the orders chosen by itself
    assert sheet.options == [
        "说明：未识别出数据表",
        "订单：订单明细，表头在第 4 行，识别出 8 列（最佳）",
    ]
    assert sheet.value == "订单"
    assert not [s for s in app.selectbox if s.key.startswith("encoding-")]  # a workbook's
    assert not app.exception
    assert any("编码 Excel 工作簿" in c for c in texts(app.caption))
    confirm(app)
    assert lake.read_table("orders")["customer_id"].sort().to_list() == ["00123", "456"]


def test_a_duplicate_header_is_a_choice_or_settled_in_the_mapping(app: AppTest, lake: Lake) -> None:
    upload(app, "dup.csv", (CORPUS / "duplicate_headers.csv").read_bytes())
    choice = app.selectbox(key=next(s.key for s in app.selectbox if s.key.startswith("choice-")))
    assert choice.label == "销售额：用文件中的哪一列？"
    assert choice.options == ["F · 金额", "H · 金额 (2)", "不使用"]
    assert choice.value is None  # never guessed
    assert alerts(app) == {
        "warning": ["还有 1 个字段需要你选择文件中的列（见上方），选择后才能校验和写入。"]
    }
    assert not confirm_buttons(app)
    # settled instead in the mapping, by the field's name
    editor = app.data_editor[0]
    headers = list(editor.value["header"])
    second = headers.index("金额 (2)")
    app.session_state[editor.key] = {
        "edited_rows": {second: {"column": "销售额"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    assert list(alerts(app)) == ["info"]
    confirm(app)
    assert lake.read_table("orders")["revenue"].to_list() == [Decimal("113.00")]


def test_preview_columns_read_as_the_user_knows_them(tmp_path: Path) -> None:
    from sales_dash.ui.frame import Context
    from sales_dash.ui.upload_report import preview_labels

    zh, en = Context(Lake(tmp_path), "zh"), Context(Lake(tmp_path), "en")
    assert preview_labels(zh, [ROW, "order_id", "revenue", "paid_date"]) == {
        ROW: "文件行号",
        "order_id": "订单号",
        "revenue": "销售额",
        "paid_date": "回款日期",
    }
    assert preview_labels(en, ["revenue_quota", "visit_id"]) == {
        "revenue_quota": "Revenue quota",
        "visit_id": "Visit ID",
    }
    # two columns with one label are told apart
    assert preview_labels(zh, ["rep_name", "rep"]) == {
        "rep_name": "业务员 (rep_name)",
        "rep": "业务员 (rep)",
    }


def test_the_report_csv_names_headers_and_runs_no_formula() -> None:
    from sales_dash.ui.upload_report import report_csv

    problems = pl.DataFrame(
        [
            (1, "revenue", "", "missing_column", "订单号, 成本"),
            (3, "customer_id", '=HYPERLINK("http://e.vil","x")', "required_empty", ""),
            (4, "order_date", "@SUM(A1)", "not_a_date", ""),
            (5, "order_date", "\tx", "not_a_date", ""),
        ],
        schema=PROBLEM_SCHEMA,
        orient="row",
    )
    names = {"revenue": "销售额", "customer_id": "客户代码", "order_date": "下单日期"}
    lines = report_csv(problems, "zh", names).decode("utf-8-sig").splitlines()
    assert lines[0] == "行号,列,值,原因"
    assert lines[1] == ',销售额,"","缺少必需的列；文件中的列为：订单号, 成本"'  # no row
    assert lines[2].startswith('3,客户代码,"\'=HYPERLINK(""http://e.vil"",""x"")",')
    assert lines[3].startswith("4,下单日期,'@SUM(A1),")
    assert lines[4].startswith("5,下单日期,'\tx,")


def test_money_keeps_every_decimal_stored_and_numbers_lose_float_noise() -> None:
    from sales_dash.ui.upload_report import decimal_text, number_text, text_cells

    assert decimal_text(Decimal("48.8960")) == "48.896"
    assert decimal_text(Decimal("15000.0000")) == "15,000.00"
    assert decimal_text(Decimal("-1234567.5")) == "-1,234,567.50"
    assert number_text(0.1 + 0.2) == "0.30000000000000004"  # what is stored, not rounded
    assert (number_text(3.0), number_text(1200.0), number_text(0.15)) == ("3", "1,200", "0.15")
    frame = pl.DataFrame(
        {"a": [None, "x"], "n": [None, 2.5], "q": [Decimal("1.00"), Decimal("2.50")]},
        schema={"a": pl.String, "n": pl.Float64, "q": pl.Decimal(18, 2)},
    )
    assert text_cells(frame).rows() == [("", "", "1"), ("x", "2.5", "2.5")]
    assert text_cells(frame, frozenset({"q"})).rows() == [("", "", "1.00"), ("x", "2.5", "2.50")]


def test_a_write_refused_at_confirm_is_said_alone(
    app: AppTest, lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_UPLOAD_LOCK_WAIT", "1")
    upload(app, "十月订单.csv", GOOD)
    with lake.write_lock():  # another upload holds the lake past the wait
        confirm(app)
    assert not app.exception
    assert alerts(app) == {"error": ["上传被拒绝：1 个问题，未写入任何数据。"]}
    assert "另一个上传正在写入数据，已等待 1 秒；请稍后再试" in texts(app.text)
    assert lake.version == 0
    app.run()  # said once: the file is ready to write again
    assert list(alerts(app)) == ["info"]
    assert len(confirm_buttons(app)) == 1


def test_the_rejects_csv_names_the_files_headers_and_runs_no_formula(
    lake: Lake, tmp_path: Path
) -> None:
    from sales_dash.ingest.report import write_rejects

    payload = (
        "订单号,下单日期,客户代码,业务员编号,区域,销售额,成本\n"
        "SO1,2026-10-03,C1,R1,华东,100,60\n"
        'SO2,"=HYPERLINK(""http://e.vil"",""x"")",C1,R1,华东,200,120\n'
    ).encode()
    result = ingest_bytes(payload, "mixed.csv", "orders", lake, skip_invalid=True)
    path = tmp_path / "mixed.rejects.csv"
    write_rejects(result, path, "zh")
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    assert lines == [
        "行号,订单号,下单日期,客户代码,业务员编号,区域,销售额,成本,问题",
        '3,SO2,"\'=HYPERLINK(""http://e.vil"",""x"")",C1,R1,华东,200,120,'
        '"第 3 行，列 下单日期，值“=HYPERLINK(""http://e.vil"",""x"")”：'
        '不是有效日期（可用 2026-11-03、2026/11/3、2026.11.3、2026年11月3日）"',
    ]

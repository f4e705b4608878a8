"""The Upload page with real exports (issue 11 §2, §5): only the truly ambiguous choices are
offered, each with its candidates; the whole mapping in the page's language; the table
guess with its confidence and one click to change it; a workbook's best sheet; the date
order when a column cannot tell; moves accepted with a checkbox; deletions per region."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sales_dash.ingest import Mode, ReplaceScope, ingest_bytes
from sales_dash.lake import Lake
from tests.real_exports import BI_HEADER, bi_export, bi_rows, cn_workbook, shop_export
from tests.test_upload_page import PAGE, alerts, confirm, confirm_buttons, texts


@pytest.fixture
def app(lake: Lake, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("SALES_DASH_DATA", str(lake.root))
    return AppTest.from_file(PAGE, default_timeout=120)


def upload(app: AppTest, path: Path, language: str = "zh") -> AppTest:
    app.session_state["lang"] = language
    app.run()
    app.file_uploader(key="upload_files").set_value([(path.name, path.read_bytes(), "text/csv")])
    return app.run()


def choices(app: AppTest) -> dict[str, object]:
    """The open column choices on the page, by their label."""
    return {s.label: s for s in app.selectbox if s.key.startswith("choice-")}


def mapping(app: AppTest) -> list[tuple[str, str | None, str]]:
    """The mapping table's rows: the file's header, the field it goes to, the note."""
    frame = app.data_editor[0].value
    fields = [None if pd.isna(f) else f for f in frame["column"]]
    return list(zip(frame["header"], fields, frame["note"], strict=True))


def test_the_english_bi_export_asks_only_region_or_state(app: AppTest, lake: Lake) -> None:
    export = bi_export(lake.root.parent, "cp1252")
    upload(app, export.path, "en")
    assert not app.exception
    offered = choices(app)
    assert list(offered) == ["Region: which column of the file?"]
    region = offered["Region: which column of the file?"]
    assert region.options == ["K · State", "M · Region", "not used"]
    assert region.value is None
    assert alerts(app) == {
        "warning": [
            "1 field(s) wait for you to choose the file's column (above); the file is checked "
            "and can be written once you have chosen."
        ]
    }
    assert not confirm_buttons(app)
    # stopped at the header: no "0 data rows" said of a file of 215
    assert "Read as Orders, encoding Windows-1252 (Western European), header in row 1." in texts(
        app.caption
    )
    # the table guess says how sure it is (orders 0.874 against market 0.195 of fit)
    assert "Confidence: 96.8% (next: Market size, 0.1%)" in texts(app.caption)
    # the whole mapping, fields by their English names, profit among them
    rows = mapping(app)
    assert rows[0] == ("Row ID", "Line no.", "by its name")
    assert ("Ship Date", "not used", "") in rows
    assert ("Profit", "Profit", "by its name") in rows
    assert ("Discount", "Discount", "by its name") in rows
    assert ("State", "Choose…", "to choose: one of State / Region as Region") in rows
    assert "unit" not in app.data_editor[0].value.columns  # no header names a unit
    editor = json.loads(app.data_editor[0].proto.columns)["column"]["type_config"]
    assert editor["options"] == [  # every field of the orders by its name, profit included
        "Order", "Line no.", "Order date", "Customer ID", "Customer", "Rep ID", "Rep",
        "Region", "Product", "Category", "Quantity", "Discount", "Revenue", "Cost",
        "Due date", "Paid", "Paid on", "Status", "Profit", "not used", "Choose…",
    ]  # fmt: skip

    region.set_value("Region").run()
    assert not app.exception
    assert list(alerts(app)) == ["info"]
    assert (
        "Read as Orders, encoding Windows-1252 (Western European), header in row 1; "
        "215 data rows, and 0 blank or total rows skipped." in texts(app.caption)
    )
    rows = mapping(app)
    assert ("Region", "Region", "as mapped by you") in rows
    assert ("State", "not used", "left out by you") in rows
    confirm(app)
    assert not app.exception
    stored = lake.read_table("orders")
    assert stored.height == export.rows == 215
    regions = {row[BI_HEADER.index("Region")] for row in bi_rows()}  # what the file says
    assert (
        set(stored["region"].unique().to_list()) == regions == {"Central", "East", "South", "West"}
    )
    assert stored["revenue"].sum() == export.revenue


def test_a_remembered_mapping_is_applied_said_and_editable(app: AppTest, lake: Lake) -> None:
    export = bi_export(lake.root.parent)
    ingest_bytes(
        export.path.read_bytes(),
        export.path.name,
        None,
        lake,
        overrides={"Region": "region", "State": "-"},
    )
    upload(app, export.path, "en")
    assert not app.exception
    region = choices(app)["Region: which column of the file?"]
    assert region.value == "Region"  # filled in from what was confirmed before
    assert any(
        "Applied the column mapping remembered for this export" in c for c in texts(app.caption)
    )
    assert ("Region", "Region", "as remembered") in mapping(app)
    assert "info" in alerts(app)  # the same rows: nothing to change
    region.set_value("State").run()  # and it can be changed
    assert not app.exception
    assert ("State", "Region", "as mapped by you") in mapping(app)


def test_a_shop_report_offers_the_revenue_and_the_address(app: AppTest, lake: Lake) -> None:
    export = shop_export(lake.root.parent)
    upload(app, export.path)
    assert not app.exception
    offered = choices(app)
    assert list(offered) == ["销售额：用文件中的哪一列？", "区域：用文件中的哪一列？"]
    assert offered["销售额：用文件中的哪一列？"].options == [
        "B · 总金额",
        "C · 买家实际支付金额",
        "不使用",
    ]
    assert offered["区域：用文件中的哪一列？"].options == ["D · 收货地址", "不使用"]
    offered["销售额：用文件中的哪一列？"].set_value("买家实际支付金额").run()
    choices(app)["区域：用文件中的哪一列？"].set_value("收货地址").run()
    assert not app.exception
    assert list(alerts(app)) == ["info"]
    rows = mapping(app)
    assert ("总金额", "不使用", "按指定不使用") in rows
    assert ("订单付款时间", "不使用", "") in rows
    confirm(app)
    stored = lake.read_table("orders")
    assert stored.height == 400
    assert stored["revenue"].sum() == export.revenue
    assert sorted(stored["region"].unique().to_list()) == export.extra["provinces"]


def test_a_workbook_is_read_from_its_orders_sheet_by_itself(app: AppTest, lake: Lake) -> None:
    export = cn_workbook(lake.root.parent)
    upload(app, export.path)
    assert not app.exception
    sheet = next(s for s in app.selectbox if s.key.startswith("sheet-"))
    assert sheet.value == "订单"
    assert sheet.options == [
        "销售人员：未识别出数据表",
        "订单：订单明细，表头在第 1 行，识别出 12 列（最佳）",
        "退货：未识别出数据表",
    ]
    assert not [s for s in app.selectbox if s.key.startswith("encoding-")]
    assert list(choices(app)) == ["区域：用文件中的哪一列？"]
    choices(app)["区域：用文件中的哪一列？"].set_value("地区").run()
    confirm(app)
    assert not app.exception
    stored = lake.read_table("orders")
    assert stored.height == export.rows
    assert stored["revenue"].sum() == export.revenue


ORDERS = (
    "订单号,行号,订单日期,客户编号,业务员编号,区域,销售额,成本\n"
    "SO1,1,2026-10-03,C1,R1,华东,100,60\n"
    "SO2,1,2026-10-04,C2,R2,华南,200,120\n"
    "SO3,1,2026-10-05,C3,R2,华南,300,180\n"
)


def test_a_moving_upsert_is_written_only_once_the_moves_are_accepted(
    app: AppTest, lake: Lake
) -> None:
    ingest_bytes(ORDERS.encode(), "十月.csv", "orders", lake)
    moving = (
        "订单号,行号,订单日期,客户编号,业务员编号,区域,销售额,成本\n"
        "SO1,1,2026-10-03,C1,R1,华北,100,60\n"
        "SO4,1,2026-10-06,C4,R1,华东,50,30\n"
    )
    path = lake.root.parent / "moving.csv"
    path.write_text(moving, encoding="utf-8")
    upload(app, path)
    assert not app.exception
    assert alerts(app) == {
        "warning": [
            "这个文件会把 1 条已有的明细移到另一个区域、业务员、客户或月份。请核对下面的例子；"
            "勾选“确认移动”后才能写入。"
        ]
    }
    moves = next(d.value for d in app.dataframe if "现有值" in d.value.columns)
    assert moves.values.tolist() == [["SO1", "1", "区域", "华东", "华北"]]
    assert moves.columns.tolist() == ["订单号", "明细行号", "列", "现有值", "文件中的值"]
    button = confirm_buttons(app)[0]
    assert button.disabled
    version = lake.version
    next(c for c in app.checkbox if c.key.startswith("moves-")).check().run()
    assert not confirm_buttons(app)[0].disabled
    assert lake.version == version  # ticking writes nothing
    confirm(app)
    assert not app.exception
    assert list(alerts(app)) == ["success"]
    assert "已确认移动：1 条已有明细按文件改写。" in texts(app.text)
    regions = dict(lake.read_table("orders").select("order_id", "region").iter_rows())
    assert regions == {"SO1": "华北", "SO2": "华南", "SO3": "华南", "SO4": "华东"}


def deleted(app: AppTest) -> list[list[object]]:
    frame = next(d.value for d in app.dataframe if d.value.columns.tolist()[:2] == ["月份", "区域"])
    assert frame.columns.tolist() == ["月份", "区域", "删除"]
    return frame.values.tolist()


def test_replace_months_shows_deletions_per_region_and_its_scope(app: AppTest, lake: Lake) -> None:
    ingest_bytes(ORDERS.encode(), "十月.csv", "orders", lake)
    path = lake.root.parent / "华南.csv"
    path.write_text(
        "订单号,行号,订单日期,客户编号,业务员编号,区域,销售额,成本\n"
        "SO2,1,2026-10-04,C2,R2,华南,210,120\n",
        encoding="utf-8",
    )
    upload(app, path)
    next(r for r in app.radio if r.key.startswith("mode-")).set_value(Mode.REPLACE_MONTHS).run()
    scope = next(r for r in app.radio if r.key.startswith("scope-"))
    assert scope.options == ["文件涉及的月份 × 区域", "文件涉及的整月，所有区域"]
    assert "**整月替换（范围：文件涉及的月份 × 区域）将删除的行，按月份和区域：**" in texts(
        app.markdown
    )
    assert deleted(app) == [["2026-10", "华南", 1]]
    scope.set_value(ReplaceScope.MONTH).run()
    assert deleted(app) == [["2026-10", "华东", 1], ["2026-10", "华南", 1]]
    next(r for r in app.radio if r.key.startswith("scope-")).set_value(ReplaceScope.REGION).run()
    confirm(app)
    assert not app.exception
    stored = lake.read_table("orders").sort("order_id")
    assert stored["order_id"].to_list() == ["SO1", "SO2"]  # 华东's SO1 untouched
    assert stored["revenue"].to_list() == [Decimal(100), Decimal(210)]


def test_a_date_column_that_never_tells_offers_the_date_order(app: AppTest, lake: Lake) -> None:
    path = lake.root.parent / "us.csv"
    path.write_text(
        "order_id,order_date,revenue\nA1,3/4/2026,10\nA2,5/6/2026,20\n", encoding="utf-8"
    )
    upload(app, path, "en")
    assert not app.exception
    order = next(s for s in app.selectbox if s.key.startswith("dates-"))
    assert order.label == "Date order (dates with the year last, such as 11/8/2018)"
    assert order.value == "auto"
    assert alerts(app) == {
        "warning": [
            "The file's dates do not tell which is the month and which the day: choose the "
            "date order above; the file is checked and can be written once you have chosen."
        ]
    }
    assert any("such as 3/4/2026" in t for t in texts(app.text))  # the column and an example
    assert not confirm_buttons(app)
    order.set_value("mdy").run()
    assert not app.exception
    assert list(alerts(app)) == ["info"]
    confirm(app)
    dates = lake.read_table("orders").sort("order_id")["order_date"].to_list()
    assert [d.isoformat() for d in dates] == ["2026-03-04", "2026-05-06"]


def test_one_click_changes_the_table_guess(app: AppTest, lake: Lake) -> None:
    export = bi_export(lake.root.parent)
    upload(app, export.path, "en")
    switch = next(b for b in app.button if b.key.startswith("switch-"))
    assert switch.label == "Read as Market size instead"
    switch.click().run()
    assert not app.exception
    table = next(s for s in app.selectbox if s.key.startswith("table-"))
    assert table.value == "market"
    back = next(b for b in app.button if b.key.startswith("switch-"))
    assert back.label == "Read as Orders instead"


def test_a_header_that_looks_like_markdown_is_offered_as_it_is(app: AppTest, lake: Lake) -> None:
    path = lake.root.parent / "hostile.csv"
    path.write_text(
        "订单号,订单日期,销售额,**区域**,区域\nSO1,2026-10-03,100,[x](http://e.vil),华东\n",
        encoding="utf-8",
    )
    upload(app, path)
    assert not app.exception
    region = choices(app)["区域：用文件中的哪一列？"]
    assert region.options == ["D · **区域**", "E · 区域 (2)", "不使用"]
    assert ("**区域**", "请选择…", "待选择：**区域** / 区域 (2) 之一作为 区域") in mapping(app)
    region.set_value("**区域**").run()
    confirm(app)
    assert lake.read_table("orders")["region"].to_list() == ["[x](http://e.vil)"]
    rendered = [
        t
        for kind in ("markdown", "caption", "success", "info", "warning")
        for t in texts(getattr(app, kind))
    ]
    assert not [t for t in rendered if "e.vil" in t or "**区域**" in t]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_field_a_file_may_fill_has_a_name(language: str, tmp_path: Path) -> None:
    from sales_dash.i18n import column_label
    from sales_dash.schema import TABLES
    from sales_dash.ui.frame import Context
    from sales_dash.ui.upload_mapping import field_names

    unnamed = [
        (table.name, column.name)
        for table in TABLES.values()
        for column in table.readable
        if column_label(column.name, language) == column.name
    ]
    assert unnamed == []
    for table in TABLES:  # and the mapping's selector tells every field apart
        names = field_names(Context(Lake(tmp_path), language), table)
        assert len(set(names.values())) == len(names)

"""The payments table (收款单) goes in like the others: formats, synonyms, 合计, undo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from sales_dash.i18n import text
from sales_dash.ingest import RejectedUpload, ingest_file, undo_upload
from sales_dash.ingest.table_guess import guess_table_scored
from sales_dash.lake import Lake
from sales_dash.schema import TABLES
from sales_dash.sections.data import lake_status
from tests.conftest import write_csv

# A 金蝶 收款单序时簿 as exported: a title row, 金蝶's headers (单据编号 is the receipt's
# number, 客户 and 业务员 are names, 源单号 the order it settles), amounts with thousands
# separators, a refund, an unmapped 摘要 column and a 合计 row:
# 1,200.50 + 800.00 − 100.00 = 1,900.50.
KINGDEE = """
收款单序时簿
单据编号,日期,客户,部门,业务员,结算方式,源单号,收款金额,摘要
SKD000101,2026/10/05,上海华联,华东,张三,电汇,SO1,"1,200.50",
SKD000102,2026/10/12,杭州百货,华东,李四,银行承兑汇票,,800.00,
SKD000103,2026/11/03,上海华联,华东,张三,电汇,,-100.00,退款
合计,,,,,,,"1,900.50",
"""

ENGLISH = """
Receipt No.,Payment Date,Customer ID,Amount,Order ID,Line,Method,Region
RC-1,2026-10-05,C1,1200.5,SO1,2,Wire,East
RC-2,2026-10-31,C2,800,,,Check,
RC-3,2026-11-03,C1,-100,,,Wire,East
"""


def test_a_kingdee_receipts_export_in_gbk_is_recognised_and_stored(
    lake: Lake, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "收款单.csv", KINGDEE, encoding="gbk")
    result = ingest_file(path, None, lake)
    assert result.inserted == 3
    stored = lake.read_table("payments").sort("payment_id")
    expected = pl.DataFrame(
        {
            "payment_id": ["SKD000101", "SKD000102", "SKD000103"],
            "payment_date": [dt.date(2026, 10, 5), dt.date(2026, 10, 12), dt.date(2026, 11, 3)],
            # no 客户编号 column: 客户 names the customer, as on a 金蝶 order list
            "customer_id": ["上海华联", "杭州百货", "上海华联"],
            "amount": [Decimal("1200.50"), Decimal("800.00"), Decimal("-100.00")],
            "order_id": ["SO1", None, None],
            "line_no": [None, None, None],
            "rep_id": ["张三", "李四", "张三"],
            "region": ["华东", "华东", "华东"],
            "method": ["电汇", "银行承兑汇票", "电汇"],
        },
        schema=TABLES["payments"].polars_schema,
    )
    assert stored.equals(expected)
    # partitioned by the receipt's month
    assert lake.manifest().months("payments") == ["2026-10", "2026-11"]


def test_a_receipts_total_that_disagrees_rejects_the_file(lake: Lake, tmp_path: Path) -> None:
    short = KINGDEE.replace('合计,,,,,,,"1,900.50"', '合计,,,,,,,"2,000.50"')
    path = write_csv(tmp_path, "收款单.csv", short, encoding="gbk")
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(path, "payments", lake)
    reasons = [(p.column, p.reason, p.detail) for p in caught.value.problems]
    assert reasons == [("收款金额", "total_mismatch", "1,900.50")]
    assert lake.read_table("payments").is_empty()


def test_an_english_receipts_csv_is_stored_and_can_be_undone(lake: Lake, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "receipts.csv", ENGLISH)
    result = ingest_file(path, "payments", lake)
    assert (result.inserted, result.updated) == (3, 0)
    stored = lake.read_table("payments").sort("payment_id")
    assert stored.select("payment_id", "customer_id", "amount", "order_id", "line_no").rows() == [
        ("RC-1", "C1", Decimal("1200.5000"), "SO1", 2),
        ("RC-2", "C2", Decimal("800.0000"), None, None),
        ("RC-3", "C1", Decimal("-100.0000"), None, None),
    ]
    assert stored["method"].to_list() == ["Wire", "Check", "Wire"]
    assert stored["region"].to_list() == ["East", None, "East"]
    # the same file again changes nothing; undo takes the upload back out
    assert ingest_file(path, "payments", lake).unchanged == 3
    undo_upload(lake, result.upload_id)
    assert lake.read_table("payments").is_empty()


def test_a_receipt_without_its_customer_is_refused(lake: Lake, tmp_path: Path) -> None:
    blank = KINGDEE.replace("SKD000102,2026/10/12,杭州百货", "SKD000102,2026/10/12,")
    path = write_csv(tmp_path, "收款单.csv", blank, encoding="gbk")
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(path, "payments", lake)
    assert [(p.row, p.column, p.reason) for p in caught.value.problems] == [
        (4, "客户", "required_empty")
    ]


def test_a_receipts_file_naming_no_customer_is_refused(lake: Lake, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "r.csv", "Receipt No.,Payment Date,Amount\nRC-1,2026-10-05,5\n")
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(path, "payments", lake)
    assert [(p.column, p.reason) for p in caught.value.problems] == [
        ("customer_id", "missing_column")
    ]


def test_the_upload_page_names_the_payments_table() -> None:
    assert "payments" in TABLES
    assert text("upload_table_payments", "zh") == "收款单"
    assert text("upload_table_payments", "en") == "Receipts"


def test_receipts_exports_are_recognised_as_payments_not_orders() -> None:
    english = ["Receipt No.", "Payment Date", "Customer ID", "Amount", "Order ID", "Method"]
    kingdee = ["单据编号", "日期", "客户", "部门", "业务员", "结算方式", "源单号", "收款金额"]
    for headers in (english, kingdee):
        guess = guess_table_scored(headers, [])
        assert guess is not None
        assert (guess.table, guess.runner_up) == ("payments", "orders")


def test_a_customer_code_beside_the_name_is_what_is_stored(lake: Lake, tmp_path: Path) -> None:
    coded = "单据编号,日期,客户编码,客户,收款金额\nSKD1,2026-10-05,C001,上海华联,100\n"
    ingest_file(write_csv(tmp_path, "收款单.csv", coded, encoding="gbk"), "payments", lake)
    assert lake.read_table("payments")["customer_id"].to_list() == ["C001"]


def test_the_data_page_counts_the_receipts_by_month(lake: Lake, tmp_path: Path) -> None:
    ingest_file(write_csv(tmp_path, "receipts.csv", ENGLISH), "payments", lake)
    status = lake_status(lake)
    rows = dict(zip(status.tables["table_name"], status.tables["rows"], strict=True))
    assert rows["payments"] == 3
    months = status.months.select("month", "payments").rows()
    assert sorted(m for m in months if m[1]) == [("2026-10", 2), ("2026-11", 1)]

"""Ingest of values as real exports write them (issue 11): unknown stays unknown, money keeps
the file's precision, cost comes from profit, and a foreign currency sign is questioned.

Expected values are worked out by hand, and sums with ``decimal`` from the file's own text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter

from sales_dash.ingest import Problem, RejectedUpload, ingest_file, prepare_upload
from sales_dash.ingest.problems import describe
from sales_dash.lake import Lake
from tests.conftest import write_csv

D = Decimal

BI_EXPORT = """
Order ID,Order Date,Segment,Category,Product Name,Sales,Quantity,Discount,Profit
CA-1,2026-10-08,Consumer,Furniture,Bookcase,261.96,2,0,41.9136
CA-2,2026-10-08,Consumer,Furniture,Chair,731.94,3,0,219.582
CA-3,2026-10-12,Corporate,Office Supplies,Labels,14.62,2,0,6.8714
US-4,2026-10-11,Consumer,Furniture,Table,957.5775,5,0.45,-383.031
US-5,2026-10-11,Consumer,Office Supplies,Storage,22.368,2,0.2,2.5164
US-6,2026-10-09,Home Office,Technology,Phone,48.895999999999994,4,0.2,8.5568
"""
"""A BI sample's shape: English headers, sub-cent amounts, Profit and no cost, no customer,
rep, region or payment column (US-6's Sales is Excel's float noise for 48.896)."""
BI_MAP = {
    "Order ID": "order_id",
    "Order Date": "order_date",
    "Category": "category",
    "Product Name": "product",
    "Sales": "revenue",
    "Quantity": "quantity",
    "Discount": "discount_rate",
    "Profit": "profit",
}
ALL_ABSENT = ("customer_id", "rep_id", "region", "due_date", "paid_amount", "paid_date")


def stored(lake: Lake) -> dict[str, dict[str, object]]:
    return {row["order_id"]: row for row in lake.read_table("orders").to_dicts()}


def file_sum(content: str, column: str) -> Decimal:
    """The exact sum of a CSV column, from the file's text (not by the code under test)."""
    rows = csv.DictReader(io.StringIO(content.strip()))
    return sum((D(row[column].strip()) for row in rows), D(0))


def test_a_bi_export_goes_in_exactly_with_its_unknowns_null(lake: Lake, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "superstore.csv", BI_EXPORT)
    result = ingest_file(path, "orders", lake, overrides=BI_MAP)
    assert result.inserted == 6
    rows = stored(lake)
    # revenue to four places: 48.896 stays 48.8960, the float noise rounds to it
    assert rows["US-6"]["revenue"] == D("48.8960")
    assert rows["US-4"]["revenue"] == D("957.5775")
    # cost = revenue − profit, exactly
    assert rows["CA-1"]["cost"] == D("220.0464")  # 261.96 − 41.9136
    assert rows["CA-2"]["cost"] == D("512.3580")  # 731.94 − 219.582
    assert rows["CA-3"]["cost"] == D("7.7486")  # 14.62 − 6.8714
    assert rows["US-4"]["cost"] == D("1340.6085")  # 957.5775 + 383.031
    assert rows["US-5"]["cost"] == D("19.8516")  # 22.368 − 2.5164
    assert rows["US-6"]["cost"] == D("40.3392")  # 48.896 − 8.5568
    assert rows["US-4"]["discount_rate"] == D("0.45")
    for row in rows.values():
        assert {c: row[c] for c in ALL_ABSENT} == dict.fromkeys(ALL_ABSENT)  # unknown, not 0
        assert row["status"] == ""
    assert "profit" not in lake.read_table("orders").columns  # an input, never stored


def test_stored_revenue_sums_to_the_files_exact_sum(lake: Lake, tmp_path: Path) -> None:
    content = BI_EXPORT.replace("48.895999999999994", "48.896")
    ingest_file(write_csv(tmp_path, "bi.csv", content), "orders", lake, overrides=BI_MAP)
    expected = file_sum(content, "Sales")
    assert expected == D("2037.3615")  # 261.96 + 731.94 + 14.62 + 957.5775 + 22.368 + 48.896
    assert lake.read_table("orders")["revenue"].sum() == expected
    profit = file_sum(content, "Profit")
    orders = lake.read_table("orders")
    assert orders["revenue"].sum() - orders["cost"].sum() == profit == D("-103.5908")


def test_payment_data_completes_due_dates_and_empty_paid_cells(lake: Lake, tmp_path: Path) -> None:
    content = """
    order_id,order_date,revenue,cost,paid_amount
    SO1,2026-10-03,100,60,40
    SO2,2026-10-31,200,120,
    """
    ingest_file(write_csv(tmp_path, "paid.csv", content), "orders", lake)
    rows = stored(lake)
    assert rows["SO1"]["due_date"] == dt.date(2026, 11, 2)  # 3 Oct + 30 days
    assert rows["SO2"]["due_date"] == dt.date(2026, 11, 30)  # 31 Oct + 30 days
    assert (rows["SO1"]["paid_amount"], rows["SO2"]["paid_amount"]) == (D(40), D(0))


def test_payment_terms_are_a_setting(
    lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_PAYMENT_TERMS_DAYS", "45")
    content = "order_id,order_date,revenue,paid_amount\nSO1,2026-10-03,100,0"
    ingest_file(write_csv(tmp_path, "paid.csv", content), "orders", lake)
    assert stored(lake)["SO1"]["due_date"] == dt.date(2026, 11, 17)  # 3 Oct + 45 days


def test_without_payment_data_collection_stays_unknown(lake: Lake, tmp_path: Path) -> None:
    content = """
    order_id,order_date,revenue,due_date
    SO1,2026-10-03,100,2026-12-01
    SO2,2026-10-03,100,
    """
    ingest_file(write_csv(tmp_path, "due.csv", content), "orders", lake)
    rows = stored(lake)
    assert [rows[k]["paid_amount"] for k in ("SO1", "SO2")] == [None, None]
    assert [rows[k]["due_date"] for k in ("SO1", "SO2")] == [dt.date(2026, 12, 1), None]
    assert [rows[k]["cost"] for k in ("SO1", "SO2")] == [None, None]


def test_cost_wins_over_profit_within_the_printed_rounding(lake: Lake, tmp_path: Path) -> None:
    # 100.00 − 33.33 = 66.67; a cost printed 66.66 is within the three half-cents of rounding
    content = "order_id,order_date,revenue,cost,profit\nSO1,2026-10-03,100.00,66.66,33.33"
    ingest_file(write_csv(tmp_path, "both.csv", content), "orders", lake)
    assert stored(lake)["SO1"]["cost"] == D("66.66")


def test_cost_that_is_not_revenue_minus_profit_is_a_problem(lake: Lake, tmp_path: Path) -> None:
    content = """
    订单号,订单日期,销售额,成本,利润
    SO1,2026-10-03,100.00,66.70,33.33
    SO2,2026-10-03,100.00,,33.33
    """
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(write_csv(tmp_path, "both.csv", content), "orders", lake)
    [problem] = caught.value.problems
    assert problem == Problem(2, "成本", "66.70", "cost_profit_mismatch", "66.6700")
    assert "单位成本" in describe(problem, "zh")
    assert "not revenue − profit (66.6700)" in describe(problem, "en")


def test_amounts_in_wan_yuan_stay_exact(lake: Lake, tmp_path: Path) -> None:
    content = """
    订单号,订单日期,销售额(万元),利润(万元)
    SO1,2026-10-03,1.23456,0.5
    SO2,2026-10-03,"12,345.6789",0.00001
    """
    ingest_file(write_csv(tmp_path, "wan.csv", content), "orders", lake)
    rows = stored(lake)
    assert (rows["SO1"]["revenue"], rows["SO1"]["cost"]) == (D("12345.6"), D("7345.6"))
    assert (rows["SO2"]["revenue"], rows["SO2"]["cost"]) == (D("123456789"), D("123456788.9"))


def test_a_total_rounded_to_cents_reconciles_with_sub_cent_rows(lake: Lake, tmp_path: Path) -> None:
    rows = "SO1,2026-10-03,48.896\nSO2,2026-10-03,261.96\nSO3,2026-10-03,22.368"
    good = f"order_id,order_date,revenue\n{rows}\n合计,,333.22"  # 333.224 printed to cents
    assert ingest_file(write_csv(tmp_path, "t.csv", good), "orders", lake).inserted == 3
    bad = f"order_id,order_date,revenue\n{rows}\n合计,,333.23"  # 0.006 off: more than rounding
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(write_csv(tmp_path, "t.csv", bad), "orders", lake)
    assert [(p.row, p.reason, p.detail) for p in caught.value.problems] == [
        (5, "total_mismatch", "333.22")
    ]


DOLLARS = """
order_id,order_date,revenue,cost
SO1,2026-10-03,$120.50,80
SO2,2026-10-03,"$1,000.00",$600
SO3,2026-10-03,-$20,
"""


def test_dollars_in_a_yuan_lake_are_questioned_once_per_column(lake: Lake, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "usd.csv", DOLLARS)
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(path, "orders", lake, skip_invalid=True)  # cannot be skipped past
    assert caught.value.problems == [
        Problem(2, "revenue", "$", "foreign_currency_sign", "CNY"),
        Problem(3, "cost", "$", "foreign_currency_sign", "CNY"),
    ]
    zh = describe(caught.value.problems[0], "zh")
    en = describe(caught.value.problems[0], "en")
    assert "货币符号 $" in zh and "币种设置为 CNY" in zh and "SALES_DASH_CURRENCY" in zh
    assert "sign $ but this lake's currency is CNY" in en and "remove the sign" in en
    assert not lake.read_table("orders").height


def test_dollars_go_into_a_dollar_lake_and_yuan_are_questioned_there(
    lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_CURRENCY", "USD")
    ingest_file(write_csv(tmp_path, "usd.csv", DOLLARS), "orders", lake)
    rows = stored(lake)
    assert [rows[k]["revenue"] for k in ("SO1", "SO2", "SO3")] == [D("120.5"), D(1000), D(-20)]
    yuan = "order_id,order_date,revenue\nSO9,2026-10-03,100\nSO8,2026-10-03,￥100"
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(write_csv(tmp_path, "cny.csv", yuan), "orders", lake)
    assert caught.value.problems == [Problem(3, "revenue", "￥", "foreign_currency_sign", "USD")]


def test_yen_signs_fit_a_yen_lake_and_bare_numbers_any_lake(
    lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_CURRENCY", "JPY")
    content = (
        "order_id,order_date,revenue\nSO1,2026-10-03,¥1200\nSO2,2026-10-03,￥300\nSO3,2026-10-03,5"
    )
    assert ingest_file(write_csv(tmp_path, "jpy.csv", content), "orders", lake).inserted == 3


def test_a_workbooks_float_cells_keep_their_digits(lake: Lake, tmp_path: Path) -> None:
    path = tmp_path / "bi.xlsx"
    rows = [
        ("Order ID", "Order Date", "Sales", "Profit"),
        ("CA-1", "2026-10-08", 261.96, 41.9136),
        ("US-6", "2026-10-09", 48.895999999999994, 8.5568),  # the float Excel stores
        ("US-7", "2026-10-09", 0.1 + 0.2, 0.1),  # 0.30000000000000004
        ("US-8", "2026-10-09", 1234567.891, 12),
    ]
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("Orders")
        for number, row in enumerate(rows):
            sheet.write_row(number, 0, row)
    ingest_file(path, "orders", lake, overrides=BI_MAP)
    got = {k: (v["revenue"], v["cost"]) for k, v in stored(lake).items()}
    assert got == {
        "CA-1": (D("261.96"), D("220.0464")),
        "US-6": (D("48.896"), D("40.3392")),
        "US-7": (D("0.3"), D("0.2")),
        "US-8": (D("1234567.891"), D("1234555.891")),
    }


def test_signs_that_name_their_currency(
    lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    yuan = 'order_id,order_date,revenue\nSO1,2026-10-03,"RMB 1,000.50"\nSO2,2026-10-03,-CN¥20'
    ingest_file(write_csv(tmp_path, "cny.csv", yuan), "orders", lake)
    assert [r["revenue"] for r in stored(lake).values()] == [D("1000.5"), D(-20)]
    dollars = 'order_id,order_date,revenue\nSO3,2026-10-03,"US$1,234.5"\nSO4,2026-10-03,HK$9'
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(write_csv(tmp_path, "usd.csv", dollars), "orders", lake)
    assert caught.value.problems == [
        Problem(2, "revenue", "US$", "foreign_currency_sign", "CNY"),
        Problem(3, "revenue", "HK$", "foreign_currency_sign", "CNY"),
    ]
    monkeypatch.setenv("SALES_DASH_CURRENCY", "USD")
    with pytest.raises(RejectedUpload) as caught:  # a Hong Kong dollar is not a US dollar
        ingest_file(write_csv(tmp_path, "usd.csv", dollars), "orders", lake)
    assert caught.value.problems == [Problem(3, "revenue", "HK$", "foreign_currency_sign", "USD")]
    us_only = 'order_id,order_date,revenue\nSO3,2026-10-03,"US$1,234.5"\nSO4,2026-10-03,(US$9)'
    assert ingest_file(write_csv(tmp_path, "us.csv", us_only), "orders", lake).inserted == 2
    assert stored(lake)["SO4"]["revenue"] == D(-9)


def test_a_total_written_with_float_noise_reconciles(lake: Lake, tmp_path: Path) -> None:
    # 48.896 + 261.96 + 2.5164 = 313.3724; Python's float sum writes 313.37239999999997
    content = """
    order_id,order_date,revenue
    SO1,2026-10-03,48.896
    SO2,2026-10-03,261.96
    SO3,2026-10-03,2.5164
    合计,,313.37239999999997
    """
    assert ingest_file(write_csv(tmp_path, "t.csv", content), "orders", lake).inserted == 3
    off = content.replace("313.37239999999997", "313.3726")  # two ten-thousandths off
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(write_csv(tmp_path, "t.csv", off), "orders", lake)
    assert [(p.row, p.reason, p.value) for p in caught.value.problems] == [
        (5, "total_mismatch", "313.3726")
    ]


def test_a_file_naming_reps_and_customers_without_codes_identifies_them_by_name() -> None:
    prepared = prepare_upload(
        "单据编号,日期,客户,业务员,金额\nA1,2026-10-01,上海百联,周杰,100\n".encode(),
        "金蝶.csv",
        "orders",
    )
    assert prepared.ok
    assert prepared.rows.select("customer_id", "customer_name", "rep_id", "rep_name").rows() == [
        ("上海百联", "上海百联", "周杰", "周杰")
    ]

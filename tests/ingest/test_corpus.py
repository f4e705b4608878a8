"""The corpus of messy and hostile exports (tests/ingest_corpus/): each file's exact outcome.

Accepted files: the stored rows (key columns and the columns the file is about), the
encoding reported, the header row found and the rows skipped. Rejected files: the exact
problems, and a lake left untouched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal as D
from pathlib import Path

import pytest

from sales_dash.ingest import Problem, RejectedUpload, ingest_file
from sales_dash.lake import Lake

CORPUS = Path(__file__).parent.parent / "ingest_corpus"
NOV3 = dt.date(2026, 11, 3)
ORDER_COLUMNS = ("order_id", "line_no", "order_date", "customer_id", "revenue", "cost")


@dataclass(frozen=True)
class Accepted:
    rows: list[tuple]
    columns: tuple[str, ...] = ORDER_COLUMNS
    encoding: str = "utf-8"
    header_row: int = 1
    skipped: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Rejected:
    problems: list[Problem]


def file_problem(reason: str, value: str = "", detail: str = "") -> Rejected:
    return Rejected([Problem(0, "", value, reason, detail)])


WORKBOOK_COLUMNS = ("order_id", "order_date", "customer_id", "region", "revenue", "cost")
WORKBOOK_ROWS = [
    ("CN-1", dt.date(2018, 11, 8), "C001", "华东", D("261.96"), D("200.50")),
    ("CN-2", dt.date(2018, 6, 12), "C002", "西南", D("48.90"), D("30.00")),
]
"""The orders sheet of the Chinese workbooks (订单 / 退货 / 销售人员), wherever it stands."""

CASES: dict[str, tuple[str, dict, Accepted | Rejected]] = {
    # --- encodings and separators
    "utf8_bom.csv": (
        "orders",
        {},
        Accepted(
            [
                ("SO1", 1, NOV3, "C1", D("100.00"), D("60.00")),
                ("SO2", 1, dt.date(2026, 11, 4), "C2", D("50.00"), D("30.00")),
            ],
            encoding="utf-8-sig",
        ),
    ),
    "gbk_title_rows.csv": (
        "orders",
        {},
        Accepted(
            [
                ("SO1", NOV3, "北京甲公司", "华北", D("1200.00")),
                ("SO2", dt.date(2026, 11, 5), "上海乙公司", "华东", D("300.00")),
            ],
            columns=("order_id", "order_date", "customer_name", "region", "revenue"),
            encoding="gbk",
            header_row=3,
        ),
    ),
    "gb18030_rare_char.csv": (
        "orders",
        {},
        Accepted([("SO1", "刘䶮商行")], columns=("order_id", "customer_name"), encoding="gb18030"),
    ),
    "utf16_unicode_text.txt": (
        "orders",
        {},
        Accepted(
            [("SO1", "甲公司", D("100.00"))],
            columns=("order_id", "customer_name", "revenue"),
            encoding="utf-16",
        ),
    ),
    "semicolon.csv": (
        "orders",
        {},
        Accepted([("SO1", 1, NOV3, "C1", D("1234.50"), D("1000.00"))]),
    ),
    "tab_separated.txt": (
        "orders",
        {},
        Accepted([("SO1", 1, NOV3, "C1", D("1234.50"), D("1000.00"))]),
    ),
    # Windows-1252 (a superset of Latin-1's letters): read since branch `reading`
    "latin1.csv": (
        "orders",
        {},
        Accepted([("SO1", "Café")], columns=("order_id", "region"), encoding="cp1252"),
    ),
    "bad_bytes_bom.csv": ("orders", {}, file_problem("bad_bytes", "utf-8", "2")),
    # --- values
    "thousands_currency.csv": (
        "orders",
        {},
        Accepted(
            [
                ("SO1", D("1234.50"), D("1000.00")),
                ("SO2", D("2000.00"), D("3.50")),
                ("SO3", D("-1234.00"), D("-5.00")),
                ("SO4", D("1234567.891"), D("0.00")),  # four places kept (issue 11)
            ],
            columns=("order_id", "revenue", "cost"),
        ),
    ),
    "decimal_comma.csv": (
        "orders",
        {},
        Rejected([Problem(2, "revenue", "1234,50", "not_a_money")]),
    ),
    "date_forms.csv": (
        "orders",
        {},
        Accepted(
            [(f"SO{i}", NOV3) for i in range(1, 6)] + [("SO6", dt.date(2026, 1, 9))],
            columns=("order_id", "order_date"),
        ),
    ),
    "impossible_date.csv": (
        "orders",
        {},
        Rejected([Problem(2, "order_date", "2026/02/30", "not_a_date")]),
    ),
    "month_forms_quotas.csv": (
        "quotas",
        {},
        Accepted(
            [
                ("2026-11", "R1", D("100000.00")),
                ("2026-12", "R1", D("120000.00")),
                ("2027-01", "R1", D("90000.00")),
                ("2027-02", "R1", D("80000.00")),
            ],
            columns=("month", "rep_id", "revenue_quota"),
        ),
    ),
    "excel_serial_dates.xlsx": (
        "orders",
        {"sheet": "订单"},
        Accepted(
            [
                ("SO1", 1, NOV3, "00123", D("1234.50"), D("0.30")),
                ("SO2", 2, dt.date(2026, 11, 4), "456", D("200.00"), D("120.00")),
            ],
            encoding="xlsx",
            header_row=4,
            skipped=[7, 8],
        ),
    ),
    "percent_discount.csv": (
        "orders",
        {},
        Accepted(
            [("SO1", D("0.1500")), ("SO2", D("0.2000")), ("SO3", D("0.1250"))],
            columns=("order_id", "discount_rate"),
        ),
    ),
    "percent_header.csv": (
        "orders",
        {},
        Accepted(
            [("SO1", D("0.1500")), ("SO2", D("0.0750"))], columns=("order_id", "discount_rate")
        ),
    ),
    "parentheses_negative.csv": (
        "orders",
        {},
        Accepted(
            [("SO1", D("-1234.00"), D("-800.00")), ("SO2", D("-5.50"), D("-3.00"))],
            columns=("order_id", "revenue", "cost"),
        ),
    ),
    "wanyuan_header.csv": (
        "orders",
        {},
        Accepted(
            [
                ("SO1", D("12345.00"), D("8000.00"), D("5000.00")),
                ("SO2", D("5000.00"), D("4000.50"), D("0.00")),
            ],
            columns=("order_id", "revenue", "cost", "paid_amount"),
        ),
    ),
    "leading_zero_ids.csv": (
        "orders",
        {},
        Accepted([("000123", "00456", "007")], columns=("order_id", "customer_id", "rep_id")),
    ),
    "scientific_ids.csv": (
        "orders",
        {},
        Rejected(
            [
                Problem(2, "customer_id", "1.23E+11", "scientific_id"),
                Problem(3, "revenue", "1.5E+6", "scientific_number"),
            ]
        ),
    ),
    "formula_text.csv": (
        "orders",
        {},
        Accepted(
            [
                ("SO1", "=SUM(A1:A3)", "+86 138"),
                ("SO2", '=HYPERLINK("http://x")', "@risk"),
                ("SO3", "-cmd", "=1+1"),
            ],
            columns=("order_id", "customer_name", "product"),
        ),
    ),
    # --- totals
    "total_row_ok.csv": (
        "orders",
        {},
        Accepted(
            [("SO1", D("1000.00"), D("600.00")), ("SO2", D("234.50"), D("100.25"))],
            columns=("order_id", "revenue", "cost"),
            encoding="gbk",
            skipped=[4, 5],
        ),
    ),
    "total_row_mismatch.csv": (
        "orders",
        {},
        Rejected([Problem(4, "销售额", "5,234.50", "total_mismatch", "1,234.50")]),
    ),
    "subtotals.csv": (
        "orders",
        {},
        Accepted(
            [("SO1", D("100.00")), ("SO2", D("200.00")), ("SO3", D("50.00"))],
            columns=("order_id", "revenue"),
            skipped=[4, 6, 7],
        ),
    ),
    # --- headers
    "duplicate_headers.csv": (
        "orders",
        {},
        Rejected(
            [
                Problem(
                    1,
                    "revenue",
                    "F 金额 / H 金额 (2)",
                    "duplicate_header",
                    "--map 金额=revenue '金额 (2)=-' | --map '金额 (2)=revenue' 金额=-",
                )
            ]
        ),
    ),
    "ambiguous_headers.csv": (
        "orders",
        {},
        Rejected(
            [
                Problem(
                    1,
                    "revenue",
                    "F 销售额 / H 销售金额",
                    "ambiguous_header",
                    "--map 销售额=revenue 销售金额=- | --map 销售金额=revenue 销售额=-",
                )
            ]
        ),
    ),
    "blank_headers.csv": (
        "orders",
        {},
        # the blank-headed columns (one holds a note) are left out, the rest is read
        Accepted(
            [
                ("SO1", 1, NOV3, "C1", D("100.00"), D("60.00")),
                ("SO2", 1, NOV3, "C1", D("100.00"), D("60.00")),
            ]
        ),
    ),
    "missing_required.csv": (
        "orders",
        {},
        Rejected(
            [
                Problem(
                    0,
                    "revenue",
                    "revenue",
                    "missing_column",
                    "订单号, 订单日期, 客户编号, 业务员编号, 区域, 成本",
                )
            ]
        ),
    ),
    "market_nbsp_headers.csv": (
        "market",
        {},
        Accepted(
            [("2026-11", "华东", "", D("5000000.00"))],
            columns=("month", "region", "category", "market_size"),
        ),
    ),
    # --- shape of the file
    "ragged_rows.csv": (
        "orders",
        {},
        Rejected(
            [
                Problem(3, "", "10", "ragged_row", "9"),
                Problem(4, "", "8", "ragged_row", "9"),
                Problem(5, "", "11", "ragged_row", "9"),
            ]
        ),
    ),
    "quoted_newlines.csv": (
        "orders",
        {},
        # row 4 as Excel shows it, though it is line 7 of the file
        Rejected([Problem(4, "订单日期", "2026-13-03", "not_a_date")]),
    ),
    "duplicate_keys.csv": (
        "orders",
        {},
        Rejected([Problem(4, "order_id", "SO1 / 1", "duplicate_key", "2")]),
    ),
    # --- branch `reading`: other systems' encodings, dates and workbooks
    "big5_orders.csv": (
        "orders",
        {
            "overrides": {
                "訂單編號": "order_id",
                "訂單日期": "order_date",
                "客戶編號": "customer_id",
                "客戶名稱": "customer_name",
                "業務員編號": "rep_id",
                "地區": "region",
                "金額": "revenue",
                "成本": "cost",
            }
        },
        Accepted(
            [
                ("TW1", NOV3, "台北貿易股份有限公司", "台北", D("1200.00")),
                ("TW2", dt.date(2026, 11, 5), "高雄電子", "高雄", D("300.50")),
            ],
            columns=("order_id", "order_date", "customer_name", "region", "revenue"),
            encoding="big5",
        ),
    ),
    "utf16le_no_bom.txt": (
        "orders",
        {},
        Accepted(
            [("SO1", "北京甲公司", D("1200.00")), ("SO2", "上海乙公司", D("300.00"))],
            columns=("order_id", "customer_name", "revenue"),
            encoding="utf-16-le",
        ),
    ),
    "mixed_utf8_gbk.csv": ("orders", {}, file_problem("mixed_encoding", "utf-8", "3")),
    "us_dates.csv": (
        "orders",
        {},
        Accepted(
            [
                ("SO1", dt.date(2018, 11, 8)),
                ("SO2", dt.date(2017, 6, 16)),
                ("SO3", dt.date(2018, 1, 2)),
            ],
            columns=("order_id", "order_date"),
        ),
    ),
    "ambiguous_dates.csv": (
        "orders",
        {},
        Rejected([Problem(0, "order_date", "11/8/2018", "date_order_ambiguous", "order_date")]),
    ),
    "zh_workbook.xls": (
        "orders",
        {},
        Accepted(WORKBOOK_ROWS, columns=WORKBOOK_COLUMNS, encoding="xls"),
    ),
    "zh_workbook.ods": (
        "orders",
        {},
        Accepted(WORKBOOK_ROWS, columns=WORKBOOK_COLUMNS, encoding="ods"),
    ),
    "orders_third_sheet.xlsx": (
        "orders",
        {},
        Accepted(WORKBOOK_ROWS, columns=WORKBOOK_COLUMNS, encoding="xlsx"),
    ),
    "empty.csv": ("orders", {}, file_problem("empty_file")),
    "header_only.csv": ("orders", {}, file_problem("no_rows")),
    "binary_garbage.csv": ("orders", {}, file_problem("binary_file")),
    "zip_renamed.csv": ("orders", {}, file_problem("zip_file")),
    # an .xls header with nothing behind it: read as .xls since branch `reading`, and broken
    "old_excel.xls": (
        "orders",
        {},
        file_problem("unreadable_xlsx", detail="calamine error: Cannot detect file format"),
    ),
    "html_disguised.xls": ("orders", {}, file_problem("html_file")),
}


def test_every_corpus_file_has_an_expected_outcome() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.suffix != ".py"}
    assert files == set(CASES)
    assert len(files) >= 25


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_file(name: str, lake: Lake) -> None:
    table, options, expected = CASES[name]
    path = CORPUS / name
    if isinstance(expected, Rejected):
        with pytest.raises(RejectedUpload) as caught:
            ingest_file(path, table, lake, **options)
        assert caught.value.problems == expected.problems
        assert lake.version == 0
        assert not (lake.root / "_manifest.json").exists()
        return
    result = ingest_file(path, table, lake, **options)
    stored = lake.read_table(table).sort(list(expected.columns[:1]), maintain_order=True)
    assert stored.select(expected.columns).rows() == expected.rows
    assert result.encoding == expected.encoding
    assert result.prepared is not None and result.prepared.raw is not None
    assert result.prepared.raw.header_row == expected.header_row
    assert result.skipped == expected.skipped


def test_xlsx_names_its_sheets_when_the_one_asked_for_is_missing(lake: Lake) -> None:
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(CORPUS / "excel_serial_dates.xlsx", "orders", lake, sheet="Sheet9")
    assert caught.value.problems == [Problem(0, "", "Sheet9", "sheet_not_found", "说明, 订单")]


def test_xlsx_reads_the_sheet_that_holds_the_table(lake: Lake) -> None:
    # the first sheet holds a note, the second the orders: without a sheet named, the
    # sheet whose header names the table is read (branch `reading`; was the first sheet)
    result = ingest_file(CORPUS / "excel_serial_dates.xlsx", "orders", lake)
    assert result.prepared is not None and result.prepared.raw is not None
    assert result.prepared.raw.sheet == "订单"
    assert lake.read_table("orders")["order_id"].sort().to_list() == ["SO1", "SO2"]


def test_ambiguous_header_is_settled_by_a_mapping(lake: Lake) -> None:
    result = ingest_file(
        CORPUS / "duplicate_headers.csv", "orders", lake, overrides={"金额 (2)": "revenue"}
    )
    assert result.inserted == 1
    assert lake.read_table("orders")["revenue"].to_list() == [D("113.00")]

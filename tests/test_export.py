"""Downloads: CSV and XLSX keep numbers and dates, and text can never run as a formula."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest

from sales_dash.export import neutralise, neutralise_frame, to_csv_bytes, to_xlsx_bytes


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-5", "'-5"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("华东", "华东"),
        ("a=b", "a=b"),
        ("", ""),
        (None, None),
    ],
)
def test_neutralise_prefixes_formula_starts_with_an_apostrophe(
    cell: str | None, expected: str | None
) -> None:
    assert neutralise(cell) == expected


def frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "客户": ["=cmd|' /C calc'!A0", "正常客户", "@evil", None],
            "销售额": [Decimal("1234.50"), Decimal("-20.00"), Decimal("0.00"), None],
            "达成率": [0.923, None, -0.5, 1.0],
            "日期": [dt.date(2026, 11, 23), None, dt.date(2026, 1, 1), dt.date(2025, 12, 31)],
            "行数": [1, 2, 3, 4],
        },
        schema_overrides={"销售额": pl.Decimal(18, 2)},
    )


def test_neutralise_frame_touches_only_text() -> None:
    safe = neutralise_frame(frame())
    assert safe["客户"].to_list() == ["'=cmd|' /C calc'!A0", "正常客户", "'@evil", None]
    assert safe["销售额"].to_list() == frame()["销售额"].to_list()
    assert safe.schema == frame().schema


def test_neutralise_frame_also_guards_headers() -> None:
    assert neutralise_frame(pl.DataFrame({"=x": [1]})).columns == ["'=x"]


def test_csv_has_a_bom_and_neutralised_text() -> None:
    payload = to_csv_bytes(frame())
    assert payload.startswith(b"\xef\xbb\xbf")
    lines = payload[3:].decode("utf-8").splitlines()
    assert lines[0] == "客户,销售额,达成率,日期,行数"
    assert lines[1] == "'=cmd|' /C calc'!A0,1234.50,0.923,2026-11-23,1"
    assert lines[3].startswith("'@evil,0.00,-0.5,")


def test_xlsx_keeps_types_and_writes_no_formula() -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame(), sheet="客户")))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("客户", "销售额", "达成率", "日期", "行数")
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert sheet["A2"].data_type == "s"  # a string, not a formula ("f")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert rows[1][1] == pytest.approx(1234.5)
    assert rows[2][1] == pytest.approx(-20.0)
    assert rows[1][3] == dt.datetime(2026, 11, 23)
    assert rows[2][2] is None and rows[4][0] is None
    assert rows[4][4] == 4


def test_empty_frame_downloads() -> None:
    empty = frame().clear()
    assert to_csv_bytes(empty)[3:].decode("utf-8").strip() == "客户,销售额,达成率,日期,行数"
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(empty)))
    assert list(book.active.iter_rows(values_only=True)) == [
        ("客户", "销售额", "达成率", "日期", "行数")
    ]


def uploads() -> pl.DataFrame:
    """Upload history as the Data page shows it: ``uploaded_at`` is zone-aware UTC."""
    return pl.DataFrame(
        {
            "file": ["=orders.csv", "visits.csv"],
            "uploaded_at": [
                dt.datetime(2026, 11, 23, 2, 30, 15, tzinfo=dt.UTC),
                dt.datetime(2026, 11, 24, 23, 5, 0, tzinfo=dt.UTC),
            ],
            "local": [dt.datetime(2026, 11, 23, 10, 30), None],
        },
        schema_overrides={"uploaded_at": pl.Datetime("us", "UTC")},
    )


def test_xlsx_writes_timestamps_as_naive_utc_with_time_of_day() -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(uploads(), sheet="uploads")))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("file", "uploaded_at (UTC)", "local")
    assert rows[1] == (
        "'=orders.csv",
        dt.datetime(2026, 11, 23, 2, 30, 15),
        dt.datetime(2026, 11, 23, 10, 30),
    )
    assert rows[2][1] == dt.datetime(2026, 11, 24, 23, 5)
    assert sheet["B2"].number_format == sheet["C2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert sheet["A2"].data_type == "s"


def test_a_zone_other_than_utc_is_converted_to_utc() -> None:
    shanghai = uploads().with_columns(pl.col("uploaded_at").dt.convert_time_zone("Asia/Shanghai"))
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(shanghai)))
    assert book.active["B2"].value == dt.datetime(2026, 11, 23, 2, 30, 15)


def test_csv_writes_timestamps_as_naive_utc() -> None:
    lines = to_csv_bytes(uploads())[3:].decode("utf-8").splitlines()
    assert lines[0] == "file,uploaded_at (UTC),local"
    assert lines[1] == "'=orders.csv,2026-11-23 02:30:15,2026-11-23 10:30:00"


# --------------------------------------------------------------------------------------
# issue 14: XLSX cells formatted by the catalogue (branch catalogue)
# --------------------------------------------------------------------------------------
def _table_xlsx(tmp_path: Path, language: str) -> Any:
    """A scorecard-like table downloaded as the page's XLSX button writes it."""
    from sales_dash.lake import Lake
    from sales_dash.ui.frame import Context
    from sales_dash.ui.tables import download_formats, download_frame

    ctx = Context(Lake(tmp_path / "lake"), language)
    frame = pl.DataFrame(
        {
            "key": ["k1", "k2"],
            "rep_id": ["R1", ""],
            "revenue": [Decimal("12345.6789"), Decimal("-400.0000")],
            "attainment": [0.9005011827586208, None],
            "pacing_gap": [-0.041, 0.0],
            "orders": [3, 0],
            "quantity": [Decimal("2.0000"), Decimal("5.0000")],
            "visits_per_week": [2.25, 1.0],
            "visits_on_target": [True, None],
        },
        schema_overrides={"revenue": pl.Decimal(18, 4), "quantity": pl.Decimal(18, 4)},
    )
    payload = to_xlsx_bytes(
        download_frame(ctx, frame), sheet="t", formats=download_formats(ctx, frame)
    )
    sheet = openpyxl.load_workbook(io.BytesIO(payload)).active
    assert sheet is not None
    return sheet


def test_xlsx_formats_each_column_by_its_kind_in_chinese(tmp_path: Path) -> None:
    sheet = _table_xlsx(tmp_path, "zh")
    headers = [cell.value for cell in sheet[1]]
    # the drill key is dropped; money names its currency; the others their label
    assert headers == [
        "业务员编号",
        "销售额 (CNY)",
        "达成率",
        "进度差",
        "订单数",
        "数量",
        "周均拜访",
        "拜访达标",
    ]
    rep, revenue, attainment, gap, orders, quantity, visits, on_target = sheet[2]
    assert rep.value == "R1" and sheet["A3"].value == "未分配"
    # money: the exact figure, shown to the cent with separators
    assert revenue.value == pytest.approx(12345.6789) and revenue.number_format == "#,##0.00"
    # a ratio is the ratio, shown as a percentage; a gap in points
    assert attainment.value == pytest.approx(0.9005011827586208)
    assert attainment.number_format == "0.0%"
    assert sheet["C3"].value is None  # unknown is an empty cell, not 0
    assert gap.value == pytest.approx(-0.041)
    assert gap.number_format == '+0.0" pt";-0.0" pt";0.0" pt"'
    # counts and whole quantities are integers: 2, not 2.0000
    assert (orders.value, orders.number_format) == (3, "#,##0")
    assert (quantity.value, quantity.number_format) == (2, "#,##0")
    assert (visits.value, visits.number_format) == (2.25, "#,##0.0")
    # booleans in words; null stays empty
    assert on_target.value == "是" and sheet["H3"].value is None


def test_xlsx_booleans_in_english_are_yes_no(tmp_path: Path) -> None:
    sheet = _table_xlsx(tmp_path, "en")
    assert sheet["A1"].value == "Rep ID" and sheet["B1"].value == "Revenue (CNY)"
    assert sheet["H2"].value == "Yes"
    assert sheet["A3"].value == "Unassigned"

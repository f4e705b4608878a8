"""Workbooks as they arrive: legacy .xls, .ods, several sheets with the table not first,
and a zip bomb whose declared sizes lie. Each file is written by the test."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from decimal import Decimal as D
from pathlib import Path

import pytest
import xlsxwriter
import xlwt

from sales_dash.ingest import Problem, RejectedUpload, ingest_file
from sales_dash.ingest.limits import Limits
from sales_dash.ingest.problems import describe
from sales_dash.ingest.read import SheetTable, read_export, workbook_sheets, workbook_tables
from sales_dash.lake import Lake
from tests.ingest_corpus.make_corpus import write_ods

ORDERS_HEADER = ["订单号", "订单日期", "客户编号", "业务员编号", "区域", "销售额", "成本"]
RETURNS_HEADER = ["订单号", "退货日期", "退货原因"]
REPS_HEADER = ["业务员编号", "业务员", "区域"]
ORDERS = [
    ("CN-2018-1", dt.date(2018, 11, 8), "C001", "R1", "华东", 261.96, 200.5),
    ("CN-2018-2", dt.date(2018, 6, 12), "C002", "R2", "西南", 48.9, 30),
]
STORED = [
    ("CN-2018-1", dt.date(2018, 11, 8), "C001", "华东", D("261.96"), D("200.50")),
    ("CN-2018-2", dt.date(2018, 6, 12), "C002", "西南", D("48.90"), D("30.00")),
]
STORED_COLUMNS = ("order_id", "order_date", "customer_id", "region", "revenue", "cost")
LIMITS = Limits(
    max_bytes=100_000, max_rows=1000, max_columns=50, seconds=60, lock_wait=5, max_problems=100
)
"""Small caps: a workbook may unpack to 20 x 100 kB = 2 MB."""


def write_xls(path: Path) -> Path:
    """The Chinese edition of a BI sample as legacy Excel writes it: 订单, 退货, 销售人员."""
    book = xlwt.Workbook(encoding="utf-8")
    date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    orders = book.add_sheet("订单")
    for column, header in enumerate(ORDERS_HEADER):
        orders.write(0, column, header)
    for row, values in enumerate(ORDERS, start=1):
        for column, value in enumerate(values):
            orders.write(
                row, column, value, date if isinstance(value, dt.date) else xlwt.Style.default_style
            )
    returns = book.add_sheet("退货")
    for column, header in enumerate(RETURNS_HEADER):
        returns.write(0, column, header)
    returns.write(1, 0, "CN-2018-2")
    reps = book.add_sheet("销售人员")
    for column, header in enumerate(REPS_HEADER):
        reps.write(0, column, header)
    reps.write(1, 0, "R1")
    book.save(str(path))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    with xlsxwriter.Workbook(path) as book:
        iso = book.add_format({"num_format": "yyyy-mm-dd"})
        for name, rows in sheets.items():
            sheet = book.add_worksheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if isinstance(value, dt.date):
                        sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), iso)
                    else:
                        sheet.write(r, c, value)
    return path


def orders_rows() -> list[list[object]]:
    return [list(ORDERS_HEADER), *[list(values) for values in ORDERS]]


def test_a_legacy_xls_workbook_is_read(lake: Lake, tmp_path: Path) -> None:
    path = write_xls(tmp_path / "示例 - 超市.xls")
    assert path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    result = ingest_file(path, "orders", lake, limits=LIMITS)
    assert result.encoding == "xls"
    assert result.prepared is not None and result.prepared.raw is not None
    assert result.prepared.raw.sheet == "订单"
    assert result.prepared.raw.sheets == ("订单", "退货", "销售人员")
    stored = lake.read_table("orders").sort("order_id").select(STORED_COLUMNS)
    assert stored.rows() == STORED


def test_the_xls_sheets_are_listed_with_their_tables(tmp_path: Path) -> None:
    payload = write_xls(tmp_path / "book.xls").read_bytes()
    assert workbook_sheets(payload) == ("订单", "退货", "销售人员")
    assert workbook_tables(payload, LIMITS) == [
        SheetTable("订单", "orders", 1, 7),
        SheetTable("退货", None, 1, 1),  # 订单号 alone: an order id, no orders table
        SheetTable("销售人员", None, 1, 3),  # a rep, a name and a region; no quota, no month
    ]


def test_an_ods_workbook_is_read(lake: Lake, tmp_path: Path) -> None:
    path = tmp_path / "订单.ods"
    write_ods(path, {"退货": [RETURNS_HEADER], "订单": orders_rows()})
    result = ingest_file(path, "orders", lake, limits=LIMITS)
    assert result.encoding == "ods"
    assert result.prepared is not None and result.prepared.raw is not None
    assert result.prepared.raw.sheet == "订单"
    stored = lake.read_table("orders").sort("order_id").select(STORED_COLUMNS)
    assert stored.rows() == STORED


def test_a_zip_that_is_not_a_workbook_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(RejectedUpload) as caught:
        read_export(path.read_bytes(), "orders", limits=LIMITS)
    assert caught.value.problems == [Problem(0, "", "", "zip_file")]


def test_the_sheet_that_holds_the_table_is_read_though_it_is_not_first(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "export.xlsx",
        {
            "说明": [["本文件由 ERP 导出"], ["导出时间", "2026-12-01"]],
            "退货": [RETURNS_HEADER, ["CN-2018-2", dt.date(2018, 7, 1), "破损"]],
            "销售人员": [
                [*REPS_HEADER, "月份", "销售指标"],
                ["R1", "张三", "华东", "2018-11", 5000],
            ],
            "订单": [["2018年订单明细"], [], *orders_rows()],
        },
    )
    payload = path.read_bytes()
    raw = read_export(payload, "orders", limits=LIMITS)
    assert (raw.sheet, raw.header_row, raw.encoding) == ("订单", 3, "xlsx")
    assert raw.frame.select("order_id", "region").rows() == [
        ("CN-2018-1", "华东"),
        ("CN-2018-2", "西南"),
    ]
    guessed = read_export(payload, limits=LIMITS)  # no table named: the best-named table
    assert (guessed.table, guessed.sheet) == ("orders", "订单")
    quotas = read_export(payload, "quotas", limits=LIMITS)
    assert (quotas.sheet, quotas.frame.select("rep_id", "revenue_quota").rows()) == (
        "销售人员",
        [("R1", "5000")],
    )
    assert workbook_tables(payload, LIMITS) == [
        SheetTable("说明", None, 1, 0),
        SheetTable("退货", None, 1, 1),  # an order id alone is no orders table
        SheetTable("销售人员", "quotas", 1, 5),
        SheetTable("订单", "orders", 3, 7),
    ]
    assert workbook_tables(payload, LIMITS, table="quotas") == [
        SheetTable("说明", None, 1, 0),
        SheetTable("退货", None, 1, 0),
        SheetTable("销售人员", "quotas", 1, 5),
        SheetTable("订单", None, 3, 2),  # 业务员编号 and 区域, but no month or quota
    ]


def test_a_named_sheet_is_read_even_when_another_names_the_table_better(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", {"订单": orders_rows(), "退货": [RETURNS_HEADER]})
    raw = read_export(path.read_bytes(), "orders", sheet="退货", limits=LIMITS)
    assert raw.sheet == "退货"


def test_a_text_file_has_no_sheets() -> None:
    assert workbook_tables("订单号,金额\nSO1,1\n".encode(), LIMITS) == []


def test_html_saved_as_xls_is_still_refused_with_its_message() -> None:
    payload = b"<html><body><table><tr><td>\xe8\xae\xa2\xe5\x8d\x95</td></tr></table></body></html>"
    with pytest.raises(RejectedUpload) as caught:
        read_export(payload, "orders", limits=LIMITS)
    assert caught.value.problems == [Problem(0, "", "", "html_file")]


def _lie_about_size(payload: bytes, name: str, declared: int) -> bytes:
    """Patch a member's uncompressed size, in its local header and the central directory."""
    data = bytearray(payload)
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        info = archive.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    central = payload.find(b"PK\x01\x02")
    encoded = name.encode()
    while True:  # this member's entry in the central directory
        length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + length]) == encoded:
            break
        central = payload.find(b"PK\x01\x02", central + 46)
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def test_a_zip_bomb_with_lying_sizes_is_stopped_at_the_limit(tmp_path: Path) -> None:
    real = write_xlsx(tmp_path / "real.xlsx", {"订单": orders_rows()}).read_bytes()
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real)) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member.filename))
        # 64 MiB of zeros deflate to some 64 kB
        target.writestr("xl/media/image1.png", bytes(64 << 20), zipfile.ZIP_DEFLATED, 9)
    payload = _lie_about_size(rebuilt.getvalue(), "xl/media/image1.png", 10)
    assert len(payload) < LIMITS.max_bytes
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:  # what the archive claims
        assert sum(info.file_size for info in archive.infolist()) < 2 * LIMITS.max_bytes
    with pytest.raises(RejectedUpload) as caught:
        read_export(payload, "orders", limits=LIMITS)
    problem = Problem(0, "", "", "too_large_unpacked", "2")
    assert caught.value.problems == [problem]
    assert describe(problem, "en") == "the Excel file unpacks to more than the limit of 2 MB."
    assert workbook_sheets(payload, LIMITS) == ()  # the Upload page's sheet list: guarded too
    # the same workbook without the bomb goes through the same guard
    assert read_export(real, "orders", limits=LIMITS).sheet == "订单"


def test_a_macro_enabled_workbook_is_read_like_an_xlsx(lake: Lake, tmp_path: Path) -> None:
    plain = write_xlsx(tmp_path / "plain.xlsx", {"订单": orders_rows()}).read_bytes()
    path = tmp_path / "订单.xlsm"
    main_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    macro_type = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    with zipfile.ZipFile(io.BytesIO(plain)) as source, zipfile.ZipFile(path, "w") as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "[Content_Types].xml":
                assert main_type.encode() in data
                data = data.replace(main_type.encode(), macro_type.encode())
            target.writestr(member, data)
    result = ingest_file(path, "orders", lake, limits=LIMITS)
    assert result.encoding == "xlsx"
    stored = lake.read_table("orders").sort("order_id").select(STORED_COLUMNS)
    assert stored.rows() == STORED


def test_a_chart_sheet_before_the_orders_is_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with xlsxwriter.Workbook(path) as book:
        charts = book.add_chartsheet("图表")
        sheet = book.add_worksheet("订单")
        for r, row in enumerate(orders_rows()):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_string(r, c, value.isoformat())
                else:
                    sheet.write(r, c, value)
        chart = book.add_chart({"type": "column"})
        chart.add_series({"values": "=订单!$F$2:$F$3"})
        charts.set_chart(chart)
    payload = path.read_bytes()
    assert workbook_tables(payload, LIMITS) == [
        SheetTable("图表", None, 1, 0),
        SheetTable("订单", "orders", 1, 7),
    ]
    assert read_export(payload, "orders", limits=LIMITS).sheet == "订单"

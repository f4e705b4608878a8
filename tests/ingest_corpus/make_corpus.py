"""Write the messy-export corpus: ``python tests/ingest_corpus/make_corpus.py``.

The files are committed; this script says exactly how each was made (bytes matter:
encodings, BOMs, line endings) so that the corpus can be rebuilt or extended. What each
file must produce is asserted in tests/ingest/test_corpus.py.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import xlsxwriter
import xlwt

HERE = Path(__file__).resolve().parent
ORDERS_EN = "order_id,line_no,order_date,customer_id,rep_id,region,revenue,cost"
ORDERS_ZH = "订单号,行号,订单日期,客户编号,客户名称,业务员编号,区域,销售额,成本"


def lines(*rows: str, end: str = "\n") -> str:
    return end.join(rows) + end


TEXT_FILES: dict[str, tuple[str, str]] = {
    # name: (text, encoding)
    "utf8_bom.csv": (
        lines(
            ORDERS_EN,
            "SO1,1,2026-11-03,C1,R1,华东,100.00,60.00",
            "SO2,1,2026-11-04,C2,R2,华南,50,30",
        ),
        "utf-8-sig",
    ),
    "gbk_title_rows.csv": (
        lines(
            "2026年11月销售订单明细,,,,,,,,",
            "导出日期：2026-12-01,,,,,,,,",
            ORDERS_ZH,
            "SO1,1,2026/11/3,C1,北京甲公司,R1,华北,1200,800",
            "SO2,1,2026/11/5,C2,上海乙公司,R2,华东,300,200",
            end="\r\n",
        ),
        "gbk",
    ),
    "gb18030_rare_char.csv": (
        lines(ORDERS_ZH, "SO1,1,2026-11-03,C1,刘䶮商行,R1,华南,100,60"),
        "gb18030",
    ),
    "semicolon.csv": (
        lines(ORDERS_EN.replace(",", ";"), "SO1;1;2026-11-03;C1;R1;华东;1234.5;1000"),
        "utf-8",
    ),
    "tab_separated.txt": (
        lines(
            ORDERS_ZH.replace(",", "\t"), "SO1\t1\t2026-11-03\tC1\t甲\tR1\t华东\t1,234.50\t1,000"
        ),
        "utf-8",
    ),
    "thousands_currency.csv": (
        lines(
            ORDERS_EN,
            'SO1,1,2026-11-03,C1,R1,华东,"1,234.50","¥1,000"',
            "SO2,1,2026-11-03,C1,R1,华东,￥2000.00,3.5",
            'SO3,1,2026-11-03,C1,R1,华东,"-¥1,234",¥-5',
            'SO4,1,2026-11-03,C1,R1,华东," 1,234,567.891 ",0',
        ),
        "utf-8",
    ),
    "date_forms.csv": (
        lines(
            ORDERS_EN,
            "SO1,1,2026-11-03,C1,R1,华东,1,1",
            "SO2,1,2026/11/3,C1,R1,华东,1,1",
            "SO3,1,2026.11.3,C1,R1,华东,1,1",
            "SO4,1,2026年11月3日,C1,R1,华东,1,1",
            "SO5,1,2026-11-03 00:00:00,C1,R1,华东,1,1",
            "SO6,1,2026/1/9,C1,R1,华东,1,1",
        ),
        "utf-8",
    ),
    "month_forms_quotas.csv": (
        lines(
            "月份,业务员编号,区域,销售指标",
            "2026-11,R1,华东,100000",
            "2026/12,R1,华东,120000",
            "2027年1月,R1,华东,90000",
            "2027.02,R1,华东,80000",
        ),
        "utf-8",
    ),
    "percent_discount.csv": (
        lines(
            ORDERS_EN + ",discount_rate",
            "SO1,1,2026-11-03,C1,R1,华东,100,60,15%",
            "SO2,1,2026-11-03,C1,R1,华东,100,60,0.2",
            "SO3,1,2026-11-03,C1,R1,华东,100,60,12.5%",
        ),
        "utf-8",
    ),
    "percent_header.csv": (
        lines(
            ORDERS_EN + ",折扣率(%)",
            "SO1,1,2026-11-03,C1,R1,华东,100,60,15",
            "SO2,1,2026-11-03,C1,R1,华东,100,60,7.5%",
        ),
        "utf-8",
    ),
    "parentheses_negative.csv": (
        lines(
            ORDERS_EN,
            'SO1,1,2026-11-03,C1,R1,华东,"(1,234.00)",(800)',
            "SO2,1,2026-11-03,C1,R1,华东,(¥5.50),-3",
        ),
        "utf-8",
    ),
    "total_row_ok.csv": (
        lines(
            ORDERS_ZH,
            'SO1,1,2026-11-03,C1,甲,R1,华东,"1,000.00",600',
            "SO2,1,2026-11-04,C2,乙,R1,华东,234.5,100.25",
            ",,,,,,,,",
            '合 计：,,,,,,,"1,234.50",700.25',
        ),
        "gbk",
    ),
    "total_row_mismatch.csv": (
        lines(
            ORDERS_ZH,
            "SO1,1,2026-11-03,C1,甲,R1,华东,1000.00,600",
            "SO2,1,2026-11-04,C2,乙,R1,华东,234.50,100",
            '合计,,,,,,,"5,234.50",700',
        ),
        "gbk",
    ),
    "subtotals.csv": (
        lines(
            ORDERS_ZH,
            "SO1,1,2026-11-03,C1,甲,R1,华东,100,60",
            "SO2,1,2026-11-04,C2,乙,R1,华东,200,120",
            "小计,,,,,,,300,180",
            "SO3,1,2026-11-05,C3,丙,R2,华南,50,30",
            "小计,,,,,,,50,30",
            "总计,,,,,,,350,210",
        ),
        "utf-8",
    ),
    "duplicate_headers.csv": (
        lines(
            "订单号,订单日期,客户编号,业务员编号,区域,金额,成本,金额",
            "SO1,2026-11-03,C1,R1,华东,100,60,113",
        ),
        "utf-8",
    ),
    "ambiguous_headers.csv": (
        lines(
            "订单号,订单日期,客户编号,业务员编号,区域,销售额,成本,销售金额",
            "SO1,2026-11-03,C1,R1,华东,100,60,113",
        ),
        "utf-8",
    ),
    "blank_headers.csv": (
        lines(
            ORDERS_EN + ",,note,",
            "SO1,1,2026-11-03,C1,R1,华东,100,60,看这里,x,",
            "SO2,1,2026-11-03,C1,R1,华东,100,60,,,",
        ),
        "utf-8",
    ),
    "header_only.csv": (lines(ORDERS_EN), "utf-8"),
    "ragged_rows.csv": (
        lines(
            ORDERS_EN + ",status",
            "SO1,1,2026-11-03,C1,R1,华东,100,60,",
            "SO2,1,2026-11-03,C1,R1,华东,1,234.00,60,",
            "SO3,1,2026-11-03,C1,R1,华东,100,60",
            "SO4,1,2026-11-03,C1,R1,华东,100,60,,,",
            "SO5,1,2026-11-03,C1,R1,华东,100,60,cancelled",
        ),
        "utf-8",
    ),
    "quoted_newlines.csv": (
        lines(
            ORDERS_ZH,
            'SO1,1,2026-11-03,C1,"北京甲公司\n（总部）",R1,华北,100,60',
            'SO2,1,2026-11-03,C2,"上海""乙""公司\r\n第二行\n第三行",R1,华东,100,60',
            "SO3,1,2026-13-03,C3,丙,R1,华东,100,60",
        ),
        "utf-8",
    ),
    "leading_zero_ids.csv": (
        lines(ORDERS_EN, "000123,1,2026-11-03,00456,007,华东,100,60"),
        "utf-8",
    ),
    "scientific_ids.csv": (
        lines(
            ORDERS_EN,
            "SO1,1,2026-11-03,1.23E+11,R1,华东,100,60",
            "SO2,1,2026-11-03,C1,R1,华东,1.5E+6,60",
        ),
        "utf-8",
    ),
    "formula_text.csv": (
        lines(
            "order_id,line_no,order_date,customer_id,customer_name,rep_id,region,product,revenue,cost",
            "SO1,1,2026-11-03,C1,=SUM(A1:A3),R1,华东,+86 138,100,60",
            'SO2,1,2026-11-03,C1,"=HYPERLINK(""http://x"")",R1,华东,@risk,100,60',
            "SO3,1,2026-11-03,C1,-cmd,R1,华东,=1+1,100,60",
        ),
        "utf-8",
    ),
    "wanyuan_header.csv": (
        lines(
            "订单号,订单日期,客户编号,业务员编号,区域,销售额(万元),成本（元）,已回款【万元】",
            "SO1,2026-11-03,C1,R1,华东,1.2345,8000,0.5",
            "SO2,2026-11-03,C1,R1,华东,0.5,4000.5,",
        ),
        "utf-8",
    ),
    "impossible_date.csv": (
        lines(
            ORDERS_EN, "SO1,1,2026/02/30,C1,R1,华东,100,60", "SO2,1,2026-02-28,C1,R1,华东,100,60"
        ),
        "utf-8",
    ),
    "missing_required.csv": (
        lines("订单号,订单日期,客户编号,业务员编号,区域,成本", "SO1,2026-11-03,C1,R1,华东,60"),
        "utf-8",
    ),
    "market_nbsp_headers.csv": (
        lines("\u00a0 Month ,REGION\u3000, Market_Size", "2026-11,华东,5000000"),
        "utf-8",
    ),
    "duplicate_keys.csv": (
        lines(
            ORDERS_EN,
            "SO1,1,2026-11-03,C1,R1,华东,100,60",
            "SO2,1,2026-11-03,C1,R1,华东,100,60",
            "SO1,1,2026-11-04,C1,R1,华东,100,60",
        ),
        "utf-8",
    ),
    "decimal_comma.csv": (
        lines(ORDERS_EN.replace(",", ";"), "SO1;1;2026-11-03;C1;R1;华东;1234,50;1000"),
        "utf-8",
    ),
    "utf16_unicode_text.txt": (
        lines(ORDERS_ZH.replace(",", "\t"), "SO1\t1\t2026-11-03\tC1\t甲公司\tR1\t华东\t100\t60"),
        "utf-16",
    ),
}


HTML_EXPORT = "<html><body><table><tr><td>订单号</td></tr></table></body></html>"
"""What some ERP systems save as .xls: a web page."""


def binary_files() -> dict[str, bytes]:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("orders.csv", lines(ORDERS_EN, "SO1,1,2026-11-03,C1,R1,华东,100,60"))
    garbage = bytes((i * 73 + 11) % 256 for i in range(4096))
    return {
        "empty.csv": b"",
        "binary_garbage.csv": garbage,
        "zip_renamed.csv": archive.getvalue(),
        "old_excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        "html_disguised.xls": HTML_EXPORT.encode(),
        "latin1.csv": lines(ORDERS_EN, "SO1,1,2026-11-03,C1,R1,Café,100,60").encode("latin-1"),
        "bad_bytes_bom.csv": b"\xef\xbb\xbf"
        + lines(ORDERS_EN).encode()
        + b"SO1,1,2026-11-03,C\xff,R1,x,1,1\n",
    }


def write_xlsx() -> None:
    path = HERE / "excel_serial_dates.xlsx"
    with xlsxwriter.Workbook(path) as book:
        iso = book.add_format({"num_format": "yyyy-mm-dd"})
        text = book.add_format({"num_format": "@"})
        sheet = book.add_worksheet("说明")
        sheet.write(0, 0, "本文件由 ERP 导出")
        sheet = book.add_worksheet("订单")
        sheet.write(0, 0, "2026年11月订单明细")
        sheet.write(1, 0, "导出时间")
        sheet.write_datetime(1, 1, dt.datetime(2026, 12, 1, 9, 30), iso)
        sheet.write_row(
            3, 0, ["订单号", "行号", "订单日期", "客户编号", "业务员编号", "区域", "销售额", "成本"]
        )
        sheet.write_string(4, 0, "SO1")
        sheet.write_number(4, 1, 1)
        sheet.write_datetime(4, 2, dt.datetime(2026, 11, 3), iso)
        sheet.write_string(4, 3, "00123", text)
        sheet.write_string(4, 4, "R1")
        sheet.write_string(4, 5, "华东")
        sheet.write_number(4, 6, 1234.5)
        sheet.write_number(4, 7, 0.1 + 0.2)
        sheet.write_string(5, 0, "SO2")
        sheet.write_number(5, 1, 2)
        sheet.write_number(5, 2, 46330)  # a serial date in a General cell: 2026-11-04
        sheet.write_number(5, 3, 456)
        sheet.write_string(5, 4, "R1")
        sheet.write_string(5, 5, "华东")
        sheet.write_formula(5, 6, "=100*2", None, 200)
        sheet.write_number(5, 7, 120)
        sheet.write_string(7, 0, "合计")
        sheet.write_formula(7, 6, "=SUM(G5:G6)", None, 1434.5)
        sheet.write_formula(7, 7, "=SUM(H5:H6)", None, 120.3)


# --- branch `reading`: text and workbooks as other systems write them
BIG5_ORDERS = "訂單編號,訂單日期,客戶編號,客戶名稱,業務員編號,地區,金額,成本"
READING_TEXT_FILES: dict[str, tuple[str, str]] = {
    "big5_orders.csv": (
        lines(
            BIG5_ORDERS,
            "TW1,2026/11/3,K1,台北貿易股份有限公司,S1,台北,1200,800",
            "TW2,2026/11/5,K2,高雄電子,S2,高雄,300.5,200",
            end="\r\n",
        ),
        "big5",
    ),
    "utf16le_no_bom.txt": (
        lines(
            ORDERS_ZH.replace(",", "\t"),
            "SO1\t1\t2026-11-03\tC1\t北京甲公司\tR1\t华北\t1200\t800",
            "SO2\t1\t2026-11-05\tC2\t上海乙公司\tR2\t华东\t300\t200",
            end="\r\n",
        ),
        "utf-16-le",
    ),
    "us_dates.csv": (
        lines(
            ORDERS_EN,
            "SO1,1,11/8/2018,C1,R1,华东,100,60",
            "SO2,1,6/16/2017,C1,R1,华东,100,60",
            "SO3,1,1/2/2018 14:30:00,C1,R1,华东,100,60",
        ),
        "utf-8",
    ),
    "ambiguous_dates.csv": (
        lines(
            ORDERS_EN,
            "SO1,1,11/8/2018,C1,R1,华东,100,60",
            "SO2,1,1/2/2018,C1,R1,华东,100,60",
        ),
        "utf-8",
    ),
}
ORDERS_SHEET: list[list[object]] = [
    ["订单号", "订单日期", "客户编号", "业务员编号", "区域", "销售额", "成本"],
    ["CN-1", dt.date(2018, 11, 8), "C001", "R1", "华东", 261.96, 200.5],
    ["CN-2", dt.date(2018, 6, 12), "C002", "R2", "西南", 48.9, 30],
]
RETURNS_SHEET: list[list[object]] = [
    ["订单号", "退货日期", "退货原因"],
    ["CN-2", "2018-07-01", "破损"],
]
REPS_SHEET: list[list[object]] = [["业务员编号", "业务员", "区域"], ["R1", "张三", "华东"]]


def mixed_utf8_gbk() -> bytes:
    """A UTF-8 export with lines appended by a tool that writes GBK: line 3 is GBK."""
    top = lines(ORDERS_ZH, "SO1,1,2026-11-03,C1,北京甲公司,R1,华北,1200,800")
    return top.encode() + lines("SO2,1,2026-11-05,C2,上海乙公司,R2,华东,300,200").encode("gbk")


def write_xls(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write(r, c, value, date)
                else:
                    sheet.write(r, c, value)
    book.save(str(path))


def write_sheets_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> None:
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


def _ods_cell(value: object) -> str:
    if isinstance(value, dt.date):
        return f'<table:table-cell office:value-type="date" office:date-value="{value}"/>'
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
    text = escape(str(value))
    return (
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


def write_ods(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """An OpenDocument spreadsheet as LibreOffice lays one out (the mimetype first, stored)."""
    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + "".join(map(_ods_cell, row)) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)


def write_reading_files() -> None:
    for name, (text, encoding) in READING_TEXT_FILES.items():
        (HERE / name).write_bytes(text.encode(encoding))
    (HERE / "mixed_utf8_gbk.csv").write_bytes(mixed_utf8_gbk())
    chinese = {"订单": ORDERS_SHEET, "退货": RETURNS_SHEET, "销售人员": REPS_SHEET}
    write_xls(HERE / "zh_workbook.xls", chinese)
    write_ods(HERE / "zh_workbook.ods", chinese)
    write_sheets_xlsx(
        HERE / "orders_third_sheet.xlsx",
        {"退货": RETURNS_SHEET, "销售人员": REPS_SHEET, "订单": ORDERS_SHEET},
    )


def main() -> None:
    for name, (text, encoding) in TEXT_FILES.items():
        (HERE / name).write_bytes(text.encode(encoding))
    for name, payload in binary_files().items():
        (HERE / name).write_bytes(payload)
    write_xlsx()
    write_reading_files()


if __name__ == "__main__":
    main()

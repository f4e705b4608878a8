"""Whole files from real exports: the choices they leave, the --map that settles them,
mappings remembered per export, order lines numbered, and what the command line says."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from sales_dash.cli import main
from sales_dash.ingest import RejectedUpload, ingest_file, prepare_upload
from sales_dash.ingest.mappings import (
    MAPPINGS_FILE,
    SourceColumn,
    find_mapping,
    header_signature,
    remembered_mappings,
)
from sales_dash.ingest.problems import Problem
from sales_dash.lake import Lake

BI_HEADER = (
    "Row ID,Order ID,Order Date,Ship Date,Ship Mode,Customer ID,Customer Name,Segment,"
    "Country,City,State,Postal Code,Region,Product ID,Category,Sub-Category,Product Name,"
    "Sales,Quantity,Discount,Profit"
)
BI_ROWS = [
    "1,CA-2016-152156,2016-11-08,2016-11-11,Second Class,CG-12520,Claire Gute,Consumer,"
    "United States,Henderson,Kentucky,42420,South,FUR-BO-10001798,Furniture,Bookcases,"
    "Bush Somerset Collection Bookcase,261.96,2,0,41.9136",
    "2,CA-2016-152156,2016-11-08,2016-11-11,Second Class,CG-12520,Claire Gute,Consumer,"
    'United States,Henderson,Kentucky,42420,South,FUR-CH-10000454,Furniture,Chairs,"Hon '
    'Deluxe Fabric Upholstered Stacking Chairs, Rounded Back",731.94,3,0,219.582',
    "3,CA-2016-138688,2016-06-12,2016-06-16,Second Class,DV-13045,Darrin Van Huff,Corporate,"
    "United States,Los Angeles,California,90036,West,OFF-LA-10000240,Office Supplies,Labels,"
    "Self-Adhesive Address Labels,14.62,2,0,6.8714",
]
TMALL = (
    "订单编号,总金额,买家实际支付金额,收货地址 ,订单创建时间,订单付款时间 ,退款金额\n"
    "1,178.8,0,上海,2020-02-21 00:00:00,,0\n"
    "2,21,21,内蒙古自治区,2020-02-20 23:59:54,2020-02-21 00:00:02,0\n"
)


def write(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def bi_file(folder: Path, name: str = "superstore.csv", rows: list[str] = BI_ROWS) -> Path:
    return write(folder / name, "\n".join([BI_HEADER, *rows]) + "\n")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "zh")


def ingest(lake: Lake, path: Path, *extra: str) -> list[str]:
    return ["ingest", str(path), "--table", "orders", "--data", str(lake.root), *extra]


def test_the_bi_sample_is_refused_naming_the_region_choice_in_english(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    code, out, err = run(capsys, *ingest(lake, bi_file(tmp_path)))
    assert (code, out) == (1, "")
    assert err.splitlines()[1] == (
        "Row 1, column region, value 'K State / M Region': several columns could be this "
        "one: K State / M Region; choose the column to use: --map State=region Region=- | "
        "--map Region=region State=- ('-' leaves a column out)."
    )


def test_the_bi_sample_is_refused_naming_the_region_choice_in_chinese(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], chinese: None
) -> None:
    code, _, err = run(capsys, *ingest(lake, bi_file(tmp_path)))
    assert code == 1
    assert err.splitlines()[1] == (
        "第 1 行，列 region，值“K State / M Region”：多列都可能是此列：K State / M Region；"
        "请选择用哪一列：--map State=region Region=- | --map Region=region State=-"
        "（“-”表示不用该列）"
    )


def test_map_settles_the_choice_and_row_id_is_the_line(lake: Lake, tmp_path: Path) -> None:
    result = ingest_file(
        bi_file(tmp_path), "orders", lake, overrides={"Region": "region", "State": "-"}
    )
    assert result.inserted == 3
    stored = lake.read_table("orders").sort("line_no")
    assert stored.select("order_id", "line_no", "region", "discount_rate").rows() == [
        ("CA-2016-152156", 1, "South", 0),
        ("CA-2016-152156", 2, "South", 0),
        ("CA-2016-138688", 3, "West", 0),
    ]
    assert result.prepared is not None and result.prepared.numbered_orders == 0


def test_the_tmall_report_names_both_questions(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    path = write(tmp_path / "ExportOrderList.csv", TMALL)
    code, _, err = run(capsys, *ingest(lake, path))
    assert code == 1
    assert err.splitlines()[1:] == [
        "Row 1, column region, value 'D 收货地址': the column D 收货地址 may be this one, but "
        "that is not certain; choose: --map 收货地址=region | --map 收货地址=- "
        "('-' leaves it out).",
        "Row 1, column revenue, value 'B 总金额 / C 买家实际支付金额': several columns could be "
        "this one: B 总金额 / C 买家实际支付金额; choose the column to use: "
        "--map 总金额=revenue 买家实际支付金额=- | --map 买家实际支付金额=revenue 总金额=- "
        "('-' leaves a column out).",
    ]
    code, _, err = run(
        capsys, *ingest(lake, path, "--map", "买家实际支付金额=revenue", "总金额=-", "收货地址=-")
    )
    assert (code, err) == (0, "")
    assert lake.read_table("orders").sort("order_id").select("order_id", "revenue").rows() == [
        ("1", 0),
        ("2", 21),
    ]


def test_a_mapping_is_remembered_applied_listed_and_deleted(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    first = bi_file(tmp_path, "november.csv", BI_ROWS[:2])
    code, _, err = run(capsys, *ingest(lake, first, "--map", "Region=region", "State=-"))
    assert (code, err) == (0, "")
    headers = BI_HEADER.split(",")
    signature = header_signature("orders", headers)
    stored = json.loads((lake.root / MAPPINGS_FILE).read_text(encoding="utf-8"))
    assert stored["mappings"][signature]["choices"] == {"Region": "region", "State": "-"}

    # the same export again, with another month's rows: no question, and it says why
    second = bi_file(tmp_path, "june.csv", BI_ROWS[2:])
    code, out, err = run(capsys, *ingest(lake, second, "--dry-run"))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[1].startswith(
        f"Applied the column mapping remembered for this export (id {signature}"
    )
    assert "Column mapping:" in lines
    assert any(line.split()[:3] == ["M", "Region", "region"] for line in lines)
    assert any(line.split()[:4] == ["K", "State", "not", "used"] for line in lines)

    # an explicit --map still wins over the remembered one
    prepared = prepare_upload(
        second.read_bytes(),
        "june.csv",
        "orders",
        overrides={"State": "region", "Region": "-"},
        lake=lake,
    )
    assert prepared.raw is not None and prepared.raw.mapping["State"] == "region"

    code, out, _ = run(capsys, "mappings", "--data", str(lake.root))
    assert code == 0
    assert out.splitlines()[0].split() == ["Id", "Table", "Headers", "Choices", "Last", "used"]
    assert out.splitlines()[1].startswith(f"{signature}  orders  Row ID, Order ID")
    assert "Region=region, State=-" in out

    code, out, _ = run(capsys, "mappings", "delete", signature, "--data", str(lake.root))
    assert (code, out) == (0, f"Deleted the column mapping {signature} (orders).\n")
    assert remembered_mappings(lake) == []
    assert find_mapping(lake, "orders", headers) is None
    with pytest.raises(RejectedUpload):
        ingest_file(second, "orders", lake)

    code, out, err = run(capsys, "mappings", "delete", signature, "--data", str(lake.root))
    assert code == 2
    assert (
        err
        == f"sales-dash: There is no column mapping {signature}; sales-dash mappings lists them.\n"
    )
    code, out, _ = run(capsys, "mappings", "--data", str(lake.root))
    assert out == "No remembered column mappings.\n"


def test_mappings_speak_chinese(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], chinese: None
) -> None:
    code, out, _ = run(capsys, "mappings", "--data", str(lake.root))
    assert out == "还没有记住的列映射。\n"
    ingest_file(bi_file(tmp_path), "orders", lake, overrides={"Region": "region", "State": "-"})
    code, out, _ = run(capsys, "mappings", "--data", str(lake.root))
    assert out.splitlines()[0].split() == ["编号", "数据表", "表头", "选择", "上次使用"]
    code, out, _ = run(capsys, "mappings", "delete", "--data", str(lake.root))
    assert code == 2


def test_a_dry_run_writes_no_remembered_mapping(lake: Lake, tmp_path: Path) -> None:
    ingest_file(
        bi_file(tmp_path),
        "orders",
        lake,
        overrides={"Region": "region", "State": "-"},
        dry_run=True,
    )
    assert not (lake.root / MAPPINGS_FILE).exists()


ORDERS_WITHOUT_LINES = """订单号,订单日期,产品,销售额
SO1,2026-11-03,空调,100
SO2,2026-11-03,冰箱,50
SO1,2026-11-03,风扇,20.5
SO1,2026-11-04,冰箱,30
"""


def test_lines_of_an_order_are_numbered_in_file_order(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    path = write(tmp_path / "orders.csv", ORDERS_WITHOUT_LINES, "utf-8")
    code, out, err = run(capsys, *ingest(lake, path, "--dry-run"))
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == (
        "The file has no line-number column: the lines of 1 order(s) of several rows were "
        "numbered 1, 2, 3 ... in file order."
    )
    result = ingest_file(path, "orders", lake)
    assert result.inserted == 4
    stored = lake.read_table("orders").sort("order_id", "line_no")
    assert stored.select("order_id", "line_no", "product").rows() == [
        ("SO1", 1, "空调"),
        ("SO1", 2, "风扇"),
        ("SO1", 3, "冰箱"),
        ("SO2", 1, "冰箱"),
    ]
    again = ingest_file(path, "orders", lake)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4)


def test_a_chinese_bi_workbook_goes_in_with_its_choice(lake: Lake, tmp_path: Path) -> None:
    path = tmp_path / "示例 - 超市.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("订单")
    rows = [
        [
            *("行 ID", "订单 ID", "订单日期", "客户 ID", "客户名称", "省/自治区", "地区"),
            *("类别", "子类别", "产品名称", "销售额", "数量", "折扣", "利润"),
        ],
        [
            *("1", "US-2018-1357144", "2018-04-27", "曾惠-14485", "曾惠", "浙江", "华东"),
            *("办公用品", "用品", "Fiskars 剪刀, 蓝色", "129.696", "2", "0.4", "-60.704"),
        ],
        [
            *("2", "CN-2018-1973789", "2018-06-15", "许安-10165", "许安", "四川", "西南"),
            *("办公用品", "信封", "GlobeWeis 搭扣信封, 红色", "125.44", "2", "0", "42.56"),
        ],
    ]
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(path, "orders", lake)
    assert [(p.column, p.value) for p in caught.value.problems] == [
        ("region", "F 省/自治区 / G 地区")
    ]
    result = ingest_file(path, "orders", lake, overrides={"地区": "region", "省/自治区": "-"})
    assert result.inserted == 2
    stored = lake.read_table("orders").sort("line_no")
    assert stored.select("line_no", "customer_id", "region", "discount_rate").rows() == [
        (1, "曾惠-14485", "华东", Decimal("0.4")),
        (2, "许安-10165", "西南", 0),
    ]


def test_a_missing_column_is_said_once_without_a_row(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    path = write(tmp_path / "no_amount.csv", "订单号,订单日期\nSO1,2026-11-03\nSO2,2026-11-04\n")
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(path, "orders", lake)
    assert caught.value.problems == [
        Problem(0, "revenue", "revenue", "missing_column", "订单号, 订单日期")
    ]
    _, _, err = run(capsys, *ingest(lake, path))
    assert err.splitlines()[1] == (
        "Column 'revenue' is a required column missing from the file; "
        "its headers are: 订单号, 订单日期."
    )


def test_a_cell_problem_names_the_files_own_header(lake: Lake, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", "订单号,订单日期,销售额\nSO1,2026-13-03,100\n")
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(path, "orders", lake)
    assert caught.value.problems == [Problem(2, "订单日期", "2026-13-03", "not_a_date")]


def test_the_whole_mapping_is_described_in_file_order(tmp_path: Path) -> None:
    prepared = prepare_upload(bi_file(tmp_path).read_bytes(), "superstore.csv")
    assert prepared.table == "orders"
    assert prepared.raw is not None and prepared.raw.guess is not None
    assert prepared.raw.guess.table == "orders"
    rows = {row.header: row for row in prepared.mapping}
    assert [row.letter for row in prepared.mapping][:3] == ["A", "B", "C"]
    assert rows["Sales"] == SourceColumn("R", "Sales", "revenue", "synonym")
    assert rows["Ship Mode"] == SourceColumn("E", "Ship Mode", None, "")
    assert rows["Region"] == SourceColumn(
        "M", "Region", None, "choice", "region", ("State", "Region")
    )
    assert rows["City"].column is None and rows["City"].choice is None
    frame = pl.DataFrame(prepared.mapping)
    assert frame.columns[:4] == ["letter", "header", "column", "how"]


def test_the_dry_run_shows_the_whole_mapping_in_chinese(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], chinese: None
) -> None:
    path = write(tmp_path / "ExportOrderList.csv", TMALL)
    chosen = ["买家实际支付金额=revenue", "总金额=-", "收货地址=-"]
    code, out, err = run(capsys, *ingest(lake, path, "--dry-run", "--map", *chosen))
    assert (code, err) == (0, "")
    assert out.splitlines()[1:10] == [
        "列映射：",
        "列  文件中的列        导入为      说明",
        "A   订单编号          order_id    按列名识别",
        "B   总金额            不使用      按指定不使用",
        "C   买家实际支付金额  revenue     按指定的映射",
        "D   收货地址          不使用      按指定不使用",
        "E   订单创建时间      order_date  按列名识别",
        "F   订单付款时间      不使用",
        "G   退款金额          不使用",
    ]
    assert not (lake.root / MAPPINGS_FILE).exists()

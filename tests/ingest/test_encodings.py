"""Text as the world's systems write it: Windows-1252, Big5, UTF-16 without a BOM, GBK
beside them, and the files that must be refused (mixed encodings, NUL bytes).

Each file is written by the test in the bytes its system writes, read back, and its cells
compared with the text it was made from.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from sales_dash.cli import main
from sales_dash.ingest import Problem, RejectedUpload, ingest_file
from sales_dash.ingest.encodings import decode_text
from sales_dash.ingest.problems import describe
from sales_dash.ingest.read import read_export
from sales_dash.lake import Lake

BI_HEADER = (
    "Row ID,Order ID,Order Date,Customer ID,Customer Name,Segment,Region,Category,"
    "Product Name,Sales,Quantity,Discount,Profit"
)
BI_ROWS = (
    "1,CA-2018-152156,11/8/2018,CG-12520,Claire Gute,Consumer,South,Furniture,"
    "Bretford CR4500 Series – Slim Rectangular Table,261.96,2,0,41.9136",
    "2,CA-2018-152156,11/8/2018,CG-12520,Claire Gute,Consumer,South,Furniture,"
    '"Hon Deluxe Fabric Upholstered Stacking Chairs, Rounded Back",731.94,3,0,219.582',
    "3,US-2017-108966,10/11/2017,SO-20335,Seán O’Donnell,Consumer,South,Office Supplies,"
    "“Eldon” Fold ’N Roll Cart System,22.368,2,0.2,2.5164",
    "4,CA-2016-138688,6/12/2016,DV-13045,Zoë Müller-Renée,Corporate,West,Office Supplies,"
    "Avery 508 Self-Adhesive Labels – café edition,48.896,2,0.2,-1.5",
)
"""An English BI-sample export, as its US edition writes it (sub-cent amounts, US dates)."""
BI_MAP = {
    "Row ID": "line_no",
    "Order ID": "order_id",
    "Order Date": "order_date",
    "Customer ID": "customer_id",
    "Customer Name": "customer_name",
    "Region": "region",
    "Product Name": "product",
    "Sales": "revenue",
}
"""The English headers' mapping (naming them is another branch's work)."""
BI_EXPECTED = [
    (
        "CA-2018-152156",
        "11/8/2018",
        "Claire Gute",
        "Bretford CR4500 Series – Slim Rectangular Table",
        "261.96",
    ),
    (
        "CA-2018-152156",
        "11/8/2018",
        "Claire Gute",
        "Hon Deluxe Fabric Upholstered Stacking Chairs, Rounded Back",
        "731.94",
    ),
    (
        "US-2017-108966",
        "10/11/2017",
        "Seán O’Donnell",
        "“Eldon” Fold ’N Roll Cart System",
        "22.368",
    ),
    (
        "CA-2016-138688",
        "6/12/2016",
        "Zoë Müller-Renée",
        "Avery 508 Self-Adhesive Labels – café edition",
        "48.896",
    ),
]

GBK_LINES = (
    "订单号,订单日期,客户编号,客户名称,业务员编号,区域,销售额,成本",
    "SO1,2026-11-03,C1,北京甲公司,R1,华北,1200,800",
    "SO2,2026-11-05,C2,上海乙商贸有限公司,R2,华东,300,200",
    "SO3,2026-11-06,C3,广州丙电子科技,R3,华南,450,300",
)
BIG5_LINES = (
    "訂單編號,訂單日期,客戶編號,客戶名稱,業務員編號,地區,金額,成本",
    "TW1,2026/11/3,K1,台北貿易股份有限公司,S1,台北,1200,800",
    "TW2,2026/11/5,K2,高雄電子,S2,高雄,300,200",
    "TW3,2026/11/6,K3,新竹科技園區開發,S1,新竹,450,300",
)
BIG5_MAP = {
    "訂單編號": "order_id",
    "訂單日期": "order_date",
    "客戶編號": "customer_id",
    "客戶名稱": "customer_name",
    "業務員編號": "rep_id",
    "地區": "region",
    "金額": "revenue",
    "成本": "cost",
}


def text_of(*lines: str, end: str = "\r\n") -> str:
    return end.join(lines) + end


def cells(payload: bytes, columns: tuple[str, ...], **options: object) -> list[tuple]:
    raw = read_export(payload, "orders", **options)  # type: ignore[arg-type]
    return raw.frame.select(columns).rows()


def rejection(payload: bytes, **options: object) -> list[Problem]:
    with pytest.raises(RejectedUpload) as caught:
        read_export(payload, "orders", **options)  # type: ignore[arg-type]
    return caught.value.problems


BI_COLUMNS = ("order_id", "order_date", "customer_name", "product", "revenue")


def test_a_windows_1252_bi_export_keeps_its_accents_quotes_and_dashes(tmp_path: Path) -> None:
    path = tmp_path / "Sample - Superstore.csv"
    path.write_bytes(text_of(BI_HEADER, *BI_ROWS).encode("cp1252"))
    payload = path.read_bytes()
    assert b"\x92" in payload and b"\x93" in payload and b"\x96" in payload  # ’ “ –
    raw = read_export(payload, "orders", BI_MAP)
    assert raw.encoding == "cp1252"
    assert raw.frame.select(BI_COLUMNS).rows() == BI_EXPECTED


def test_the_utf8_bom_copy_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "Sample - Superstore (UTF-8).csv"
    path.write_bytes(text_of(BI_HEADER, *BI_ROWS).encode("utf-8-sig"))
    raw = read_export(path.read_bytes(), "orders", BI_MAP)
    assert raw.encoding == "utf-8-sig"
    assert raw.frame.select(BI_COLUMNS).rows() == BI_EXPECTED


def test_a_big5_export_is_read_as_big5(tmp_path: Path) -> None:
    path = tmp_path / "訂單.csv"
    path.write_bytes(text_of(*BIG5_LINES).encode("big5"))
    raw = read_export(path.read_bytes(), "orders", BIG5_MAP)
    assert raw.encoding == "big5"
    assert raw.frame.select("order_id", "customer_name", "region", "revenue").rows() == [
        ("TW1", "台北貿易股份有限公司", "台北", "1200"),
        ("TW2", "高雄電子", "高雄", "300"),
        ("TW3", "新竹科技園區開發", "新竹", "450"),
    ]


def test_a_big5_export_goes_in_with_its_mapping(lake: Lake, tmp_path: Path) -> None:
    path = tmp_path / "訂單.csv"
    path.write_bytes(text_of(*BIG5_LINES).encode("big5"))
    result = ingest_file(path, "orders", lake, overrides=BIG5_MAP)
    assert (result.encoding, result.inserted) == ("big5", 3)
    assert lake.read_table("orders").sort("order_id")["customer_name"].to_list() == [
        "台北貿易股份有限公司",
        "高雄電子",
        "新竹科技園區開發",
    ]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_text_is_not_taken_for_big5_or_windows_1252(encoding: str) -> None:
    decoded = decode_text(text_of(*GBK_LINES).encode(encoding))
    assert decoded.encoding == "gbk"  # every GB18030 byte here is GBK too
    assert decoded.data.decode() == text_of(*GBK_LINES)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (text_of(*BIG5_LINES), "big5"),
        (text_of(BI_HEADER, *BI_ROWS), "cp1252"),
        (text_of(*GBK_LINES), "gbk"),
        (text_of("订单号,客户名称", "SO1,刘䶮商行", "SO2,上海乙公司"), "gb18030"),
        (text_of("Order ID,Customer", "1,Café Zoë", "2,Ångström"), "cp1252"),
    ],
)
def test_each_legacy_encoding_is_recognised(text: str, encoding: str) -> None:
    decoded = decode_text(text.encode(encoding))
    assert (decoded.encoding, decoded.data.decode()) == (encoding, text)


@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
def test_unicode_text_without_a_bom_is_read_by_its_nul_pattern(tmp_path: Path, order: str) -> None:
    # Excel's "Unicode text": UTF-16, tab separated; some tools leave the BOM out
    lines = [line.replace(",", "\t") for line in GBK_LINES]
    path = tmp_path / "orders.txt"
    path.write_bytes(text_of(*lines).encode(order))
    raw = read_export(path.read_bytes(), "orders")
    assert (raw.encoding, raw.separator) == (order, "\t")
    assert raw.frame.select("order_id", "customer_name", "revenue").rows() == [
        ("SO1", "北京甲公司", "1200"),
        ("SO2", "上海乙商贸有限公司", "300"),
        ("SO3", "广州丙电子科技", "450"),
    ]


def test_utf8_lines_then_gbk_lines_are_refused_naming_the_first_gbk_line(tmp_path: Path) -> None:
    path = tmp_path / "merged.csv"
    utf8 = text_of(*GBK_LINES[:3]).encode("utf-8")
    path.write_bytes(utf8 + text_of(GBK_LINES[3]).encode("gbk"))
    assert rejection(path.read_bytes()) == [Problem(0, "", "utf-8", "mixed_encoding", "4")]


def test_gbk_lines_then_utf8_lines_are_refused_naming_the_first_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "merged.csv"
    gbk = text_of(*GBK_LINES[:2]).encode("gbk")
    path.write_bytes(gbk + text_of(*GBK_LINES[2:]).encode("utf-8"))
    assert rejection(path.read_bytes()) == [Problem(0, "", "gbk", "mixed_encoding", "3")]


def test_a_mixed_file_is_explained_in_both_languages() -> None:
    problem = Problem(0, "", "utf-8", "mixed_encoding", "4")
    assert describe(problem, "en") == (
        "the file mixes encodings: the lines above are utf-8 but line 4 is not "
        "(two files pasted together?); save it from Excel as 'CSV UTF-8' or .xlsx."
    )
    assert describe(problem, "zh").startswith("文件混用了多种编码：前面的行是 utf-8，第 4 行却不是")


def test_a_nul_byte_after_100_kib_is_refused_naming_its_line(tmp_path: Path) -> None:
    rows = [f"SO{i},2026-11-03,C{i},北京甲公司,R1,华北,100,60" for i in range(1, 3001)]
    rows[2500] = rows[2500].replace("北京甲公司", "北京\x00甲公司")
    path = tmp_path / "orders.csv"
    path.write_bytes(text_of(GBK_LINES[0], *rows).encode("utf-8"))
    payload = path.read_bytes()
    assert payload.index(b"\x00") > 100 * 1024
    # row 2501 of the data is line 2502 of the file
    assert rejection(payload) == [Problem(0, "", "utf-8", "nul_byte", "2502")]


def test_a_nul_byte_in_gbk_text_is_refused_too() -> None:
    payload = text_of(*GBK_LINES).encode("gbk").replace(b"SO3", b"S\x003")
    assert rejection(payload) == [Problem(0, "", "gbk", "nul_byte", "4")]


def test_any_codec_name_can_be_forced() -> None:
    payload = text_of(BI_HEADER, *BI_ROWS).encode("cp1252")
    raw = read_export(payload, "orders", BI_MAP, encoding="Windows-1252")
    assert raw.encoding == "cp1252"
    assert raw.frame.select(BI_COLUMNS).rows() == BI_EXPECTED
    latin = read_export(payload, "orders", BI_MAP, encoding="latin-1")  # the user's word goes
    assert latin.encoding == "iso8859-1"
    assert latin.frame["customer_name"][2] == "Seán O\x92Donnell"


def test_an_unknown_codec_name_is_a_clear_problem() -> None:
    problems = rejection(b"a,b\n1,2\n", encoding="klingon")
    assert [(p.value, p.reason) for p in problems] == [("klingon", "unknown_codec")]
    assert describe(problems[0], "en").startswith(
        "there is no encoding called 'klingon'; use a Python codec name such as: utf-8, "
    )


def test_a_forced_codec_that_does_not_fit_names_the_line() -> None:
    payload = text_of(*GBK_LINES).encode("gbk")
    assert rejection(payload, encoding="utf-8") == [Problem(0, "", "utf-8", "bad_bytes", "1")]


def test_the_command_line_takes_any_codec_and_refuses_an_unknown_one(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    path = tmp_path / "訂單.csv"
    path.write_bytes(text_of(*BIG5_LINES).encode("big5"))
    maps = [f"{header}={column}" for header, column in BIG5_MAP.items()]
    common = ["ingest", str(path), "--table", "orders", "--data", str(lake.root), "--dry-run"]
    assert main([*common, "--encoding", "cp950", "--map", *maps]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[0] == "訂單.csv: orders, encoding cp950, header in row 1."
    assert main([*common, "--encoding", "klingon"]) == 2
    _, err = capsys.readouterr()
    assert err.startswith(
        "sales-dash: Argument --encoding: there is no encoding called 'klingon'; "
        "use a Python codec name such as: utf-8, utf-8-sig, gbk"
    )


def test_the_encoding_of_a_text_read_is_always_reported(tmp_path: Path) -> None:
    reported = {
        encoding: read_export(text_of(*GBK_LINES).encode(encoding), "orders").encoding
        for encoding in ("utf-8", "utf-8-sig", "gbk", "utf-16", "utf-16-le")
    }
    assert reported == {
        "utf-8": "utf-8",
        "utf-8-sig": "utf-8-sig",
        "gbk": "gbk",
        "utf-16": "utf-16",
        "utf-16-le": "utf-16-le",
    }
    frame = read_export(text_of(*GBK_LINES).encode("utf-16-le"), "orders").frame
    assert frame.select(pl.col("region")).to_series().to_list() == ["华北", "华东", "华南"]


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        # a Western export that a second tool appended to in UTF-8, and the other way round
        ((("utf-8", BI_ROWS[:3]), ("cp1252", BI_ROWS[3:])), ("utf-8", "5")),
        ((("cp1252", BI_ROWS[:1]), ("utf-8", BI_ROWS[1:])), ("cp1252", "4")),
        # Traditional Chinese lines, then Simplified ones in UTF-8
        ((("big5", BIG5_LINES[1:3]), ("utf-8", GBK_LINES[1:])), ("big5", "4")),
    ],
)
def test_every_mix_of_encodings_is_refused_naming_the_first_line_that_does_not_fit(
    parts: tuple[tuple[str, tuple[str, ...]], ...], expected: tuple[str, str]
) -> None:
    payload = text_of(BI_HEADER).encode() + b"".join(
        text_of(*lines).encode(encoding) for encoding, lines in parts
    )
    encoding, line = expected
    assert rejection(payload) == [Problem(0, "", encoding, "mixed_encoding", line)]


def test_korean_text_is_not_taken_for_gbk() -> None:
    # EUC-KR's syllables are valid GBK bytes: read as GBK they would be Chinese nonsense
    korean = text_of(
        "주문번호,고객명,지역,금액",
        "KR1,서울상사주식회사,서울,1200",
        "KR2,부산무역주식회사,부산,300",
        "KR3,대구전자,대구,450",
    )
    problems = rejection(korean.encode("cp949"))
    assert [(p.value, p.reason) for p in problems] == [("cp949", "unknown_encoding_guess")]
    assert read_export(korean.encode("cp949"), "orders", encoding="cp949").encoding == "cp949"


def test_a_gbk_line_appended_to_a_utf8_bom_file_is_a_mix_not_damage() -> None:
    payload = text_of(BI_HEADER).encode("utf-8-sig") + text_of(*GBK_LINES[1:]).encode("gbk")
    assert rejection(payload) == [Problem(0, "", "utf-8-sig", "mixed_encoding", "2")]

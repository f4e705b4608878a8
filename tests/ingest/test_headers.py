"""What real exports call things: header rows of each export family, mapped exactly.

Each header row below is written as the system exports it (spaces, trailing spaces,
units and all); the expected mapping and the choices left to the user are worked out
by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from sales_dash.ingest.headers import HeaderMap, guess_table, map_headers, normalise
from sales_dash.ingest.problems import Problem
from sales_dash.ingest.table_guess import guess_table_scored
from sales_dash.schema import ORDERS, TABLES


def choices(header: HeaderMap) -> dict[str, list[str]]:
    return header.candidates


BI_EN = [
    *("Row ID", "Order ID", "Order Date", "Ship Date", "Ship Mode", "Customer ID"),
    *("Customer Name", "Segment", "Country", "City", "State", "Postal Code", "Region"),
    *("Product ID", "Category", "Sub-Category", "Product Name", "Sales", "Quantity"),
    *("Discount", "Profit"),
]
BI_ZH = [
    *("行 ID", "订单 ID", "订单日期", "发货日期", "邮寄方式", "客户 ID", "客户名称", "细分"),
    *("城市", "省/自治区", "国家", "地区", "产品 ID", "类别", "子类别", "产品名称"),
    *("销售额", "数量", "折扣", "利润"),
]
TMALL = [
    "订单编号",
    "买家会员名",
    "买家应付货款",
    "买家应付邮费",
    "总金额",
    "买家实际支付金额",
    "订单状态",
    "收货地址 ",
    "订单创建时间",
    "订单付款时间 ",
    "宝贝标题 ",
    "宝贝总数量",
    "退款金额",
]


def test_the_english_bi_sample_leaves_exactly_the_region_choice() -> None:
    header = map_headers(BI_EN, ORDERS)
    assert header.mapping == {
        "Row ID": "line_no",
        "Order ID": "order_id",
        "Order Date": "order_date",
        "Customer ID": "customer_id",
        "Customer Name": "customer_name",
        "Category": "category",
        "Product Name": "product",
        "Sales": "revenue",
        "Quantity": "quantity",
        "Discount": "discount_rate",
        "Profit": "profit",
    }
    assert choices(header) == {"region": ["State", "Region"]}
    assert header.problems == [
        Problem(
            1,
            "region",
            "K State / M Region",
            "ambiguous_header",
            "--map State=region Region=- | --map Region=region State=-",
        )
    ]


def test_the_chinese_bi_sample_maps_spaced_headers_and_leaves_the_region_choice() -> None:
    header = map_headers(BI_ZH, ORDERS)
    assert header.mapping == {
        "行 ID": "line_no",
        "订单 ID": "order_id",
        "订单日期": "order_date",
        "客户 ID": "customer_id",
        "客户名称": "customer_name",
        "类别": "category",
        "产品名称": "product",
        "销售额": "revenue",
        "数量": "quantity",
        "折扣": "discount_rate",
        "利润": "profit",
    }
    assert choices(header) == {"region": ["省/自治区", "地区"]}


def test_an_explicit_mapping_settles_the_region_choice() -> None:
    header = map_headers(BI_EN, ORDERS, {"Region": "region", "State": "-"})
    assert header.problems == []
    assert header.mapping["Region"] == "region"
    assert "State" not in header.mapping
    # choosing one is enough: an explicit mapping outranks a synonym
    assert map_headers(BI_EN, ORDERS, {"State": "region"}).mapping["State"] == "region"


def test_the_tmall_report_asks_for_revenue_and_offers_the_address_as_a_candidate() -> None:
    header = map_headers(TMALL, ORDERS)
    assert header.mapping == {
        "订单编号": "order_id",
        "买家会员名": "customer_id",
        "订单状态": "status",
        "订单创建时间": "order_date",
        "宝贝标题": "product",
        "宝贝总数量": "quantity",
    }
    assert choices(header) == {"revenue": ["总金额", "买家实际支付金额"], "region": ["收货地址"]}
    assert sorted((p.column, p.value, p.reason, p.detail) for p in header.problems) == [
        ("region", "H 收货地址", "candidate_header", "--map 收货地址=region | --map 收货地址=-"),
        (
            "revenue",
            "E 总金额 / F 买家实际支付金额",
            "ambiguous_header",
            "--map 总金额=revenue 买家实际支付金额=- | --map 买家实际支付金额=revenue 总金额=-",
        ),
    ]


def test_the_short_tmall_report_has_the_same_two_questions() -> None:
    raw = [
        "订单编号",
        "总金额",
        "买家实际支付金额",
        "收货地址 ",
        "订单创建时间",
        "订单付款时间",
        "退款金额",
    ]
    header = map_headers(raw, ORDERS)
    assert header.mapping == {"订单编号": "order_id", "订单创建时间": "order_date"}
    assert choices(header) == {"revenue": ["总金额", "买家实际支付金额"], "region": ["收货地址"]}
    settled = map_headers(
        raw, ORDERS, {"买家实际支付金额": "revenue", "总金额": "-", "收货地址": "-"}
    )
    assert settled.problems == []
    assert settled.mapping["买家实际支付金额"] == "revenue"


@pytest.mark.parametrize(
    ("raw", "mapping", "open_choices"),
    [
        pytest.param(
            "订单号,商品编号,商品名称,订购数量,下单时间,应付金额,订单状态,客户姓名,下单帐号",
            {
                "订单号": "order_id",
                "商品名称": "product",
                "订购数量": "quantity",
                "下单时间": "order_date",
                "应付金额": "revenue",
                "订单状态": "status",
                "客户姓名": "customer_name",
                "下单帐号": "customer_id",
            },
            {},
            id="jd",
        ),
        pytest.param(
            "单据编号,单据日期,客户编码,客户,物料编码,物料名称,规格型号,数量,含税单价,价税合计,"
            "金额,销售员,审核状态",
            {
                "单据编号": "order_id",
                "单据日期": "order_date",
                "客户编码": "customer_id",
                "客户": "customer_name",
                "物料名称": "product",
                "数量": "quantity",
                "销售员": "rep_name",
            },
            {"revenue": ["价税合计", "金额"]},
            id="kingdee-k3-outbound",
        ),
        pytest.param(
            "订单号,订单日期,客户简称,业务员,部门,存货编码,存货名称,规格型号,数量,无税单价,"
            "无税金额,税额,价税合计",
            {
                "订单号": "order_id",
                "订单日期": "order_date",
                "客户简称": "customer_name",
                "业务员": "rep_name",
                "存货名称": "product",
                "数量": "quantity",
            },
            {"region": ["部门"], "revenue": ["无税金额", "价税合计"]},
            id="yonyou-u8-sales-orders",
        ),
        pytest.param(
            "Opportunity ID,Opportunity Name,Account ID,Account Name,Opportunity Owner,"
            "Close Date,Stage,Amount,Expected Revenue,Probability (%)",
            {
                "Opportunity ID": "order_id",
                "Account ID": "customer_id",
                "Account Name": "customer_name",
                "Opportunity Owner": "rep_name",
                "Close Date": "order_date",
                "Amount": "revenue",
            },
            {},
            id="salesforce",
        ),
        pytest.param(
            "销售订单编号,客户名称,下单日期,订单金额(元),负责人,负责人所属部门,已回款金额,"
            "产品名称,数量,创建时间",
            {
                "销售订单编号": "order_id",
                "客户名称": "customer_name",
                "下单日期": "order_date",
                "订单金额(元)": "revenue",
                "负责人": "rep_name",
                "已回款金额": "paid_amount",
                "产品名称": "product",
                "数量": "quantity",
            },
            {"region": ["负责人所属部门"]},
            id="fxiaoke",
        ),
    ],
)
def test_erp_crm_and_shop_exports(
    raw: str, mapping: dict[str, str], open_choices: dict[str, list[str]]
) -> None:
    header = map_headers(raw.split(","), ORDERS)
    assert header.mapping == mapping
    assert choices(header) == open_choices


def test_spaces_case_width_and_punctuation_do_not_matter() -> None:
    same = ["Order ID", "OrderID", "order_id", "ＯＲＤＥＲ　ＩＤ", " order-id "]
    assert {normalise(h) for h in same} == {"orderid"}
    assert normalise("订单 ID") == normalise("订单ID")
    assert normalise("Sub-Category") == normalise("Sub Category")
    assert normalise("省/自治区") == "省自治区"


def test_a_unit_in_brackets_still_scales() -> None:
    header = map_headers(["订单号", "订单日期", "销售额（万元）", "折扣率(%)"], ORDERS)
    assert header.mapping == {
        "订单号": "order_id",
        "订单日期": "order_date",
        "销售额（万元）": "revenue",
        "折扣率(%)": "discount_rate",
    }
    assert header.scales == {"revenue": Decimal(10_000), "discount_rate": Decimal("0.01")}


def test_a_candidate_loses_to_a_synonym_without_a_question() -> None:
    header = map_headers(["订单号", "日期", "区域", "城市", "收货地址", "销售额"], ORDERS)
    assert header.mapping["区域"] == "region"
    assert header.choices == {}


def test_an_unused_header_close_to_a_known_one_is_suggested_not_mapped() -> None:
    header = map_headers(["Order ID", "Order Date", "Sales", "Custmer Name"], ORDERS)
    assert "Custmer Name" not in header.mapping
    assert header.suggestions == {3: "customer_name"}


def test_synonyms_name_one_column_each() -> None:
    for table in TABLES.values():
        seen: dict[str, str] = {}
        for column in table.readable:
            for name in (column.name, *column.synonyms):
                key = normalise(name)
                assert seen.setdefault(key, column.name) == column.name, (table.name, name)


def test_the_table_is_guessed_from_headers_and_content() -> None:
    sample = [
        [
            *("1", "CA-2016-152156", "2016-11-08", "2016-11-11", "Second Class", "CG-12520"),
            *("Claire Gute", "Consumer", "United States", "Henderson", "Kentucky", "42420"),
            *("South", "FUR-BO-10001798", "Furniture", "Bookcases", "Bush Somerset Bookcase"),
            *("261.96", "2", "0", "41.9136"),
        ]
    ]
    guess = guess_table_scored(BI_EN, sample)
    assert guess is not None
    assert (guess.table, guess.runner_up) == ("orders", "market")
    assert guess.confidence > 0.7 > 0.1 > guess.runner_up_confidence
    assert guess_table(BI_EN) == "orders"
    market = guess_table_scored(
        ["月份", "区域", "品类", "市场容量"], [["2026-11", "华东", "", "5000000"]]
    )
    assert market is not None and market.table == "market"


def test_content_that_does_not_parse_lowers_the_confidence() -> None:
    header = ["订单号", "订单日期", "销售额"]
    good = guess_table_scored(header, [["SO1", "2026-11-03", "100"]])
    bad = guess_table_scored(header, [["SO1", "soon", "a lot"]])
    assert good is not None and bad is not None
    assert good.table == bad.table == "orders"
    assert bad.confidence < good.confidence


def test_a_mapping_may_name_a_header_without_its_unit() -> None:
    raw = ["订单号", "订单日期", "销售额(万元)", "金额"]
    assert map_headers(raw, ORDERS, {"销售额": "-"}).mapping["金额"] == "revenue"
    both = ["订单号", "订单日期", "销售额(万元)", "销售额"]
    # here "销售额" is a header of its own: only that one is left out
    assert map_headers(both, ORDERS, {"销售额": "-"}).mapping["销售额(万元)"] == "revenue"


def test_traditional_chinese_headers_name_what_simplified_ones_do() -> None:
    header = map_headers(
        ["訂單編號", "訂單日期", "客戶編號", "客戶名稱", "區域", "數量", "銷售金額(萬元)", "成本"],
        ORDERS,
    )
    assert header.mapping == {
        "訂單編號": "order_id",
        "訂單日期": "order_date",
        "客戶編號": "customer_id",
        "客戶名稱": "customer_name",
        "區域": "region",
        "數量": "quantity",
        "銷售金額(萬元)": "revenue",
        "成本": "cost",
    }
    assert header.scales == {"revenue": Decimal(10_000)}

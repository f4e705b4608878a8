"""The data contract (SPEC §3): tables, columns, types, keys, defaults and header synonyms."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import polars as pl

MONEY = pl.Decimal(18, 4)
"""Money: the file's precision kept to four places (sub-cent amounts such as ``48.896``
are common in exports), summed exactly by DuckDB and rounded to the cent only for display."""
FRACTION = pl.Decimal(18, 4)
"""Quantities and rates that may need more than two places (0.125 discount, 2.5 units)."""


class Kind(StrEnum):
    """The types of SPEC §3, as a reader of an export sees them."""

    STR = "str"
    DATE = "date"
    MONTH = "month"
    INT = "int"
    MONEY = "money"
    FRACTION = "fraction"


POLARS_TYPE: dict[Kind, pl.DataType] = {
    Kind.STR: pl.String(),
    Kind.DATE: pl.Date(),
    Kind.MONTH: pl.String(),
    Kind.INT: pl.Int64(),
    Kind.MONEY: MONEY,
    Kind.FRACTION: FRACTION,
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False
    default: str | int | None = None
    """Default for an absent column or empty cell; None leaves the cell null (unknown)."""
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    date_column: str
    """The column whose month partitions the lake (a date, or a YYYY-MM month)."""
    inputs: tuple[Column, ...] = ()
    """Columns a file may carry that are not stored but complete one that is (orders'
    ``profit``: cost = revenue − profit)."""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def readable(self) -> tuple[Column, ...]:
        """Every column a file's header may map to: the stored ones, then the inputs."""
        return self.columns + self.inputs

    def column(self, name: str) -> Column:
        return next(c for c in self.readable if c.name == name)

    @property
    def polars_schema(self) -> pl.Schema:
        return pl.Schema({c.name: POLARS_TYPE[c.kind] for c in self.columns})


# Header synonyms (branch headers): what real exports call each column. Matching ignores
# case, spaces, punctuation and full-width forms, so "Order ID" stands for OrderID and
# order_id too. Each is an unambiguous name for its column; debatable ones (收货地址 as a
# region) are candidates in sales_dash.ingest.headers, offered as a choice, never mapped.
ORDER_ID_SYNONYMS = (
    "订单号", "订单编号", "单据编号", "销售订单号", "销售订单编号", "订单id",
    "order id", "order number", "opportunity id",
)  # fmt: skip
LINE_NO_SYNONYMS = ("行号", "明细行号", "行id", "序号", "row id", "line", "line number")
ORDER_DATE_SYNONYMS = (
    "订单日期", "下单日期", "日期", "单据日期", "业务日期", "下单时间", "订单创建时间",
    "成交日期", "order date", "close date",
)  # fmt: skip
CUSTOMER_ID_SYNONYMS = (
    "客户编号", "客户代码", "客户编码", "客户id", "买家会员名", "下单帐号", "下单账号",
    "customer id", "account id",
)  # fmt: skip
CUSTOMER_NAME_SYNONYMS = (
    "客户名称", "客户", "客户简称", "购货单位", "客户姓名", "customer name", "customer",
    "account name",
)  # fmt: skip
REP_ID_SYNONYMS = (
    "业务员编号", "销售员编号", "业务员编码", "销售员编码", "职员编码", "rep id",
    "salesperson id", "sales rep id", "owner id",
)  # fmt: skip
REP_NAME_SYNONYMS = (
    "业务员", "销售员", "销售代表", "销售人员", "负责人", "salesperson", "sales rep",
    "sales person", "owner", "opportunity owner", "account owner",
)  # fmt: skip
REGION_SYNONYMS = (
    "区域", "大区", "地区", "销售区域", "所属区域", "片区", "省份", "省", "省/自治区",
    "state", "territory", "sales region",
)  # fmt: skip
PRODUCT_SYNONYMS = (
    "产品", "产品名称", "物料名称", "存货名称", "商品名称", "宝贝标题", "品名",
    "货品名称", "product name", "item", "item name",
)  # fmt: skip
CATEGORY_SYNONYMS = (
    "品类", "产品类别", "类别", "商品类别", "物料类别", "存货分类", "产品分类",
    "product category",
)  # fmt: skip
QUANTITY_SYNONYMS = (
    "数量", "台量", "销售数量", "实发数量", "订购数量", "宝贝总数量", "商品数量",
    "购买数量", "qty", "units",
)  # fmt: skip
REVENUE_SYNONYMS = (
    "销售额", "销售金额", "金额", "无税金额", "不含税金额", "价税合计", "含税金额",
    "总金额", "买家实际支付金额", "实付金额", "应付金额", "订单金额", "小计", "成交金额",
    "sales", "amount", "sales amount", "total price", "net sales",
)  # fmt: skip


ORDERS = Table(
    name="orders",
    key=("order_id", "line_no"),
    date_column="order_date",
    columns=(
        Column("order_id", Kind.STR, required=True, synonyms=ORDER_ID_SYNONYMS),
        Column("line_no", Kind.INT, default=1, synonyms=LINE_NO_SYNONYMS),
        Column("order_date", Kind.DATE, required=True, synonyms=ORDER_DATE_SYNONYMS),
        Column("customer_id", Kind.STR, synonyms=CUSTOMER_ID_SYNONYMS),
        Column("customer_name", Kind.STR, synonyms=CUSTOMER_NAME_SYNONYMS),
        Column("rep_id", Kind.STR, synonyms=REP_ID_SYNONYMS),
        Column("rep_name", Kind.STR, synonyms=REP_NAME_SYNONYMS),
        Column("region", Kind.STR, synonyms=REGION_SYNONYMS),
        Column("product", Kind.STR, synonyms=PRODUCT_SYNONYMS),
        Column("category", Kind.STR, default="", synonyms=CATEGORY_SYNONYMS),
        Column("quantity", Kind.FRACTION, synonyms=QUANTITY_SYNONYMS),
        Column("discount_rate", Kind.FRACTION, synonyms=("折扣率", "折扣", "discount")),
        Column("revenue", Kind.MONEY, required=True, synonyms=REVENUE_SYNONYMS),
        Column("cost", Kind.MONEY, synonyms=("成本", "销售成本", "成本金额", "cogs")),
        Column("due_date", Kind.DATE, synonyms=("应收日期", "到期日", "到期日期", "due date")),
        Column(
            "paid_amount",
            Kind.MONEY,
            synonyms=("回款金额", "已回款", "已回款金额", "已收款金额", "收款金额", "amount paid"),
        ),
        Column("paid_date", Kind.DATE, synonyms=("回款日期", "收款日期", "payment date")),
        Column(
            "status",
            Kind.STR,
            default="",
            synonyms=("状态", "订单状态", "单据状态", "order status"),
        ),
    ),
    inputs=(
        Column("profit", Kind.MONEY, synonyms=("利润", "利润额", "毛利", "毛利额", "gross profit")),
    ),
)

VISITS = Table(
    name="visits",
    key=("visit_id",),
    date_column="visit_date",
    columns=(
        Column("visit_id", Kind.STR, required=True, synonyms=("拜访编号",)),
        Column("visit_date", Kind.DATE, required=True, synonyms=("拜访日期", "日期")),
        Column("rep_id", Kind.STR, required=True, synonyms=REP_ID_SYNONYMS),
        Column("customer_id", Kind.STR, required=True, synonyms=CUSTOMER_ID_SYNONYMS),
        Column("region", Kind.STR, synonyms=REGION_SYNONYMS),
        Column("visit_type", Kind.STR, synonyms=("拜访类型",)),
        Column("expense", Kind.MONEY, synonyms=("费用", "拜访费用")),
    ),
)

QUOTAS = Table(
    name="quotas",
    key=("month", "rep_id"),
    date_column="month",
    columns=(
        Column("month", Kind.MONTH, required=True, synonyms=("月份",)),
        Column("rep_id", Kind.STR, required=True, synonyms=REP_ID_SYNONYMS),
        Column("rep_name", Kind.STR, synonyms=REP_NAME_SYNONYMS),
        Column("region", Kind.STR, required=True, synonyms=REGION_SYNONYMS),
        Column("revenue_quota", Kind.MONEY, required=True, synonyms=("销售指标", "目标", "quota")),
        Column("expense_budget", Kind.MONEY, synonyms=("费用预算",)),
        Column("visit_target", Kind.INT, synonyms=("拜访目标",)),
    ),
)

MARKET = Table(
    name="market",
    key=("month", "region", "category"),
    date_column="month",
    columns=(
        Column("month", Kind.MONTH, required=True, synonyms=("月份",)),
        Column("region", Kind.STR, required=True, synonyms=REGION_SYNONYMS),
        Column("category", Kind.STR, default="", synonyms=("品类", "产品类别", "类别")),
        Column("market_size", Kind.MONEY, required=True, synonyms=("市场容量", "市场规模")),
    ),
)

# Receipts (branch receipts): a 收款单 / 回款明细 export, as 金蝶 and 用友 name its columns.
# 客户 and 业务员 are names (input columns): with no code column they identify the customer
# or rep, as on order lines (``NAME_AS_ID``), so both tables identify them alike.
PAYMENT_ID_SYNONYMS = (
    "收款单号", "收款单编号", "单据编号", "单据号", "回款单号", "收款编号",
    "payment id", "payment no", "payment number", "receipt no", "receipt number", "receipt id",
)  # fmt: skip
PAYMENT_DATE_SYNONYMS = (
    "收款日期", "日期", "单据日期", "业务日期", "回款日期", "到账日期",
    "payment date", "receipt date", "date",
)  # fmt: skip
PAYMENT_AMOUNT_SYNONYMS = (
    "收款金额", "金额", "本次收款", "本次收款金额", "实收金额", "回款金额", "收款额",
    "amount", "payment amount", "amount received", "receipt amount",
)  # fmt: skip
PAYMENT_ORDER_SYNONYMS = (
    "源单号", "源单编号", "订单号", "订单编号", "销售订单号", "销售订单编号", "关联订单号",
    "order id", "order number", "order no",
)  # fmt: skip

PAYMENTS = Table(
    name="payments",
    key=("payment_id",),
    date_column="payment_date",
    columns=(
        Column("payment_id", Kind.STR, required=True, synonyms=PAYMENT_ID_SYNONYMS),
        Column("payment_date", Kind.DATE, required=True, synonyms=PAYMENT_DATE_SYNONYMS),
        Column("customer_id", Kind.STR, required=True, synonyms=CUSTOMER_ID_SYNONYMS),
        Column("amount", Kind.MONEY, required=True, synonyms=PAYMENT_AMOUNT_SYNONYMS),
        Column("order_id", Kind.STR, synonyms=PAYMENT_ORDER_SYNONYMS),
        Column(
            "line_no", Kind.INT, synonyms=("源单行号", "订单行号", "行号", "line", "line number")
        ),
        Column("rep_id", Kind.STR, synonyms=REP_ID_SYNONYMS),
        Column("region", Kind.STR, synonyms=(*REGION_SYNONYMS, "部门", "销售部门", "department")),
        Column(
            "method",
            Kind.STR,
            synonyms=("结算方式", "收款方式", "付款方式", "method", "payment method"),
        ),
    ),
    inputs=(
        Column(
            "customer_name", Kind.STR, synonyms=(*CUSTOMER_NAME_SYNONYMS, "往来单位", "付款单位")
        ),
        Column("rep_name", Kind.STR, synonyms=REP_NAME_SYNONYMS),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (ORDERS, VISITS, QUOTAS, MARKET, PAYMENTS)}

DUE_DAYS_DEFAULT = 30
"""SPEC §3: due_date defaults to order_date + 30 days, only for a line whose file carries
payment data (a ``paid_amount`` column): without it the line's collection is unknown."""
UNASSIGNED = ""
"""How a line without a rep or region is grouped; shown as 未分配 / Unassigned."""
CANCELLED = "cancelled"

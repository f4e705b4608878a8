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


ORDERS = Table(
    name="orders",
    key=("order_id", "line_no"),
    date_column="order_date",
    columns=(
        Column("order_id", Kind.STR, required=True, synonyms=("订单号", "订单编号")),
        Column("line_no", Kind.INT, default=1, synonyms=("行号", "明细行号")),
        Column("order_date", Kind.DATE, required=True, synonyms=("订单日期", "下单日期", "日期")),
        Column("customer_id", Kind.STR, synonyms=("客户编号", "客户代码")),
        Column("customer_name", Kind.STR, synonyms=("客户名称", "客户")),
        Column("rep_id", Kind.STR, synonyms=("业务员编号", "销售员编号")),
        Column("rep_name", Kind.STR, synonyms=("业务员", "销售员", "销售代表")),
        Column("region", Kind.STR, synonyms=("区域", "大区", "地区")),
        Column("product", Kind.STR, synonyms=("产品", "产品名称")),
        Column("category", Kind.STR, default="", synonyms=("品类", "产品类别", "类别")),
        Column("quantity", Kind.FRACTION, synonyms=("数量", "台量")),
        Column("discount_rate", Kind.FRACTION, synonyms=("折扣率",)),
        Column(
            "revenue",
            Kind.MONEY,
            required=True,
            synonyms=("销售额", "销售金额", "金额", "sales", "amount"),
        ),
        Column("cost", Kind.MONEY, synonyms=("成本", "销售成本")),
        Column("due_date", Kind.DATE, synonyms=("应收日期", "到期日")),
        Column("paid_amount", Kind.MONEY, synonyms=("回款金额", "已回款")),
        Column("paid_date", Kind.DATE, synonyms=("回款日期",)),
        Column("status", Kind.STR, default="", synonyms=("状态",)),
    ),
    inputs=(Column("profit", Kind.MONEY, synonyms=("利润", "毛利", "毛利额")),),
)

VISITS = Table(
    name="visits",
    key=("visit_id",),
    date_column="visit_date",
    columns=(
        Column("visit_id", Kind.STR, required=True, synonyms=("拜访编号",)),
        Column("visit_date", Kind.DATE, required=True, synonyms=("拜访日期", "日期")),
        Column("rep_id", Kind.STR, required=True, synonyms=("业务员编号", "销售员编号")),
        Column("customer_id", Kind.STR, required=True, synonyms=("客户编号", "客户代码")),
        Column("region", Kind.STR, synonyms=("区域", "大区", "地区")),
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
        Column("rep_id", Kind.STR, required=True, synonyms=("业务员编号", "销售员编号")),
        Column("rep_name", Kind.STR, synonyms=("业务员", "销售员", "销售代表")),
        Column("region", Kind.STR, required=True, synonyms=("区域", "大区", "地区")),
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
        Column("region", Kind.STR, required=True, synonyms=("区域", "大区", "地区")),
        Column("category", Kind.STR, default="", synonyms=("品类", "产品类别", "类别")),
        Column("market_size", Kind.MONEY, required=True, synonyms=("市场容量", "市场规模")),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (ORDERS, VISITS, QUOTAS, MARKET)}

DUE_DAYS_DEFAULT = 30
"""SPEC §3: due_date defaults to order_date + 30 days, only for a line whose file carries
payment data (a ``paid_amount`` column): without it the line's collection is unknown."""
UNASSIGNED = ""
"""How a line without a rep or region is grouped; shown as 未分配 / Unassigned."""
CANCELLED = "cancelled"

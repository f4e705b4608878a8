"""Every metric column declared once: what it is, how it compares, how it is drawn and shown.

Tables, KPI tiles, charts, comparisons, the CLI, XLSX exports and the engine's null types
read this catalogue instead of keeping lists of their own (issue 12). A column's kind
decides its format everywhere: money in one unit per table (万元 / $K …), ratios 0–1 shown
as percentages (XLSX ``0.0%``), points as signed percentage points, counts as integers.

Adding a metric that is a quotient of measures the engine already reads (客单价 = revenue /
orders) is a ``Column`` with a ``Quotient``: the engine's ``averages`` family computes every
such column of the catalogue.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import polars as pl

from sales_dash.charts.style import money_unit
from sales_dash.i18n import NULL, TEXTS, format_money, format_percent, text
from sales_dash.money import currency_of, unit_label
from sales_dash.settings import setting


class Kind(StrEnum):
    MONEY = "money"
    """An amount in the lake's currency: Decimal to the cent, or an exact float."""
    RATIO = "ratio"
    """A share 0–1 (may exceed 1: attainment), shown as a percentage."""
    POINTS = "points"
    """A difference of ratios, shown in signed percentage points."""
    COUNT = "count"
    """A whole number of things (orders, visits, customers)."""
    DECIMAL = "decimal"
    """A measured quantity shown to one decimal (days, visits per week, quantities)."""


@dataclass(frozen=True)
class Target:
    """The line a ratio chart draws for a column, and what it is called."""

    level: float | str
    """The target as a ratio, or the setting that holds it."""
    label: str = "target"
    """The i18n key of the line's name."""
    time_progress: bool = False
    """Whether the chart also marks time progress (and colours pacing against it)."""

    def value(self) -> float:
        return float(setting(self.level)) if isinstance(self.level, str) else self.level


@dataclass(frozen=True)
class Quotient:
    """A column computed as ``numerator / denominator`` of the same row: null when the
    denominator is 0 or null (no orders: no average order value)."""

    numerator: str
    denominator: str


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    family: str | None = None
    """The metric family (``sales-dash metrics NAME``) that computes it; None for columns
    of sections and lists (a rep's needed-per-day, an order's paid amount)."""
    exact: bool = False
    """Money computed as an exact float (prorated targets, run-rates, averages): ratios use
    the exact figure, and the result shows it rounded to the cent."""
    lower_is_better: bool = False
    target: Target | None = None
    kpi: bool = False
    """Whether the overview shows it as a tile with its comparison (in catalogue order)."""
    quotient: Quotient | None = None
    coverage: tuple[str, ...] = ()
    """The coverage columns that speak for it (``sales_dash.engine.unknowns``): where they
    say nothing is known, it is null, and the page says why."""

    @property
    def label(self) -> str:
        """The i18n key of its name."""
        return self.name

    @property
    def help(self) -> str | None:
        """The i18n key of its explanation, where one exists."""
        key = f"{self.name}_help"
        return key if key in TEXTS else None

    @property
    def chart(self) -> str:
        """The chart of the column per group: ``ratio_bars`` or ``money_bars``."""
        return "ratio_bars" if self.kind is Kind.RATIO else "money_bars"

    @property
    def table_format(self) -> str:
        """Its printf format on screen (money: see ``money_format``, scaled per table)."""
        return TABLE_FORMATS[self.kind]

    @property
    def xlsx_format(self) -> str:
        """Its Excel number format (money: see ``xlsx_money_format``)."""
        return XLSX_FORMATS[self.kind]


TABLE_FORMATS = {
    Kind.MONEY: "%,.1f",
    Kind.RATIO: "%.1f%%",
    Kind.POINTS: "%+.1f pt",
    Kind.COUNT: "%,d",
    Kind.DECIMAL: "%,.1f",
}
XLSX_FORMATS = {
    Kind.MONEY: "#,##0.00",
    Kind.RATIO: "0.0%",
    # the cell holds the difference of ratios, so percent format shows it in points
    Kind.POINTS: '+0.0" pt";-0.0" pt";0.0" pt"',
    Kind.COUNT: "#,##0",
    Kind.DECIMAL: "#,##0.0",
}

M, R, P, C, D = Kind.MONEY, Kind.RATIO, Kind.POINTS, Kind.COUNT, Kind.DECIMAL
ON_TARGET = Target(1.0, time_progress=True)
# the coverage columns of sales_dash.engine.unknowns that speak for a figure
QUOTAS, COSTS, MARKET = ("quota_coverage",), ("cost_coverage",), ("market_coverage",)
RECEIVABLES = ("receivable_coverage", "receipt_basis")
VISITS, CUSTOMERS = ("visit_coverage",), ("customer_coverage",)
EXPENSES = ("visit_coverage", "expense_coverage")
DISCOUNTS = ("discount_coverage",)

COLUMNS: tuple[Column, ...] = (
    # attainment
    Column("revenue", M, "attainment", kpi=True),
    Column("quota", M, "attainment", exact=True, coverage=QUOTAS),
    Column("attainment", R, "attainment", target=ON_TARGET, kpi=True, coverage=QUOTAS),
    Column("time_progress", R, "attainment"),
    Column("pacing_gap", P, "attainment", coverage=QUOTAS),
    Column("forecast", M, "attainment", exact=True),
    Column("forecast_attainment", R, "attainment", target=ON_TARGET, coverage=QUOTAS),
    # margin
    Column("cost", M, "margin", coverage=COSTS),
    Column("gross_profit", M, "margin", coverage=COSTS),
    Column("gross_margin", R, "margin", kpi=True, coverage=COSTS),
    # collection and cash
    Column("due_amount", M, "collection", coverage=("payment_coverage",)),
    Column("collected", M, "collection", coverage=("payment_coverage", "receipt_basis")),
    Column(
        "collection_rate",
        R,
        "collection",
        target=Target("collection_target"),
        kpi=True,
        coverage=("payment_coverage", *RECEIVABLES),
    ),
    *(
        Column(name, M, "collection", coverage=RECEIVABLES)
        for name in ("outstanding", "not_due", "d1_30", "d31_60", "d61_90", "d90_plus")
    ),
    Column("cash_collected", M, "cash", coverage=(*RECEIVABLES, "cash_coverage")),
    Column("collection_days", D, "cash", lower_is_better=True, coverage=RECEIVABLES),
    Column("dso", D, "cash", lower_is_better=True, coverage=RECEIVABLES),
    # expense
    Column("expense", M, "expense", coverage=EXPENSES),
    Column("expense_ratio", R, "expense", lower_is_better=True, kpi=True, coverage=EXPENSES),
    Column("expense_budget", M, "expense", exact=True, coverage=("budget_coverage",)),
    Column(
        "budget_usage",
        R,
        "expense",
        lower_is_better=True,
        target=Target(1.0, label="expense_budget"),
        coverage=(*EXPENSES, "budget_coverage"),
    ),
    # market share
    Column("market_size", M, "market_share", exact=True, coverage=MARKET),
    Column("market_share", R, "market_share", kpi=True, coverage=MARKET),
    # activity
    Column("visits", C, "activity", coverage=VISITS),
    Column("visits_per_week", D, "activity", coverage=VISITS),
    Column("new_customers", C, "activity", coverage=CUSTOMERS),
    Column("retention_rate", R, "activity", coverage=CUSTOMERS),
    # ABC of customers, over-authority lines
    Column("revenue_share", R, "abc"),
    Column("cumulative_share", R, "abc"),
    Column("lines", C, "over_authority", coverage=DISCOUNTS),
    Column("over_revenue", M, coverage=DISCOUNTS),
    Column("over_lines", C, coverage=DISCOUNTS),
    Column("active_customers", C, coverage=CUSTOMERS),
    Column("dormant_customers", C, coverage=CUSTOMERS),
    # averages (branch catalogue, issue 12): 客单价 and 人均销售额, by region, rep and month
    Column("orders", C, "averages"),
    Column("reps", C, "averages"),
    Column("rep_revenue", M, "averages"),
    Column(
        "average_order_value",
        M,
        "averages",
        exact=True,
        kpi=True,
        quotient=Quotient("revenue", "orders"),
    ),
    Column(
        "revenue_per_rep",
        M,
        "averages",
        exact=True,
        kpi=True,
        quotient=Quotient("rep_revenue", "reps"),
    ),
    # columns of sections and lists
    *(
        Column(name, M)
        for name in (
            "needed_per_day",
            "expense_per_visit",
            "overdue",
            "paid_amount",
            "this_week",
            "last_week",
            "revenue_year_before",
            "billed",
            "received",
            "balance",
        )
    ),
    Column("discount_rate", R),
    Column("previous_share", R),
    Column("share_change", P),
    Column("quantity", D),
)

CATALOGUE: dict[str, Column] = {column.name: column for column in COLUMNS}


def kind_of(name: str) -> Kind | None:
    """The kind of a catalogued column; None for any other (keys, names, dates, flags)."""
    column = CATALOGUE.get(name)
    return column.kind if column else None


def names_of(kind: Kind) -> frozenset[str]:
    """The catalogued columns of ``kind``."""
    return frozenset(c.name for c in COLUMNS if c.kind is kind)


def family_columns(family: str) -> list[str]:
    """The columns a family computes, in catalogue order."""
    return [c.name for c in COLUMNS if c.family == family]


KPIS = tuple(c.name for c in COLUMNS if c.kpi)
"""The overview's tiles, in order."""
LOWER_IS_BETTER = frozenset(c.name for c in COLUMNS if c.lower_is_better)
EXACT_MONEY = tuple(c.name for c in COLUMNS if c.kind is Kind.MONEY and c.exact)
QUOTIENTS = {c.name: c.quotient for c in COLUMNS if c.quotient is not None}


def covered_by(coverage: str) -> frozenset[str]:
    """The catalogued figures a coverage column speaks for."""
    return frozenset(c.name for c in COLUMNS if coverage in c.coverage)


def xlsx_formats(frame: pl.DataFrame, money_decimals: int = 2) -> dict[str, str]:
    """Each number column of ``frame`` -> its Excel number format: money to the
    currency's minor unit, ratios ``0.0%`` (the cell holds the ratio), counts and
    whole-valued quantities as integers (``2``, not ``2.0000``)."""
    formats: dict[str, str] = {}
    for name, dtype in frame.schema.items():
        kind = kind_of(name)
        if kind is Kind.MONEY:
            formats[name] = "#,##0" + ("." + "0" * money_decimals if money_decimals else "")
        elif kind is not None and kind is not Kind.DECIMAL:
            formats[name] = XLSX_FORMATS[kind]
        elif dtype.is_integer() or (dtype.is_numeric() and _whole(frame.get_column(name))):
            formats[name] = XLSX_FORMATS[Kind.COUNT]
        elif kind is Kind.DECIMAL:
            formats[name] = XLSX_FORMATS[Kind.DECIMAL]
    return formats


def _whole(values: pl.Series) -> bool:
    """Whether every known value is a whole number (quantities of 2, not 2.5)."""
    known = values.drop_nulls().cast(pl.Float64)
    return bool((known == known.round(0)).all())


@dataclass(frozen=True)
class MoneyScale:
    """One money unit for a whole table (issue 14): divide by ``divisor``, show
    ``decimals`` places, name ``unit`` (万, 亿, K, M or "") in the headers."""

    divisor: float
    unit: str
    decimals: int

    @property
    def table_format(self) -> str:
        return f"%,.{self.decimals}f"

    def text(self, amount: float) -> str:
        return f"{amount / self.divisor:,.{self.decimals}f}"

    def header(self, language: str) -> str:
        """The unit as a header names it: 万元, 亿美元, CN¥K, ¥ …"""
        return unit_label(self.unit, language)


MAX_DECIMALS = 6


def money_scale(amounts: Iterable[float | None], language: str) -> MoneyScale:
    """The unit of the largest amount; the decimals of that unit, or more where the
    smallest non-zero amount would otherwise read 0 (a ¥300 line in a table of millions
    reads 0.03 万元, not 0.0). Amounts under 1 in a table of yuan show cents."""
    sizes = [abs(float(a)) for a in amounts if a is not None]
    largest = max(sizes, default=0.0)
    smallest = min((s for s in sizes if s > 0), default=0.0)
    divisor, unit = money_unit([largest], language)
    cents = min(2, currency_of(None).decimals)  # no fractions of a yen
    decimals = {"": cents if 0 < smallest < 1 else 0, "亿": 2, "M": 2}.get(unit, 1)
    while unit and round(smallest / divisor, decimals) == 0 and decimals < MAX_DECIMALS:
        decimals += 1
    return MoneyScale(divisor, unit, decimals)


SIGNIFICANT = 3
"""Digits a money column under one unit shows of its largest amount, at least."""


def column_format(scale: MoneyScale, largest: float) -> str:
    """The number format of one money column in the table's unit (``scale``): the table's
    decimals, or more where the column's largest amount would show fewer than three
    digits (客单价 of ¥19,700 in a table of millions reads 0.0197, not 0.02, and 1.97 万,
    not 2.0: every rep's would read the same)."""
    decimals = scale.decimals
    shown = abs(largest) / scale.divisor
    if scale.unit and 0 < shown < 10 ** (SIGNIFICANT - 1):
        needed = SIGNIFICANT - 1 - math.floor(math.log10(shown))
        decimals = min(MAX_DECIMALS, max(decimals, needed))
    return f"%,.{decimals}f"


def value_text(name: str, value: object, language: str) -> str:
    """One figure for a person (a tile, a sentence, a big table's cell), by its kind:
    ¥12.3万, 92.3%, +4.1 pt, 1,234, 12.5; — for null."""
    if value is None:
        return NULL
    kind = kind_of(name)
    if kind is Kind.MONEY:
        return format_money(value, language)  # type: ignore[arg-type]
    if kind is Kind.RATIO:
        return format_percent(value)  # type: ignore[arg-type]
    if kind is Kind.POINTS:
        return format_percent(value, points=True)  # type: ignore[arg-type]
    if isinstance(value, bool):
        return yes_no(value, language)
    if kind is Kind.DECIMAL or isinstance(value, float):
        return f"{float(value):,.1f}"  # type: ignore[arg-type]
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def yes_no(flag: bool, language: str) -> str:
    """A boolean in words: 是 / 否, Yes / No (downloads, big tables)."""
    return text("yes" if flag else "no", language)

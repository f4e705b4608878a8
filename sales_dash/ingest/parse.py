"""Turn an export's text cells into the contract's types, collecting a problem per bad cell.

Everything is done with Polars expressions over whole columns: a cell that does not parse
becomes null, and comparing the parsed column with the raw one finds the bad cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

import polars as pl

from sales_dash.ingest.dates import decide_order, parse_date, parse_month, undecided
from sales_dash.ingest.problems import ROW, Problem, cell_problems, no_problems, problems_frame
from sales_dash.money import SIGNS, currency_of
from sales_dash.schema import CANCELLED, POLARS_TYPE, Column, Kind, Table
from sales_dash.settings import setting

CANCELLED_WORDS = (CANCELLED, "canceled", "已取消", "取消", "作废")


def sign_pattern(signs: Iterable[str]) -> str:
    """A regular expression for any of ``signs``, the longest first (``US$`` before ``$``)."""
    return "(?:" + "|".join(re.escape(s) for s in sorted(signs, key=len, reverse=True)) + ")"


_SIGN = sign_pattern(SIGNS)
"""Currency signs an amount may carry (``¥ ￥ $ € £``, ``US$ HK$ RMB`` …); one that cannot
be the lake's currency is a problem of the column (``_foreign_signs``), never relabelled."""
CURRENCY = "".join(s for s in SIGNS if len(s) == 1) + " "
_AMOUNT = rf"(?:{_SIGN}\s*)?(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d*)?|\.\d+)%?"
NUMBER = rf"^(?:{_SIGN}\s*)?[+\-−]?{_AMOUNT}$|^\({_AMOUNT}\)$"
"""``1,234.50``, ``-¥1,234``, ``¥-5``, ``(1,234.00)``, ``15%``: commas only as thousands
separators (so ``1,5`` is never read as 15)."""
MONEY_PLACES = 4
"""Money keeps the file's precision to four places (``48.896`` stays 48.8960); only digits
beyond (Excel's float noise, ``48.895999999999994``) are rounded, half away from zero."""
EXACT = pl.Decimal(38, 10)
LARGEST = Decimal(10) ** 14
"""Numbers this large are refused rather than overflow: money (18 digits, 4 of them
decimals) holds 14 whole digits, and no export holds 10¹⁴ of a currency."""
HUNDREDTH = Decimal("0.01")
NEGATIVE = rf"^(?:\(|(?:{_SIGN}\s*)?[-−])"
SCIENTIFIC = r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$"
"""How Excel shows a long number it has rounded: ``1.23E+11``."""
PLAIN = {
    Kind.MONEY: r"^-?[0-9]+(\.[0-9]+)?$",
    Kind.FRACTION: r"^-?[0-9]+(\.[0-9]+)?$",
    Kind.INT: r"^-?[0-9]+$",
    Kind.DATE: r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$",
}
"""Cells as most exports write them (``1234.50``, ``-3``, ``2026-11-03``): read by one
cast, to the same value the general reading gives them. A column whose every cell is
plain skips the general reading (its signs, separators and formats: 0.3 s a column of 1M
amounts); ``PLAIN`` is tested against it (tests/ingest/test_plain_cells.py)."""


def text_cell(column: str) -> pl.Expr:
    """The cell with white space (also non-breaking and ideographic) trimmed; empty is null."""
    return pl.col(column).str.strip_chars().replace("", None).alias(column)


def is_scientific(cell: pl.Expr) -> pl.Expr:
    return cell.str.contains(SCIENTIFIC).fill_null(False)


def exact_number(
    cell: pl.Expr, scale: Decimal | None = None, percent: bool = True, *, plain: bool = False
) -> pl.Expr:
    """A trimmed cell as an exact decimal (10 places), ``15%`` as 0.15, times ``scale``.

    Null where the cell is not a number: commas only as thousands separators, currency
    signs and ``(12.00)`` negatives allowed, a ``%`` only where ``percent``. ``plain``: every
    cell matches ``PLAIN`` (or is null), and is cast as it is.
    """
    value = cell.cast(EXACT, strict=False) if plain else _written_number(cell, scale, percent)
    if scale is not None:
        value = pl.when(value.abs() < LARGEST).then(value * pl.lit(scale).cast(EXACT))
    return value


def _written_number(cell: pl.Expr, scale: Decimal | None, percent: bool) -> pl.Expr:
    """``exact_number`` before ``scale``: the cell's signs, separators and ``%`` read."""
    digits = (
        cell.str.replace(_SIGN, "")  # a prefix such as US$; the one sign a number may have
        .str.strip_chars_start(CURRENCY)
        .str.strip_chars_start("+-−(")
        .str.strip_chars_end(")")
        .str.strip_chars_start(CURRENCY)
        .str.replace_all(",", "", literal=True)
    )
    signed = pl.when(cell.str.contains(NEGATIVE)).then(pl.concat_str(pl.lit("-"), digits))
    has_percent = digits.str.ends_with("%")
    text = pl.when(cell.str.contains(NUMBER)).then(signed.otherwise(digits))
    value = text.str.strip_suffix("%").cast(EXACT, strict=False)
    if not percent:
        return pl.when(~has_percent).then(value)
    if scale != HUNDREDTH:  # under a "(%)" header, "15" and "15%" both mean 0.15
        return pl.when(has_percent).then(value * pl.lit(HUNDREDTH)).otherwise(value)
    return value


def _rounded(
    cell: pl.Expr, places: int, scale: Decimal | None, percent: bool, plain: bool
) -> pl.Expr:
    """Round half away from zero to ``places`` decimals."""
    value = exact_number(cell, scale, percent, plain=plain)
    return value.round(places, mode="half_away_from_zero").cast(
        pl.Decimal(18, places), strict=False
    )


def _int(cell: pl.Expr, plain: bool) -> pl.Expr:
    """A whole number: ``1,200``, ``3``, ``3.00`` (from Excel); never ``3.5``."""
    if plain:
        return cell.str.to_integer(strict=False)
    digits = cell.str.replace_all(",", "", literal=True).str.replace(r"\.0*$", "")
    return pl.when(cell.str.contains(NUMBER)).then(digits.str.to_integer(strict=False))


def parse_column(
    column: str,
    kind: Kind,
    *,
    scale: Decimal | None = None,
    serial: bool = False,
    order: str | None = None,
    plain: bool = False,
) -> pl.Expr:
    """Turn the trimmed text column ``column`` into ``kind`` (null where it does not parse).

    Cells must have been trimmed with ``text_cell`` first. ``order`` (``mdy``, ``dmy``)
    reads dates with the year last; None leaves them unparsed (see ``decide_order``).
    ``plain``: every cell matches ``PLAIN[kind]`` or is null (``plain_columns``).
    """
    cell = pl.col(column)
    match kind:
        case Kind.STR:
            return cell
        case Kind.DATE:
            return parse_date(cell, serial, order, plain=plain)
        case Kind.MONTH:
            return parse_month(cell, serial, order)
        case Kind.INT:
            return _int(cell, plain)
        case Kind.MONEY:
            money = _rounded(cell, MONEY_PLACES, scale, percent=False, plain=plain)
            return money.cast(POLARS_TYPE[kind])
        case Kind.FRACTION:
            return _rounded(cell, 4, scale, percent=True, plain=plain).cast(POLARS_TYPE[kind])


def plain_columns(frame: pl.DataFrame, columns: list[Column]) -> set[str]:
    """The columns of ``frame`` (trimmed text) whose every cell is plain (``PLAIN``)."""
    checked = [c for c in columns if c.kind in PLAIN]
    if not checked or frame.is_empty():
        return set()
    found = frame.lazy().select(
        pl.col(c.name).str.contains(PLAIN[c.kind]).all().alias(c.name) for c in checked
    )
    return {name for name, all_plain in found.collect().row(0, named=True).items() if all_plain}


def is_identifier(column: Column, table: Table) -> bool:
    """Text columns that hold codes: a key, or a ``*_id`` column."""
    return column.kind is Kind.STR and (column.name in table.key or column.name.endswith("_id"))


def parse_rows(
    raw: pl.DataFrame,
    table: Table,
    scales: dict[str, Decimal] | None = None,
    *,
    serial_dates: bool = False,
    currency: str | None = None,
    date_format: str | None = None,
    labels: dict[str, str] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed rows in the contract's columns, plus every problem found in them (a frame).

    ``raw`` holds text columns named canonically (absent optional columns are allowed,
    input columns such as ``profit`` too) and the ``_row`` column. ``scales`` multiplies a
    column's numbers (a 万元 header); ``serial_dates`` accepts Excel's day numbers in date
    columns (workbooks only); ``currency`` is the lake's (None: the ``currency`` setting);
    ``date_format`` says how dates with the year last read (None: decided per column);
    ``labels`` names a column as the file's header does, in whole-column problems.
    """
    scales = scales or {}
    present = [c for c in table.readable if c.name in raw.columns]
    trimmed = raw.with_columns(text_cell(c.name) for c in present)
    orders, order_problems = _date_orders(trimmed, present, date_format, labels or {})
    plain = plain_columns(trimmed, present)
    # lazily, so that a cell's shared steps (its text without a time) are computed once
    parsed = (
        trimmed.lazy()
        .with_columns(
            *[
                parse_column(
                    c.name,
                    c.kind,
                    scale=scales.get(c.name),
                    serial=serial_dates,
                    order=orders.get(c.name),
                    plain=c.name in plain,
                ).alias(f"_parsed_{c.name}")
                for c in present
            ],
            *[pl.col(c.name).is_not_null().alias(f"_filled_{c.name}") for c in present],
        )
        .collect()
    )
    problems = [no_problems(), problems_frame(order_problems)]
    undecided_columns = {p.column for p in order_problems}
    for column in present:
        filled = pl.col(f"_filled_{column.name}")
        if column.kind is not Kind.STR:
            checked = filled
            if column.name in undecided_columns:  # refused once for the column, not per cell
                checked = filled & ~undecided(pl.col(column.name))
            unparsed = checked & pl.col(f"_parsed_{column.name}").is_null()
            scientific = is_scientific(pl.col(column.name))
            problems.append(
                cell_problems(parsed, unparsed & ~scientific, column.name, f"not_a_{column.kind}")
            )
            problems.append(
                cell_problems(parsed, unparsed & scientific, column.name, "scientific_number")
            )
        elif is_identifier(column, table):
            problems.append(
                cell_problems(
                    parsed, is_scientific(pl.col(column.name)), column.name, "scientific_id"
                )
            )
        if column.required or _stands_for_required(column, table, raw.columns):
            problems.append(cell_problems(parsed, ~filled, column.name, "required_empty"))
        if column.kind is Kind.MONEY:
            problems.append(_foreign_signs(trimmed, column.name, currency))
    # lazily: an eager select of the frame of every column copied it whole for a moment
    typed = (
        parsed.lazy()
        .select(ROW, *[pl.col(f"_parsed_{c.name}").alias(c.name) for c in present])
        .collect()
    )
    if table.name == "orders" and {"profit", "cost"} <= set(typed.columns):
        problems.append(_cost_against_profit(typed, trimmed, scales))
    typed = _apply_defaults(typed, table)
    problems.append(_check_rules(typed, trimmed, table))
    return typed, pl.concat(problems)


def _foreign_signs(trimmed: pl.DataFrame, column: str, currency: str | None) -> pl.DataFrame:
    """One problem per currency sign in ``column`` that cannot be the lake's currency, at
    its first row: amounts in dollars must not be relabelled yuan (or the other way)."""
    lake = currency_of(currency).code
    foreign = [sign for sign, codes in SIGNS.items() if lake not in codes]
    if not foreign:
        return no_problems()
    sign = pl.col(column).str.extract(rf"^[(+\-−]?\s*({sign_pattern(foreign)})", 1)
    found = trimmed.select(ROW, sign.alias("_sign")).filter(pl.col("_sign").is_not_null())
    first = found.group_by("_sign").agg(pl.col(ROW).min())
    return first.select(
        pl.col(ROW).cast(pl.Int64).alias("row"),
        pl.lit(column).alias("column"),
        pl.col("_sign").alias("value"),
        pl.lit("foreign_currency_sign").alias("reason"),
        pl.lit(lake).alias("detail"),
    )


def _decimals(cell: pl.Expr) -> pl.Expr:
    return cell.str.extract(r"\.(\d+)", 1).str.len_chars().cast(pl.Int32).fill_null(0)


def _cost_against_profit(
    typed: pl.DataFrame, trimmed: pl.DataFrame, scales: dict[str, Decimal]
) -> pl.DataFrame:
    """A problem per line whose cost is not revenue − profit: one of the two columns is not
    what its header suggests (a unit cost, a net profit), so neither margin can be trusted.

    Each of the three printed amounts may be off by half a unit of its last decimal place
    (times its header's unit): that much difference is tolerated, no more.
    """
    columns = ("revenue", "cost", "profit")
    frame = typed.select(ROW, *columns).with_columns(
        *[trimmed[c].alias(f"_text_{c}") for c in columns]
    )
    tolerance = pl.sum_horizontal(
        pl.lit(0.5) * pl.lit(10.0).pow(-_decimals(pl.col(f"_text_{c}"))) * float(scales.get(c, 1))
        for c in columns
    )
    gap = (pl.col("revenue") - pl.col("profit") - pl.col("cost")).cast(pl.Float64).abs()
    return frame.filter(gap > tolerance).select(
        pl.col(ROW).cast(pl.Int64).alias("row"),
        pl.lit("cost").alias("column"),
        pl.col("_text_cost").fill_null("").alias("value"),
        pl.lit("cost_profit_mismatch").alias("reason"),
        (pl.col("revenue") - pl.col("profit")).cast(pl.String).alias("detail"),
    )


NAME_AS_ID = {"rep_id": "rep_name", "customer_id": "customer_name"}
"""A file that names reps or customers but carries no codes for them (a 金蝶 list's 业务员
and 客户, a shop's 买家会员名) identifies each by its name: the line is that rep's, not
未分配."""


def _date_orders(
    trimmed: pl.DataFrame, present: list[Column], date_format: str | None, labels: dict[str, str]
) -> tuple[dict[str, str | None], list[Problem]]:
    """Each date or month column's order of day and month, and the columns that cannot tell."""
    orders: dict[str, str | None] = {}
    problems: list[Problem] = []
    for column in present:
        if column.kind in (Kind.DATE, Kind.MONTH):
            label = labels.get(column.name, column.name)
            orders[column.name], found = decide_order(trimmed, column.name, label, date_format)
            problems += found
    return orders, problems


def _stands_for_required(column: Column, table: Table, carried: list[str]) -> bool:
    """A name column standing in for a required code the file lacks (a receipt's 客户 with
    no 客户编号) must be filled as the code would have to be."""
    return any(
        NAME_AS_ID[code] == column.name and table.column(code).required
        for code in stand_in_codes(table, set(carried))
    )


def stand_in_codes(table: Table, carried: set[str]) -> set[str]:
    """Codes a file may identify by name instead of carrying them: those whose name is an
    input column of ``table`` (read only for that, as a receipt's 客户 and 业务员)."""
    inputs = {c.name for c in table.inputs}
    return {
        code
        for code, name in NAME_AS_ID.items()
        if code in table.column_names and code not in carried and name in carried & inputs
    }


def _apply_defaults(typed: pl.DataFrame, table: Table) -> pl.DataFrame:
    """Stored columns filled only where the file says what the fill completes (SPEC §3).

    A column the file does not carry stays null (unknown), never an invented default; a
    later file that carries it can fill it in.
    """
    carried = set(typed.columns)
    fills = []
    for column in table.columns:
        dtype = POLARS_TYPE[column.kind]
        current = pl.col(column.name) if column.name in carried else pl.lit(None, dtype)
        if column.default is not None:
            current = current.fill_null(pl.lit(column.default).cast(dtype))
        fills.append(current.cast(dtype).alias(column.name))
    named = [
        pl.col(name).alias(code)
        for code, name in NAME_AS_ID.items()
        if code in table.column_names and code not in carried and name in carried
    ]
    filled = typed.lazy().with_columns(fills).with_columns(named)
    if table.name == "orders":
        filled = filled.with_columns(_order_fills(carried))
    # lazily: each eager step copied the frame for a moment (300 MB for 1M lines)
    return filled.select(ROW, *table.column_names).collect()


def _order_fills(carried: set[str]) -> list[pl.Expr]:
    status = pl.col("status").str.to_lowercase()
    fills = [
        pl.when(status.is_in(list(CANCELLED_WORDS)))
        .then(pl.lit(CANCELLED))
        .otherwise(pl.col("status"))
        .alias("status")
    ]
    if "profit" in carried:  # cost = revenue − profit, exactly; a cost the file has wins
        derived = (pl.col("revenue") - pl.col("profit")).cast(POLARS_TYPE[Kind.MONEY])
        fills.append(pl.col("cost").fill_null(derived).alias("cost"))
    if "paid_amount" in carried:
        # the file carries payment data: an empty paid cell is nothing paid yet, and a line
        # without a due date is due on the payment terms
        terms = int(setting("payment_terms_days"))
        due = pl.col("order_date") + pl.duration(days=terms)
        fills.append(pl.col("paid_amount").fill_null(pl.lit(0).cast(POLARS_TYPE[Kind.MONEY])))
        fills.append(pl.col("due_date").fill_null(due).alias("due_date"))
    return fills


def _repeats_a_key(keys: pl.LazyFrame) -> bool:
    """Whether a key is on two rows, told by counting the distinct keys: cheaper than
    the window that names each repeat's first row (about 100 MB against 150-280 MB for
    1M lines), which only a file that repeats a key needs."""
    rows = keys.select(pl.len()).collect().item()
    return bool(rows > keys.unique().select(pl.len()).collect().item())


def _check_rules(typed: pl.DataFrame, raw: pl.DataFrame, table: Table) -> pl.DataFrame:
    problems = [no_problems()]
    if table.name == "orders" and "discount_rate" in raw.columns:
        outside = ~pl.col("discount_rate").is_between(0, 1)
        # the rows outside first, then their cells as the file wrote them: setting the
        # file's column beside every typed row took 230 MB for a moment (1M lines)
        found = typed.lazy().filter(outside.fill_null(False)).select(ROW, "discount_rate")
        cells = raw.lazy().select(ROW, pl.col("discount_rate").alias("_raw"))
        checked = found.join(cells, on=ROW, how="left").collect()
        problems.append(
            cell_problems(
                checked, outside, "discount_rate", "discount_out_of_range", pl.col("_raw")
            )
        )
    key_present = pl.all_horizontal([pl.col(k).is_not_null() for k in table.key])
    first = pl.col(ROW).min().over(table.key)
    if _repeats_a_key(typed.lazy().filter(key_present).select(table.key)):
        keyed = typed.with_columns(first.alias("_first")).filter(
            key_present & (pl.col(ROW) != pl.col("_first"))
        )
        problems.append(
            keyed.select(
                pl.col(ROW).alias("row"),
                pl.lit(table.key[0]).alias("column"),
                pl.concat_str([pl.col(k).cast(pl.String) for k in table.key], separator=" / ")
                .fill_null("")
                .alias("value"),
                pl.lit("duplicate_key").alias("reason"),
                pl.col("_first").cast(pl.String).alias("detail"),
            )
        )
    return pl.concat(problems)

"""Turn an export's text cells into the contract's types, collecting a problem per bad cell.

Everything is done with Polars expressions over whole columns: a cell that does not parse
becomes null, and comparing the parsed column with the raw one finds the bad cells.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from sales_dash.ingest.dates import decide_order, parse_date, parse_month, undecided
from sales_dash.ingest.problems import ROW, Problem, cell_problems, no_problems, problems_frame
from sales_dash.schema import CANCELLED, DUE_DAYS_DEFAULT, POLARS_TYPE, Column, Kind, Table

CANCELLED_WORDS = (CANCELLED, "canceled", "已取消", "取消", "作废")
CURRENCY = "¥￥$ "
_AMOUNT = r"(?:[¥￥$]\s*)?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)%?"
NUMBER = rf"^(?:[¥￥$]\s*)?[+\-−]?{_AMOUNT}$|^\({_AMOUNT}\)$"
"""``1,234.50``, ``-¥1,234``, ``¥-5``, ``(1,234.00)``, ``15%``: commas only as thousands
separators (so ``1,5`` is never read as 15)."""
EXACT = pl.Decimal(38, 10)
LARGEST = Decimal(10) ** 17
"""Numbers this large are refused rather than overflow: no export holds 10¹⁷ yuan."""
HUNDREDTH = Decimal("0.01")
NEGATIVE = r"^(?:\(|(?:[¥￥$]\s*)?[-−])"
SCIENTIFIC = r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$"
"""How Excel shows a long number it has rounded: ``1.23E+11``."""


def text_cell(column: str) -> pl.Expr:
    """The cell with white space (also non-breaking and ideographic) trimmed; empty is null."""
    return pl.col(column).str.strip_chars().replace("", None).alias(column)


def is_scientific(cell: pl.Expr) -> pl.Expr:
    return cell.str.contains(SCIENTIFIC).fill_null(False)


def exact_number(cell: pl.Expr, scale: Decimal | None = None, percent: bool = True) -> pl.Expr:
    """A trimmed cell as an exact decimal (10 places), ``15%`` as 0.15, times ``scale``.

    Null where the cell is not a number: commas only as thousands separators, currency
    signs and ``(12.00)`` negatives allowed, a ``%`` only where ``percent``.
    """
    digits = (
        cell.str.strip_chars_start(CURRENCY)
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
        value = pl.when(~has_percent).then(value)
    elif scale != HUNDREDTH:  # under a "(%)" header, "15" and "15%" both mean 0.15
        value = pl.when(has_percent).then(value * pl.lit(HUNDREDTH)).otherwise(value)
    if scale is not None:
        value = pl.when(value.abs() < LARGEST).then(value * pl.lit(scale).cast(EXACT))
    return value


def _rounded(cell: pl.Expr, places: int, scale: Decimal | None, percent: bool) -> pl.Expr:
    """Round half away from zero to ``places`` decimals."""
    value = exact_number(cell, scale, percent)
    return value.round(places, mode="half_away_from_zero").cast(
        pl.Decimal(18, places), strict=False
    )


def _int(cell: pl.Expr) -> pl.Expr:
    """A whole number: ``1,200``, ``3``, ``3.00`` (from Excel); never ``3.5``."""
    digits = cell.str.replace_all(",", "", literal=True).str.replace(r"\.0*$", "")
    return pl.when(cell.str.contains(NUMBER)).then(digits.str.to_integer(strict=False))


def parse_column(
    column: str,
    kind: Kind,
    *,
    scale: Decimal | None = None,
    serial: bool = False,
    order: str | None = None,
) -> pl.Expr:
    """Turn the trimmed text column ``column`` into ``kind`` (null where it does not parse).

    Cells must have been trimmed with ``text_cell`` first. ``order`` (``mdy``, ``dmy``)
    reads dates with the year last; None leaves them unparsed (see ``decide_order``).
    """
    cell = pl.col(column)
    match kind:
        case Kind.STR:
            return cell
        case Kind.DATE:
            return parse_date(cell, serial, order)
        case Kind.MONTH:
            return parse_month(cell, serial, order)
        case Kind.INT:
            return _int(cell)
        case Kind.MONEY:
            return _rounded(cell, 2, scale, percent=False).cast(POLARS_TYPE[kind])
        case Kind.FRACTION:
            return _rounded(cell, 4, scale, percent=True).cast(POLARS_TYPE[kind])


def is_identifier(column: Column, table: Table) -> bool:
    """Text columns that hold codes: a key, or a ``*_id`` column."""
    return column.kind is Kind.STR and (column.name in table.key or column.name.endswith("_id"))


def parse_rows(
    raw: pl.DataFrame,
    table: Table,
    scales: dict[str, Decimal] | None = None,
    *,
    serial_dates: bool = False,
    date_format: str | None = None,
    labels: dict[str, str] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed rows in the contract's columns, plus every problem found in them (a frame).

    ``raw`` holds text columns named canonically (absent optional columns are allowed) and
    the ``_row`` column. ``scales`` multiplies a column's numbers (a 万元 header);
    ``serial_dates`` accepts Excel's day numbers in date columns (workbooks only);
    ``date_format`` says how dates with the year last read (None: decided per column);
    ``labels`` names a column as the file's header does, in whole-column problems.
    """
    scales = scales or {}
    present = [c for c in table.columns if c.name in raw.columns]
    trimmed = raw.with_columns(text_cell(c.name) for c in present)
    orders, order_problems = _date_orders(trimmed, present, date_format, labels or {})
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
            unparsed = parsed.filter(checked & pl.col(f"_parsed_{column.name}").is_null())
            scientific = is_scientific(pl.col(column.name))
            problems.append(
                cell_problems(unparsed, ~scientific, column.name, f"not_a_{column.kind}")
            )
            problems.append(cell_problems(unparsed, scientific, column.name, "scientific_number"))
        elif is_identifier(column, table):
            problems.append(
                cell_problems(
                    parsed, is_scientific(pl.col(column.name)), column.name, "scientific_id"
                )
            )
        if column.required:
            problems.append(cell_problems(parsed, ~filled, column.name, "required_empty"))
    typed = parsed.select(ROW, *[pl.col(f"_parsed_{c.name}").alias(c.name) for c in present])
    typed = _apply_defaults(typed, table)
    problems.append(_check_rules(typed, trimmed, table))
    return typed, pl.concat(problems)


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


def _apply_defaults(typed: pl.DataFrame, table: Table) -> pl.DataFrame:
    fills = []
    for column in table.columns:
        dtype = POLARS_TYPE[column.kind]
        current = pl.col(column.name) if column.name in typed.columns else pl.lit(None, dtype)
        if column.default is not None:
            current = current.fill_null(pl.lit(column.default).cast(dtype))
        fills.append(current.cast(dtype).alias(column.name))
    typed = typed.with_columns(fills)
    if table.name == "orders":
        due = pl.col("order_date") + pl.duration(days=DUE_DAYS_DEFAULT)
        status = pl.col("status").str.to_lowercase()
        typed = typed.with_columns(
            due_date=pl.col("due_date").fill_null(due),
            status=pl.when(status.is_in(list(CANCELLED_WORDS)))
            .then(pl.lit(CANCELLED))
            .otherwise(pl.col("status")),
        )
    return typed.select(ROW, *table.column_names)


def _check_rules(typed: pl.DataFrame, raw: pl.DataFrame, table: Table) -> pl.DataFrame:
    problems = [no_problems()]
    if table.name == "orders" and "discount_rate" in raw.columns:
        outside = ~pl.col("discount_rate").is_between(0, 1)
        checked = typed.select(ROW, "discount_rate").with_columns(
            raw["discount_rate"].alias("_raw")
        )
        problems.append(
            cell_problems(
                checked, outside, "discount_rate", "discount_out_of_range", pl.col("_raw")
            )
        )
    key_present = pl.all_horizontal([pl.col(k).is_not_null() for k in table.key])
    first = pl.col(ROW).min().over(table.key)
    duplicates = typed.filter(key_present & (pl.col(ROW) != first).fill_null(False))
    if duplicates.height:
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

"""Turn an export's text cells into the contract's types, collecting a problem per bad cell.

Everything is done with Polars expressions over whole columns: a cell that does not parse
becomes null, and comparing the parsed column with the raw one finds the bad cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sales_dash.schema import CANCELLED, DUE_DAYS_DEFAULT, POLARS_TYPE, Kind, Table

ROW = "_row"
"""The row number as the user sees it in a spreadsheet (header = row 1)."""

TOTAL_MARKERS = ("合计", "总计", "小计", "total", "totals", "grand total")
CANCELLED_WORDS = (CANCELLED, "canceled", "已取消", "取消", "作废")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


@dataclass(frozen=True)
class Problem:
    """One rejected cell (or a whole-file problem when ``row`` is 0)."""

    row: int
    column: str
    value: str
    reason: str
    """A key of ``sales_dash.i18n`` messages (e.g. ``not_a_date``)."""
    detail: str = ""


def _problems(frame: pl.DataFrame, bad: pl.Expr, column: str, reason: str) -> list[Problem]:
    hits = frame.filter(bad).select(ROW, pl.col(column).fill_null(""))
    return [Problem(row, column, value, reason) for row, value in hits.iter_rows()]


def _text(column: str) -> pl.Expr:
    """The cell with spaces (also non-breaking ones) trimmed; empty becomes null."""
    stripped = pl.col(column).str.strip_chars(" \t\r\n\u00a0\u3000")
    return pl.when(stripped == "").then(None).otherwise(stripped)


def _number(column: str, scale: int) -> pl.Expr:
    """Parse ``1,234.50``, ``¥1,234``, ``(12.00)`` and ``15%``; round half away from zero."""
    text = _text(column).str.replace_all(r"[,\s¥￥$]", "")
    percent = text.str.ends_with("%")
    text = text.str.strip_suffix("%").str.replace(r"^\((.*)\)$", "-$1")
    exact = text.cast(pl.Decimal(38, 10), strict=False)
    exact = pl.when(percent).then(exact / 100).otherwise(exact)
    units = 10**scale
    scaled = exact * units
    half = pl.lit(0.5).cast(pl.Decimal(38, 10)) * scaled.sign()
    whole = (scaled + half).cast(pl.Int64, strict=False)
    return whole.cast(pl.Decimal(38, scale)) / units


def _date(column: str) -> pl.Expr:
    text = _text(column)
    parsed = [text.str.strptime(pl.Date, fmt, strict=False) for fmt in DATE_FORMATS]
    return pl.coalesce(parsed)


def _month(column: str) -> pl.Expr:
    """``2026-11``, ``2026/11``, ``2026.11``, ``2026年11月`` -> ``2026-11``."""
    parts = _text(column).str.extract_groups(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
    year = parts.struct.field("1")
    month = parts.struct.field("2").cast(pl.Int32, strict=False)
    valid = month.is_between(1, 12)
    return pl.when(valid).then(pl.format("{}-{}", year, month.cast(pl.String).str.zfill(2)))


def _int(column: str) -> pl.Expr:
    return _text(column).str.replace_all(r"[,\s]", "").cast(pl.Int64, strict=False)


def parse_column(column: str, kind: Kind) -> pl.Expr:
    """The expression that turns a text column into ``kind`` (null where it does not parse)."""
    match kind:
        case Kind.STR:
            return _text(column)
        case Kind.DATE:
            return _date(column)
        case Kind.MONTH:
            return _month(column)
        case Kind.INT:
            return _int(column)
        case Kind.MONEY:
            return _number(column, 2).cast(POLARS_TYPE[kind])
        case Kind.FRACTION:
            return _number(column, 4).cast(POLARS_TYPE[kind])


def is_skippable(frame: pl.DataFrame, table: Table) -> pl.Series:
    """Blank rows, and total rows whose first key column reads 合计 / 总计 / 小计 / Total."""
    cells = [_text(c) for c in frame.columns if c != ROW]
    blank = pl.all_horizontal([c.is_null() for c in cells]) if cells else pl.lit(False)
    key = table.key[0]
    if key in frame.columns:
        total = _text(key).str.to_lowercase().is_in(list(TOTAL_MARKERS)).fill_null(False)
    else:
        total = pl.lit(False)
    return frame.select((blank | total).alias("skip")).to_series()


def parse_rows(raw: pl.DataFrame, table: Table) -> tuple[pl.DataFrame, list[Problem]]:
    """Typed rows in the contract's columns, plus every problem found in them.

    ``raw`` holds text columns named canonically (absent optional columns are allowed) and
    the ``_row`` column.
    """
    problems: list[Problem] = []
    typed = raw.select(
        ROW,
        *[
            parse_column(c.name, c.kind).alias(c.name)
            for c in table.columns
            if c.name in raw.columns
        ],
    )
    for column in table.columns:
        if column.name not in raw.columns:
            continue
        present = _text(column.name).is_not_null()
        unparsed = present & pl.col(f"_parsed_{column.name}").is_null()
        check = raw.with_columns(typed[column.name].alias(f"_parsed_{column.name}"))
        if column.kind is not Kind.STR:
            problems += _problems(check, unparsed, column.name, f"not_a_{column.kind.value}")
        if column.required:
            problems += _problems(check, ~present, column.name, "required_empty")

    typed = _apply_defaults(typed, table)
    problems += _check_rules(typed, table)
    return typed, problems


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


def _check_rules(typed: pl.DataFrame, table: Table) -> list[Problem]:
    problems: list[Problem] = []
    if table.name == "orders":
        outside = ~pl.col("discount_rate").is_between(0, 1)
        hits = typed.filter(outside.fill_null(False)).select(ROW, "discount_rate")
        problems += [
            Problem(row, "discount_rate", str(value), "discount_out_of_range")
            for row, value in hits.iter_rows()
        ]
    key_present = pl.all_horizontal([pl.col(k).is_not_null() for k in table.key])
    duplicates = (
        typed.with_columns(pl.col(ROW).min().over(table.key).alias("_first"))
        .filter(key_present & (pl.col(ROW) != pl.col("_first")))
        .select(ROW, "_first", pl.concat_str(table.key, separator=" / ").alias("_key"))
    )
    problems += [
        Problem(row, table.key[0], key, "duplicate_key", detail=str(first))
        for row, first, key in duplicates.iter_rows()
    ]
    return problems

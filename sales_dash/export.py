"""Tables as CSV and XLSX downloads, safe to open in Excel or WPS.

Text cells that start with ``= + - @``, a tab or a carriage return would be read as a
formula by a spreadsheet (CSV/formula injection, OWASP): they get a leading apostrophe,
which spreadsheets show as text. Numbers and dates stay numbers and dates.

Spreadsheets have no time zones: a zone-aware timestamp (the upload history's
``uploaded_at``) is written as UTC wall-clock time without its zone, and its header says
so: ``uploaded_at (UTC)``.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Collection, Mapping
from decimal import Decimal

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_PATTERN = r"^[=+\-@\t\r]"


def neutralise(value: str | None) -> str | None:
    """A text cell that cannot run as a formula: ``'=1+1`` for ``=1+1``."""
    if value is None or not value.startswith(FORMULA_STARTS):
        return value
    return "'" + value


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column (and header) neutralised; other columns untouched."""
    texts = [c for c, dtype in frame.schema.items() if dtype == pl.String]
    safe = frame.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_PATTERN))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in texts
    )
    return safe.rename({c: str(neutralise(c)) for c in safe.columns})


UTC_SUFFIX = " (UTC)"


def without_time_zones(frame: pl.DataFrame) -> pl.DataFrame:
    """Zone-aware timestamps as naive UTC, their headers marked `` (UTC)``."""
    zoned = [
        c for c, dtype in frame.schema.items() if isinstance(dtype, pl.Datetime) and dtype.time_zone
    ]
    naive = frame.with_columns(
        pl.col(c).dt.convert_time_zone("UTC").dt.replace_time_zone(None) for c in zoned
    )
    return naive.rename({c: c + UTC_SUFFIX for c in zoned})


def _spreadsheet_frame(frame: pl.DataFrame) -> pl.DataFrame:
    return neutralise_frame(without_time_zones(frame))


def to_csv_bytes(frame: pl.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Chinese text correctly."""
    text = _spreadsheet_frame(frame).write_csv(datetime_format="%Y-%m-%d %H:%M:%S")
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def _cell(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    return value


def money_header(label: str, currency: str) -> str:
    """A money column's header in a download, naming its currency: ``Revenue (USD)``."""
    return f"{label} ({currency})"


def money_number_format(decimals: int) -> str:
    """Excel's format for an amount: thousands separators, the currency's minor unit."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def to_xlsx_bytes(
    frame: pl.DataFrame,
    sheet: str = "data",
    *,
    money: Collection[str] = (),
    decimals: int = 2,
    formats: Mapping[str, str] | None = None,
) -> bytes:
    """One sheet, a bold header, numbers as numbers, dates and times as dates and times
    (naive UTC, see the module docstring), text never a formula.

    The ``money`` columns are shown to ``decimals`` places (the currency's minor unit)
    with thousands separators; ``formats`` maps other headers to their Excel number
    format (the catalogue's: ``0.0%`` for a ratio, ``sales_dash.catalogue.xlsx_formats``).
    The cell keeps the exact figure."""
    safe = _spreadsheet_frame(frame)
    number_formats = {str(neutralise(c)): money_number_format(decimals) for c in money}
    number_formats.update({str(neutralise(c)): f for c, f in (formats or {}).items()})
    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    # imported when a workbook is asked for: every page shows a table, few clicks ask for
    # Excel, and the import is a tenth of a second of each new server's first page
    import xlsxwriter

    with xlsxwriter.Workbook(buffer, options) as book:
        sheet_ = book.add_worksheet(sheet[:31])
        bold = book.add_format({"bold": True})
        day = book.add_format({"num_format": "yyyy-mm-dd"})
        moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        styles = {f: book.add_format({"num_format": f}) for f in set(number_formats.values())}
        for col, name in enumerate(safe.columns):
            number = styles.get(number_formats.get(name, ""))
            sheet_.write_string(0, col, name, bold)
            series = safe.get_column(name)
            width = max(len(name) * 2, 20 if isinstance(series.dtype, pl.Datetime) else 10)
            for row, value in enumerate(series.to_list(), start=1):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet_.write_string(row, col, value)
                elif isinstance(value, dt.datetime):
                    sheet_.write_datetime(row, col, value, moment)
                elif isinstance(value, dt.date):
                    sheet_.write_datetime(row, col, value, day)
                elif isinstance(value, bool):
                    sheet_.write_boolean(row, col, value)
                else:
                    sheet_.write_number(row, col, float(_cell(value)), number)  # type: ignore[arg-type]
            sheet_.set_column(col, col, min(width, 40))
        sheet_.freeze_panes(1, 0)
    return buffer.getvalue()

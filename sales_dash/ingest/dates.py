"""Dates and months as exports write them, and the order of day and month in each column.

``2026-11-03``, ``2026/11/3``, ``2026.11.3`` and ``2026年11月3日`` say their order. A date
with the year last (``11/8/2018``) does not: an American export means 8 November, a
British one 11 August. The column decides, never the cell: a first field above 12 proves
day first, a second field above 12 proves month first. A column that proves neither is
not guessed but refused once, asking the user to choose (``date_format``).
"""

from __future__ import annotations

import polars as pl

from sales_dash.ingest.problems import ROW, Problem, RejectedUpload

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
"""Dates that put the year first: always year, month, day."""
NAMED_MONTH_FORMATS = ("%d-%B-%Y", "%d %B %Y", "%B %d, %Y", "%B %d %Y")
"""``8-Nov-2018``, ``8 November 2018``, ``Nov 8, 2018``: an English month name says which
field is the month."""
TIME_OF_DAY = (
    r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?$"
)
"""A time after a date (``2020-02-21 00:00:00``, ``2020/2/21 8:05``, ``11/8/2018 2:30 PM``,
``2026-11-03T08:05:00Z``): dropped, the date as written is kept."""
YEAR_LAST = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"
"""``11/8/2018``, ``8.11.2018``, ``08-11-2018``: month and day in an order to be decided."""
MONTH_YEAR = r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$"
"""``11/2026``: a month with the year last (a month column only)."""
YEAR_MONTH = r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$"
"""``2026-11``, ``2026/11``, ``2026.11``, ``2026年11月``."""
YMD, MDY, DMY = "ymd", "mdy", "dmy"
DATE_ORDERS = (YMD, MDY, DMY)
"""What ``date_format`` may say: year/month/day (dates with the year last are refused),
month/day/year, day/month/year. Dates with the year first are read in every case."""
MIN_YEAR = 1000
EXCEL_EPOCH = pl.date(1899, 12, 30)
SERIAL_RANGE = (18_264, 73_051)
"""Excel serial dates accepted: 1950-01-01 to 2099-12-31; other numbers are not dates."""


def check_date_format(date_format: str | None) -> None:
    """Raise RejectedUpload unless ``date_format`` is None or one of DATE_ORDERS."""
    if date_format is not None and date_format not in DATE_ORDERS:
        raise RejectedUpload([Problem(0, "", date_format, "unknown_date_format")])


def _without_time(cell: pl.Expr) -> pl.Expr:
    return cell.str.replace(TIME_OF_DAY, "")


def _year_last(text: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """The first field, the second field and the year of a date written with the year last."""
    parts = text.str.extract_groups(YEAR_LAST)
    first = parts.struct.field("1").cast(pl.Int32, strict=False)
    second = parts.struct.field("2").cast(pl.Int32, strict=False)
    year = parts.struct.field("3").cast(pl.Int32, strict=False)
    return first, second, year


def _from_parts(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The date, or null when there is no such day (30 February)."""
    iso = pl.format("{}-{}-{}", year, month, day)
    return iso.str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def parse_date(
    cell: pl.Expr, serial: bool = False, order: str | None = None, *, plain: bool = False
) -> pl.Expr:
    """A trimmed text cell as a date; null where it is none (or its order is undecided).

    ``order`` (``mdy`` or ``dmy``) reads the dates with the year last; ``serial`` accepts
    Excel's day numbers (from a workbook's General cells). ``plain``: every cell is
    ``2026-11-03`` or null (``parse.PLAIN``), which the first format alone reads.
    """
    if plain:
        iso = cell.str.strptime(pl.Date, DATE_FORMATS[0], strict=False)
        return pl.when(iso.dt.year() >= MIN_YEAR).then(iso)
    text = _without_time(cell)
    year_first = pl.coalesce([text.str.strptime(pl.Date, f, strict=False) for f in DATE_FORMATS])
    # a four-digit year: chrono would read 11/8/18 as the year 11
    named = pl.coalesce([text.str.strptime(pl.Date, f, strict=False) for f in NAMED_MONTH_FORMATS])
    parsed: list[pl.Expr] = [
        pl.when(year_first.dt.year() >= MIN_YEAR).then(year_first),
        pl.when(text.str.contains("[A-Za-z]{3}")).then(named),
    ]
    if order in (MDY, DMY):
        first, second, year = _year_last(text)
        month, day = (first, second) if order == MDY else (second, first)
        parsed.append(_from_parts(year, month, day))
    if serial:
        days = text.cast(pl.Float64, strict=False).floor()
        in_range = days.is_between(*SERIAL_RANGE)
        parsed.append(pl.when(in_range).then(EXCEL_EPOCH + pl.duration(days=days.cast(pl.Int64))))
    return pl.coalesce(parsed)


def parse_month(cell: pl.Expr, serial: bool = False, order: str | None = None) -> pl.Expr:
    """``2026-11``, ``2026/11``, ``2026.11``, ``2026年11月``, ``11/2026`` (or a whole date)
    -> ``2026-11``."""
    forms = []
    for pattern, year_group, month_group in ((YEAR_MONTH, "1", "2"), (MONTH_YEAR, "2", "1")):
        parts = cell.str.extract_groups(pattern)
        year = parts.struct.field(year_group)
        month = parts.struct.field(month_group).cast(pl.Int32, strict=False)
        padded = month.cast(pl.String).str.zfill(2)
        forms.append(pl.when(month.is_between(1, 12)).then(pl.format("{}-{}", year, padded)))
    return pl.coalesce(*forms, parse_date(cell, serial, order).dt.strftime("%Y-%m"))


def undecided(cell: pl.Expr) -> pl.Expr:
    """A date with the year last, which no order was decided for."""
    return _without_time(cell).str.contains(YEAR_LAST).fill_null(False)


def decide_order(
    frame: pl.DataFrame, column: str, label: str, date_format: str | None
) -> tuple[str | None, list[Problem]]:
    """The order of the dates with the year last in ``column`` (trimmed text) and, when the
    column cannot tell it, the one problem that asks for ``date_format``.

    Returns ``date_format`` when given, None when no cell has the year last (nothing to
    decide) or when the column is undecided (with its problem).
    """
    if date_format is not None:
        return date_format, []
    cell = pl.col(column)
    first, second, _ = _year_last(_without_time(cell))
    # the cells with the year last, their fields read once (an eager select of the five
    # findings below read every cell five times: 0.6 s a column of 1M dates)
    dated = (
        frame.lazy()
        .select(ROW, cell, first.alias("_first"), second.alias("_second"))
        .filter(pl.col("_first").is_not_null())
        .collect()
    )
    if dated.is_empty():
        return None, []
    first, second = pl.col("_first"), pl.col("_second")
    day_first = (first > 12) & (second <= 12)
    month_first = (second > 12) & (first <= 12)
    found = dated.select(
        pl.col(ROW).filter(day_first).first().alias("day_row"),
        cell.filter(day_first).first().alias("day_cell"),
        pl.col(ROW).filter(month_first).first().alias("month_row"),
        cell.filter(month_first).first().alias("month_cell"),
        cell.first().alias("example"),
    ).row(0, named=True)
    day, month = found["day_row"] is not None, found["month_row"] is not None
    if day and month:
        day_cell = f"{found['day_row']}: {found['day_cell']}"
        both = f"{day_cell}; {found['month_row']}: {found['month_cell']}"
        return None, [Problem(0, column, both, "date_order_conflict", label)]
    if day:
        return DMY, []
    if month:
        return MDY, []
    return None, [Problem(0, column, found["example"], "date_order_ambiguous", label)]

"""Read an export (CSV text or an xlsx sheet) into text columns named by the contract.

Every cell is read as text: typing is the parser's job, so that a bad cell becomes a
precise problem instead of a failed read, and IDs such as ``00123`` keep their zeros.
Rows are numbered as a spreadsheet shows them: a quoted line break stays inside its
row, a blank line is a row, and title rows above the header count.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace

import fastexcel
import polars as pl

from sales_dash.ingest.dates import check_date_format
from sales_dash.ingest.detect import OLE_MAGIC, WORKBOOKS, ZIP_MAGIC, Format, file_format
from sales_dash.ingest.encodings import decode_text
from sales_dash.ingest.headers import HeaderMap, guess_table, map_headers, match_count
from sales_dash.ingest.limits import Limits
from sales_dash.ingest.problems import ROW, Problem, RejectedUpload, file_problem
from sales_dash.ingest.table_guess import TableGuess, guess_table_scored
from sales_dash.schema import TABLES, Table

SEPARATORS = (",", ";", "\t", "|")
SAMPLE_BYTES = 256 * 1024
HEADER_SEARCH_ROWS = 30
"""The header is looked for among this many rows at the top (title rows come first)."""
EXTRA_CELLS = 4
"""Cells read past the header's width, to notice rows with more cells than headers."""
BLANK, RAGGED, FIRST = "_blank", "_ragged", "_first"
"""Per row: no cell filled; cells past the header filled; the first filled cell."""
CELLS, EXPECTED_CELLS = "_cells", "_expected_cells"
"""Per row of a CSV: how many cells it has, and how many most rows have."""


@dataclass(frozen=True)
class RawExport:
    frame: pl.DataFrame
    """Text columns with canonical names, ``_row`` (the spreadsheet row), ``_blank``,
    ``_ragged`` and ``_first``."""
    encoding: str
    """The text's codec (utf-8, gbk, big5, cp1252, utf-16-le ...); for a workbook its
    format: xlsx (also .xlsm), xls or ods."""
    table: str
    header: HeaderMap
    header_row: int
    """The spreadsheet row of the header (rows above it are titles, skipped)."""
    separator: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    guess: TableGuess | None = None
    """How the table was guessed (None when the caller named it)."""
    date_format: str | None = None
    """How the user said dates with the year last read (``mdy``, ``dmy``); None: decided
    per column from its dates."""

    @property
    def workbook(self) -> bool:
        """Read from a workbook (its cells may hold Excel's serial day numbers)."""
        return self.encoding in WORKBOOKS

    @property
    def mapping(self) -> dict[str, str]:
        return self.header.mapping


def _sample(data: bytes, separator: str) -> list[list[str]]:
    text = data[:SAMPLE_BYTES].decode("utf-8", errors="ignore")
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            rows.append(row)
            if len(rows) >= HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        pass
    return rows


def _score(rows: list[list[str]], table: str | None, overrides: dict[str, str] | None) -> int:
    tables = [TABLES[table]] if table else list(TABLES.values())
    return max((match_count(row, t, overrides) for row in rows for t in tables), default=0)


def header_index(rows: list[list[str]], table: str | None, overrides: dict[str, str] | None) -> int:
    """The row (0-based) among the top ones that names the most contract columns."""
    tables = [TABLES[table]] if table else list(TABLES.values())
    best, best_score = 0, 0
    for index, row in enumerate(rows):
        score = max(match_count(row, t, overrides) for t in tables)
        if score > best_score:
            best, best_score = index, score
    if best_score == 0:
        return next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), 0)
    return best


def _separator(data: bytes, table: str | None, overrides: dict[str, str] | None) -> str:
    """The separator under which some top row reads most like a header; else the commonest."""
    samples = {sep: _sample(data, sep) for sep in SEPARATORS}
    scores = {sep: _score(rows, table, overrides) for sep, rows in samples.items()}
    if any(scores.values()):
        return max(SEPARATORS, key=lambda sep: scores[sep])
    widths = {sep: max((len(r) for r in rows), default=0) for sep, rows in samples.items()}
    return max(SEPARATORS, key=lambda sep: widths[sep])


def _resolve_table(
    headers: list[str],
    table: str | None,
    overrides: dict[str, str] | None,
    sample: Sequence[list[str]] = (),
) -> tuple[str, TableGuess | None]:
    """The table named, or the one the headers and a sample of the rows fit best."""
    if table:
        return table, None
    guessed = guess_table_scored(headers, sample, overrides)
    if guessed is None:
        found = ", ".join(h for h in headers if h.strip()) or "—"
        raise file_problem("unknown_table", found)
    return guessed.table, guessed


def _cells(width: int) -> list[str]:
    return [f"c{i}" for i in range(width)]


def _shape(
    body: pl.DataFrame, header: HeaderMap, width: int, first_row: int, ragged: bool
) -> pl.DataFrame:
    """Name the mapped columns, number the rows, and flag blank and ragged ones."""
    inside = [f"c{i}" for i in range(width)]
    extra = [c for c in body.columns if c not in inside]
    every = pl.concat_str([pl.col(c).fill_null("") for c in inside])
    spill = pl.concat_str([pl.col(c).fill_null("") for c in extra]) if extra else pl.lit("")
    # the first cell holding anything (a 合计 is looked for there), by bytes: cheap
    firsts = [pl.when(pl.col(c).str.len_bytes() > 0).then(pl.col(c)) for c in inside]
    return body.with_row_index(ROW, offset=first_row).select(
        pl.col(ROW).cast(pl.Int64),
        *[pl.col(f"c{p}").alias(column) for p, column in sorted(header.columns.items())],
        (every.str.strip_chars().str.len_bytes() == 0).alias(BLANK),
        (ragged & (spill.str.strip_chars().str.len_bytes() > 0)).alias(RAGGED),
        pl.coalesce(firsts).str.strip_chars().alias(FIRST),
    )


def field_counts(data: bytes, separator: str, skip: int, body: pl.DataFrame) -> pl.Series | None:
    """How many cells each record after the first ``skip`` has, or None if unsure.

    Polars does not say how many cells a row had (missing ones read as empty), so the
    separators of each raw record are counted, less those inside its parsed values; a
    record whose quotes span a line break has its lines joined first.
    """
    lines = pl.read_csv(
        data,
        has_header=False,
        separator="\x01",
        quote_char=None,
        schema={"line": pl.String},
        empty_string_is_null=False,
        truncate_ragged_lines=True,
        raise_if_empty=False,
    )["line"]
    odd = lines.str.count_matches('"', literal=True) % 2 == 1
    if odd.any():
        inside = odd.cum_sum() % 2 == 1
        starts = ~inside.shift(1, fill_value=False)
        records = pl.DataFrame({"line": lines, "record": starts.cum_sum()})
        joined = records.group_by("record", maintain_order=True).agg(pl.col("line").str.join("\n"))
        lines = joined["line"]
    lines = lines.slice(skip)
    if lines.len() != body.height:
        return None
    within = body.select(
        pl.sum_horizontal(
            pl.col(c).str.count_matches(separator, literal=True).fill_null(0) for c in body.columns
        )
    ).to_series()
    return lines.str.count_matches(separator, literal=True) - within + 1


def _ragged(frame: pl.DataFrame, counts: pl.Series | None, header_cells: int) -> pl.DataFrame:
    """Flag rows whose cell count differs from most rows' (a value with a bare comma);
    in a tie, the header's count is the usual one."""
    if counts is None:
        return frame.with_columns(pl.lit(None, pl.Int64).alias(CELLS))
    frame = frame.with_columns(counts.cast(pl.Int64).alias(CELLS))
    usual = frame.filter(~pl.col(BLANK))[CELLS].mode().to_list()
    if not usual:
        return frame
    expected = header_cells if header_cells in usual else max(usual)
    return frame.with_columns(
        (pl.col(RAGGED) | ((pl.col(CELLS) != expected) & ~pl.col(BLANK))).alias(RAGGED),
        pl.lit(expected, pl.Int64).alias(EXPECTED_CELLS),
    )


def _read_text(
    payload: bytes,
    table: str | None,
    overrides: dict[str, str] | None,
    limits: Limits,
    encoding: str | None,
) -> RawExport:
    decoded = decode_text(payload, encoding)
    separator = _separator(decoded.data, table, overrides)
    rows = _sample(decoded.data, separator)
    index = header_index(rows, table, overrides)
    headers = rows[index] if index < len(rows) else []
    if len(headers) > limits.max_columns:
        raise file_problem("too_many_columns", limits.max_columns)
    table, guess = _resolve_table(headers, table, overrides, rows[index + 1 :])
    header = map_headers(headers, TABLES[table], overrides, header_row=index + 1)
    width = max(len(headers), 1)
    try:
        body = pl.read_csv(
            decoded.data,
            has_header=False,
            separator=separator,
            skip_rows=index + 1,
            schema=dict.fromkeys(_cells(width + EXTRA_CELLS), pl.String),
            missing_columns="insert",
            truncate_ragged_lines=True,
            empty_string_is_null=False,
            raise_if_empty=False,
            n_rows=limits.max_rows + 1,
        )
    except pl.exceptions.PolarsError as error:
        raise file_problem("unreadable_csv", str(error).splitlines()[0][:200]) from None
    _check_rows(body, limits)
    frame = _shape(body, header, width, index + 2, ragged=True)
    counts = field_counts(decoded.data, separator, index + 1, body)
    frame = _ragged(frame, counts, len(headers))
    return RawExport(
        frame, decoded.encoding, table, header, index + 1, separator=separator, guess=guess
    )


@dataclass(frozen=True)
class SheetTable:
    """One sheet of a workbook: where its header is and the table that header names."""

    sheet: str
    table: str | None
    """The table the header names best (the one asked for, if any); None if it names none."""
    header_row: int
    """The spreadsheet row of the header (1-based; rows above it are titles)."""
    matched: int
    """How many of ``table``'s columns the header names: the sheet's score."""


def _open_workbook(payload: bytes) -> fastexcel.ExcelReader:
    try:
        return fastexcel.read_excel(payload)
    except Exception as error:  # calamine reports broken workbooks with many error types
        raise file_problem("unreadable_xlsx", str(error).splitlines()[0][:200]) from None


def _load_sheet(reader: fastexcel.ExcelReader, name: str, n_rows: int) -> pl.DataFrame:
    """The sheet's top ``n_rows`` rows, every cell as text, columns ``c0``, ``c1`` ..."""
    try:
        loaded = reader.load_sheet(
            name, header_row=None, skip_rows=0, dtypes="string", n_rows=n_rows
        )
        frame = pl.DataFrame(loaded.to_polars())
    except Exception as error:  # calamine reports broken workbooks with many error types
        raise file_problem("unreadable_xlsx", str(error).splitlines()[0][:200]) from None
    frame.columns = _cells(frame.width)
    return frame


def _sheet_table(
    name: str, frame: pl.DataFrame, table: str | None, overrides: dict[str, str] | None
) -> SheetTable:
    rows = [list(row) for row in frame.head(HEADER_SEARCH_ROWS).fill_null("").rows()]
    if not rows or frame.width == 0:
        return SheetTable(name, table, 1, 0)
    index = header_index(rows, table, overrides)
    found = table or guess_table(rows[index], overrides)
    matched = match_count(rows[index], TABLES[found], overrides) if found else 0
    if found and not _names_required(rows[index], TABLES[found], overrides):
        found = None  # a returns sheet naming only 订单 ID holds no orders table
    return SheetTable(name, found, index + 1, matched)


def _names_required(header: list[str], table: Table, overrides: dict[str, str] | None) -> bool:
    """Whether ``header`` names every required column of ``table`` (or offers a choice)."""
    mapped = map_headers(header, table, overrides)
    named = set(mapped.columns.values()) | mapped.contested
    return all(c.name in named for c in table.columns if c.required)


def _sheet_tables(
    reader: fastexcel.ExcelReader, table: str | None, overrides: dict[str, str] | None
) -> list[SheetTable]:
    found = []
    for name in reader.sheet_names:
        try:
            top = _load_sheet(reader, name, HEADER_SEARCH_ROWS)
        except RejectedUpload:  # a sheet that holds no cells (a chart): no table there
            top = pl.DataFrame()
        found.append(_sheet_table(name, top, table, overrides))
    return found


def workbook_tables(
    payload: bytes,
    limits: Limits | None = None,
    *,
    table: str | None = None,
    overrides: dict[str, str] | None = None,
) -> list[SheetTable]:
    """Each sheet of a workbook with its header row, the table it names and how well.

    ``table`` scores every sheet for that table; None finds each sheet's best table.
    Empty for a text file; raises RejectedUpload for a workbook that cannot be read.
    """
    limits = limits or Limits.from_settings()
    limits.check_size(len(payload))
    if file_format(payload, limits.max_bytes) not in WORKBOOKS:
        return []
    return _sheet_tables(_open_workbook(payload), table, overrides)


def _best_sheet(
    reader: fastexcel.ExcelReader, table: str | None, overrides: dict[str, str] | None
) -> str:
    """The sheet whose header names most columns of ``table`` (or of any table); the first
    on a tie, so that a workbook with one table in several sheets reads as before."""
    names = list(reader.sheet_names)
    if len(names) == 1:
        return names[0]
    return names[best_sheet(_sheet_tables(reader, table, overrides))]


def best_sheet(sheets: Sequence[SheetTable]) -> int:
    """The index of the sheet to read: one holding a table before one that does not, then
    the one naming most columns, the first on a tie (a workbook with one table in several
    sheets reads as before); the first sheet when none names anything."""
    best = max(
        range(len(sheets)), key=lambda i: (sheets[i].table is not None, sheets[i].matched, -i)
    )
    return best if sheets[best].matched else 0


def _read_workbook(
    payload: bytes,
    kind: Format,
    table: str | None,
    overrides: dict[str, str] | None,
    sheet: str | None,
    limits: Limits,
) -> RawExport:
    reader = _open_workbook(payload)
    sheets = tuple(reader.sheet_names)
    if sheet is not None and sheet not in sheets:
        raise RejectedUpload([Problem(0, "", sheet, "sheet_not_found", ", ".join(sheets))])
    name = sheet if sheet is not None else _best_sheet(reader, table, overrides)
    sheet_frame = _load_sheet(reader, name, limits.max_rows + HEADER_SEARCH_ROWS + 1)
    if sheet_frame.width > limits.max_columns:
        raise file_problem("too_many_columns", limits.max_columns)
    if sheet_frame.width == 0 or sheet_frame.height == 0:
        raise RejectedUpload([Problem(0, "", name, "empty_sheet")])
    top = sheet_frame.head(HEADER_SEARCH_ROWS).fill_null("").rows()
    rows = [list(row) for row in top]
    index = header_index(rows, table, overrides)
    headers = rows[index]
    while headers and not headers[-1].strip():
        headers.pop()
    table, guess = _resolve_table(headers, table, overrides, rows[index + 1 :])
    header = map_headers(headers, TABLES[table], overrides, header_row=index + 1)
    body = sheet_frame.slice(index + 1)
    _check_rows(body, limits)
    frame = _shape(body, header, max(len(headers), 1), index + 2, ragged=False)
    return RawExport(
        frame, kind.value, table, header, index + 1, sheet=name, sheets=sheets, guess=guess
    )


def workbook_sheets(payload: bytes, limits: Limits | None = None) -> tuple[str, ...]:
    """The sheet names of a workbook (xlsx, xls, ods); empty for anything else, a broken
    workbook or one that unpacks past the limit (read_export will say why)."""
    if not payload.startswith((ZIP_MAGIC, OLE_MAGIC)):
        return ()
    limits = limits or Limits.from_settings()
    try:
        if file_format(payload, limits.max_bytes) not in WORKBOOKS:
            return ()
        return tuple(_open_workbook(payload).sheet_names)
    except RejectedUpload:
        return ()


def _check_rows(body: pl.DataFrame, limits: Limits) -> None:
    if body.height > limits.max_rows:
        raise file_problem("too_many_rows", limits.max_rows)


def read_export(
    payload: bytes,
    table: str | None = None,
    overrides: dict[str, str] | None = None,
    *,
    sheet: str | None = None,
    limits: Limits | None = None,
    encoding: str | None = None,
    date_format: str | None = None,
) -> RawExport:
    """Read CSV text (any of the supported encodings and separators) or a workbook's sheet.

    ``table`` None guesses the table from the headers; ``encoding`` None detects it;
    ``sheet`` None takes the sheet whose header names the table best. ``date_format``
    (``ymd``, ``mdy``, ``dmy``; None: decided per column) is kept for the parser.
    Raises RejectedUpload when the file cannot be read as a table at all.
    """
    check_date_format(date_format)
    limits = limits or Limits.from_settings()
    limits.check_size(len(payload))
    kind = file_format(payload, limits.max_bytes)
    if kind in WORKBOOKS:
        raw = _read_workbook(payload, kind, table, overrides, sheet, limits)
    else:
        limits.check_text_memory(len(payload))  # branch memory
        raw = _read_text(payload, table, overrides, limits, encoding)
    return replace(raw, date_format=date_format)

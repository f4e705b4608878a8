"""A file read and checked against the contract, not yet written anywhere.

``prepare_upload`` never writes and never raises for bad data: it returns what it found,
problems included, so that the Upload page can show a report and the command line can
list the problems or skip the invalid rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import polars as pl

from sales_dash.ingest.cell_limits import check_workbook_text, long_cell_problems, max_cell_chars
from sales_dash.ingest.limits import Deadline, Limits
from sales_dash.ingest.mappings import (
    RememberedMapping,
    SourceColumn,
    describe_mapping,
    find_mapping,
    with_remembered,
)
from sales_dash.ingest.parse import parse_rows, stand_in_codes
from sales_dash.ingest.problems import (
    FATAL_REASONS,
    ROW,
    Problem,
    RejectedUpload,
    no_problems,
    problems_frame,
    to_problems,
)
from sales_dash.ingest.read import (
    BLANK,
    CELLS,
    EXPECTED_CELLS,
    RAGGED,
    RawExport,
    read_export,
)
from sales_dash.ingest.totals import KIND, reconcile, total_kind
from sales_dash.ingest.window import date_window_problems
from sales_dash.lake import Lake, month_expr
from sales_dash.schema import TABLES, Table

Progress = Callable[[float, str], None]
"""Told the fraction done (0–1) and a message key as an upload goes along."""

SKIP_SCHEMA = pl.Schema({ROW: pl.Int64, "reason": pl.String, "month": pl.String})


def quiet(fraction: float, key: str) -> None:
    """The progress callback of a caller that does not watch."""


@dataclass
class PreparedUpload:
    """A file read and checked against the contract, not yet written anywhere."""

    file: str
    sha256: str
    size: int
    raw: RawExport | None
    """None when the file could not be read as a table at all."""
    rows: pl.DataFrame
    """Typed rows without a problem, in the contract's columns, with ``_row``."""
    typed_all: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema={ROW: pl.Int64}))
    """Every data row typed as far as it goes (nulls where a cell did not parse)."""
    problems: pl.DataFrame = field(default_factory=no_problems)
    skipped: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=SKIP_SCHEMA))
    """Rows left out: ``blank``, ``total`` and (with problems) ``invalid``, with their month."""
    data_rows: int = 0
    """Rows that held data (neither blank nor a total)."""
    requested_table: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    """The user's explicit mapping (file header -> column or ``-``)."""
    remembered: RememberedMapping | None = None
    """The remembered mapping applied to this file (an explicit one wins over it)."""
    numbered_orders: int = 0
    """Orders of several rows whose lines were numbered in file order (no line column)."""

    @property
    def mapping(self) -> list[SourceColumn]:
        """Every column of the file and what it fills (``describe_mapping``)."""
        if self.raw is None:
            return []
        remembered = self.remembered.choices if self.remembered else None
        return describe_mapping(self.raw.header, self.overrides, remembered)

    @property
    def table(self) -> str | None:
        return self.raw.table if self.raw else self.requested_table

    @property
    def encoding(self) -> str:
        return self.raw.encoding if self.raw else ""

    @property
    def ok(self) -> bool:
        return self.problems.is_empty()

    @property
    def fatal(self) -> bool:
        """A problem that no ``--skip-invalid`` can get past (the file as a whole)."""
        whole = (pl.col("row") == 0) | pl.col("reason").is_in(list(FATAL_REASONS))
        return not self.problems.filter(whole).is_empty()

    @property
    def column_headers(self) -> dict[str, str]:
        """Contract column -> the file's own header for it (what problems call it)."""
        return {column: header for header, column in (self.raw.mapping if self.raw else {}).items()}

    def rejection(self, limit: int | None = None) -> RejectedUpload:
        return RejectedUpload(
            to_problems(self.problems, limit), self.problems.height, self.column_headers
        )

    @property
    def invalid_rows(self) -> pl.DataFrame:
        return self.skipped.filter(pl.col("reason") == "invalid")

    @property
    def skipped_rows(self) -> list[int]:
        return sorted(self.skipped[ROW].to_list())


def _missing_columns(raw: RawExport, table: Table) -> list[Problem]:
    """Once per required column absent from the header (a problem of the file, no row)."""
    present = set(raw.header.columns.values()) | raw.header.contested
    present |= stand_in_codes(table, present)  # a receipt's 客户 identifies its customer
    return [
        Problem(0, column.name, column.name, "missing_column", detail=raw.header.found)
        for column in table.columns
        if column.required and column.name not in present
    ]


def _number_lines(data: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Lines 1, 2, 3 ... within each order in file order, for a file with no line column;
    and how many orders span several rows (the same file numbers the same way again)."""
    lines = line_numbers(data["order_id"].str.strip_chars())
    numbered = data.with_columns(lines.cast(pl.String).alias("line_no"))
    return numbered, int((lines == 2).sum())


def line_numbers(values: pl.Series) -> pl.Series:
    """1, 2, 3 ... within each value (null is one value), in row order.

    By a stable sort, not a window over the values (``int_range(len()).over(...)``): the
    window held each value's rows apart, about 115 bytes a row (155 MB for 1.35 million
    rows, measured), and took 7 times as long on a file whose orders' lines are together.
    """
    position = pl.int_range(pl.len(), dtype=pl.UInt32)
    value = pl.col("value")
    starts = pl.when((position == 0) | value.ne_missing(value.shift(1))).then(position)
    ordered = pl.DataFrame({"value": values}).with_columns(position.alias("row"))
    ordered = ordered.sort("value", maintain_order=True)
    lines = ordered.select("row", (position - starts.forward_fill() + 1).alias("line"))
    return lines.sort("row")["line"].alias(values.name)


def _name_by_header(problems: pl.DataFrame, raw: RawExport) -> pl.DataFrame:
    """A problem about a file column names it as the file does (订单日期, not order_date)."""
    headers = {column: header for header, column in raw.mapping.items()}
    return problems.with_columns(pl.col("column").replace(headers))


def _invalid(problems: pl.DataFrame) -> pl.Series:
    """Rows a problem rules out; for a repeated key, its first row too (which one is right?)."""
    row_level = problems.filter(pl.col("row") > 0)
    firsts = row_level.filter(pl.col("reason") == "duplicate_key").select(
        pl.col("detail").cast(pl.Int64).alias("row")
    )
    return pl.concat([row_level.select("row"), firsts])["row"].unique()


def prepare_upload(
    payload: bytes,
    file_name: str,
    table: str | None = None,
    *,
    overrides: dict[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    date_format: str | None = None,
    limits: Limits | None = None,
    progress: Progress = quiet,
    lake: Lake | None = None,
) -> PreparedUpload:
    """Read and check ``payload`` as rows of ``table`` (None: guess it from the headers).

    With ``lake``, a mapping remembered there for this export's headers is applied under
    ``overrides`` (``PreparedUpload.remembered`` says so).
    ``date_format`` (``ymd``, ``mdy``, ``dmy``) says how dates with the year last read;
    None decides it per column, and a column that cannot tell is a problem.
    """
    limits = limits or Limits.from_settings()
    deadline = Deadline(limits.seconds)
    sha256 = hashlib.sha256(payload).hexdigest()
    empty = pl.Schema({ROW: pl.Int64(), **(TABLES[table].polars_schema if table else {})})
    progress(0.05, "progress_read")
    try:
        check_workbook_text(payload, limits.max_bytes, max_cell_chars())  # branch hardening
        raw = read_export(
            payload,
            table,
            overrides,
            sheet=sheet,
            limits=limits,
            encoding=encoding,
            date_format=date_format,
        )
        remembered = find_mapping(lake, raw.table, raw.header.headers) if lake else None
        if remembered is not None:
            merged = with_remembered(overrides, remembered)
            again = read_export(
                payload,
                raw.table,
                merged,
                sheet=sheet,
                limits=limits,
                encoding=encoding,
                date_format=date_format,
            )
            raw = replace(again, guess=raw.guess)
        deadline.check()
    except RejectedUpload as rejected:
        return PreparedUpload(
            file_name,
            sha256,
            len(payload),
            None,
            rows=pl.DataFrame(schema=empty),
            problems=problems_frame(rejected.problems),
            requested_table=table,
            overrides=dict(overrides or {}),
        )
    spec = TABLES[raw.table]
    header_problems = raw.header.problems + _missing_columns(raw, spec)
    nothing = pl.DataFrame(schema={ROW: pl.Int64, **spec.polars_schema})
    prepared = PreparedUpload(file_name, sha256, len(payload), raw, rows=nothing, typed_all=nothing)
    prepared.overrides = dict(overrides or {})
    prepared.remembered = remembered
    if header_problems:
        prepared.problems = problems_frame(header_problems)
        return prepared
    progress(0.25, "progress_check")
    frame = raw.frame.with_columns(total_kind(raw.frame, spec))
    blank = pl.col(BLANK)
    total = pl.col(KIND).is_not_null() & ~blank
    # a filter copies every cell even when it keeps every row (a month's export: 190 MB)
    left_out = frame.select((blank | total).any()).item()
    data = frame.filter(~blank & ~total) if left_out else frame
    if data.is_empty():
        prepared.problems = problems_frame([Problem(0, "", "", "no_rows")])
        return prepared
    if spec.name == "orders" and "line_no" not in data.columns:
        data, prepared.numbered_orders = _number_lines(data)
    typed, problems = parse_rows(
        data,
        spec,
        raw.header.scales,
        serial_dates=raw.workbook,
        date_format=raw.date_format,
        labels={column: header for header, column in raw.mapping.items()},
    )
    ragged = _ragged_problems(data, len(raw.header.headers))
    problems = pl.concat(
        [problems, ragged, reconcile(frame.filter(total), typed, spec, raw.header.scales)]
    )
    problems = pl.concat([problems, date_window_problems(typed, spec)])  # branch hardening
    problems = pl.concat([problems, long_cell_problems(data, max_cell_chars())])  # hardening
    try:
        deadline.check()
    except RejectedUpload as late:
        prepared.problems = problems_frame(late.problems)
        return prepared
    invalid = _invalid(problems)
    months = month_expr(spec).alias("month")
    prepared.problems = _name_by_header(problems, raw)
    prepared.data_rows = data.height
    prepared.rows = typed.filter(~pl.col(ROW).is_in(invalid.implode())) if len(invalid) else typed
    prepared.typed_all = typed
    prepared.skipped = (
        pl.concat(
            [
                frame.filter(blank).select(ROW, pl.lit("blank").alias("reason")),
                frame.filter(total).select(ROW, pl.lit("total").alias("reason")),
                typed.filter(pl.col(ROW).is_in(invalid.implode())).select(
                    ROW, pl.lit("invalid").alias("reason"), months
                ),
            ],
            how="diagonal",
        )
        .select(SKIP_SCHEMA.names())
        .cast(SKIP_SCHEMA)
    )
    # the file's text is kept for the rows it rejects alone (``rejects_table``), not
    # held as a second copy of every row while the upload is merged
    kept = raw.frame.filter(pl.col(ROW).is_in(invalid.implode()))
    prepared.raw = replace(raw, frame=kept)
    return prepared


def _ragged_problems(data: pl.DataFrame, header_cells: int) -> pl.DataFrame:
    """A row with more (or fewer) cells than most: value = its cells, detail = the usual."""
    cells = pl.col(CELLS) if CELLS in data.columns else pl.lit(None, pl.Int64)
    usual = pl.col(EXPECTED_CELLS) if EXPECTED_CELLS in data.columns else pl.lit(header_cells)
    return data.filter(pl.col(RAGGED)).select(
        pl.col(ROW).alias("row"),
        pl.lit("").alias("column"),
        cells.cast(pl.String).fill_null("").alias("value"),
        pl.lit("ragged_row").alias("reason"),
        usual.cast(pl.String).alias("detail"),
    )


def rejects_table(prepared: PreparedUpload, describe: Callable[[Problem], str]) -> pl.DataFrame:
    """The rows left out as invalid, cells as in the file, with what is wrong with each."""
    raw = prepared.raw
    invalid = prepared.invalid_rows[ROW]
    if raw is None or invalid.is_empty():
        return pl.DataFrame()
    problems = to_problems(prepared.problems.filter(pl.col("row").is_in(invalid.implode())))
    problems += [
        Problem(int(p.detail), p.column, p.value, "duplicate_key_first", str(p.row))
        for p in problems
        if p.reason == "duplicate_key"
    ]
    reasons = pl.DataFrame(
        {ROW: [p.row for p in problems], "_problem": [describe(p) for p in problems]},
        schema={ROW: pl.Int64, "_problem": pl.String},
    )
    explained = reasons.group_by(ROW).agg(pl.col("_problem").str.join("; "))
    headers = {column: header for header, column in raw.mapping.items()}
    cells = raw.frame.filter(pl.col(ROW).is_in(invalid.implode())).select(
        ROW, *[pl.col(c).alias(h) for c, h in headers.items()]
    )
    return cells.join(explained, on=ROW, how="left").sort(ROW)

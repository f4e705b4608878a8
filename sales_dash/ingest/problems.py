"""What is wrong with an upload: one ``Problem`` per bad cell, or per file when row is 0.

Problems are collected as a Polars frame (a million bad cells stay cheap) and turned into
``Problem`` objects only to be shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from sales_dash.upload_texts import message as text

ROW = "_row"
"""The row number as the user sees it in a spreadsheet (header = row 1 unless title rows)."""

PROBLEM_SCHEMA = pl.Schema(
    {
        "row": pl.Int64,
        "column": pl.String,
        "value": pl.String,
        "reason": pl.String,
        "detail": pl.String,
    }
)

FATAL_REASONS = frozenset(
    {
        "missing_column",
        "duplicate_header",
        "ambiguous_header",
        "candidate_header",
        "total_mismatch",
        "no_rows",
        "too_many_rows",
        "too_many_columns",
        "time_limit",
        "foreign_currency_sign",  # branch values: one problem stands for the whole column
    }
)
"""Problems with the file as a whole: ``--skip-invalid`` cannot skip past them."""

ABSENT_COLUMN_REASONS = frozenset({"missing_column"})
"""Problems of a column the file lacks: said once, naming the column, with no row."""


@dataclass(frozen=True)
class Problem:
    """One rejected cell (or a whole-file problem when ``row`` is 0)."""

    row: int
    column: str
    value: str
    reason: str
    """A key of ``sales_dash.upload_texts`` (e.g. ``not_a_date``)."""
    detail: str = ""

    @property
    def fatal(self) -> bool:
        return self.row == 0 or self.reason in FATAL_REASONS


class RejectedUpload(Exception):
    """Nothing was written; ``problems`` says which row, column and value, and why."""

    def __init__(
        self,
        problems: list[Problem],
        total: int | None = None,
        names: Mapping[str, str] | None = None,
    ) -> None:
        self.problems = sorted(problems, key=lambda p: (p.row, p.column))
        self.total = len(problems) if total is None else total
        """How many problems there are (``problems`` may list only the first of them)."""
        self.names = dict(names or {})
        """Contract column -> the file's own header for it, to name columns as the user does."""
        super().__init__(f"{self.total} problem(s)")


def file_problem(reason: str, detail: object = "") -> RejectedUpload:
    """A rejection of the whole file, ready to raise."""
    return RejectedUpload([Problem(0, "", "", reason, str(detail))])


def no_problems() -> pl.DataFrame:
    return pl.DataFrame(schema=PROBLEM_SCHEMA)


def problems_frame(problems: list[Problem]) -> pl.DataFrame:
    rows = [(p.row, p.column, p.value, p.reason, p.detail) for p in problems]
    return pl.DataFrame(rows, schema=PROBLEM_SCHEMA, orient="row")


def cell_problems(
    frame: pl.DataFrame, bad: pl.Expr, column: str, reason: str, value: pl.Expr | None = None
) -> pl.DataFrame:
    """One problem per row of ``frame`` where ``bad`` holds, naming ``column``'s cell."""
    # lazily, so that only the columns named are filtered: an eager filter of a 1M-line
    # upload's frame of every column took 550 MB for a moment, once per column checked
    return (
        frame.lazy()
        .filter(bad.fill_null(False))
        .select(
            pl.col(ROW).cast(pl.Int64).alias("row"),
            pl.lit(column).alias("column"),
            (pl.col(column) if value is None else value)
            .cast(pl.String)
            .fill_null("")
            .alias("value"),
            pl.lit(reason).alias("reason"),
            pl.lit("").alias("detail"),
        )
        .collect()
    )


def sorted_problems(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort("row", "column", "reason", maintain_order=True)


def to_problems(frame: pl.DataFrame, limit: int | None = None) -> list[Problem]:
    frame = sorted_problems(frame)
    if limit is not None:
        frame = frame.head(limit)
    return [Problem(*row) for row in frame.iter_rows()]


def describe(problem: Problem, language: str, names: Mapping[str, str] | None = None) -> str:
    """One sentence: row, column, value and reason in ``language``; ``names`` maps a
    contract column to what to call it (the file's own header, or a translated label)."""
    return describe_parts(
        problem.row, problem.column, problem.value, problem.reason, problem.detail, language, names
    )


def reason_text(reason: str, detail: str, language: str, value: str = "") -> str:
    return text(reason, language, detail=detail, value=value)


def describe_parts(
    row: int,
    column: str,
    value: str,
    reason: str,
    detail: str,
    language: str,
    names: Mapping[str, str] | None = None,
) -> str:
    explained = reason_text(reason, detail, language, value)
    column = (names or {}).get(column, column)
    if reason in ABSENT_COLUMN_REASONS:
        return text("problem_column", language, column=column, reason=explained)
    if row == 0:
        return text("problem_file", language, reason=explained)
    if not column:
        return text("problem_row", language, row=row, reason=explained)
    return text("problem_at", language, row=row, column=column, value=value, reason=explained)


def report_frame(
    frame: pl.DataFrame, language: str, names: Mapping[str, str] | None = None
) -> pl.DataFrame:
    """Problems as a table for a person: row, column, value, reason in ``language``.

    ``names`` maps a contract column to what to call it (see ``describe``); a problem of
    the file as a whole, or of a column it lacks, has no row.
    """
    frame = sorted_problems(frame)
    reasons = [
        reason_text(reason, detail, language, value)
        for value, reason, detail in frame.select("value", "reason", "detail").iter_rows()
    ]
    no_row = (pl.col("row") == 0) | pl.col("reason").is_in(list(ABSENT_COLUMN_REASONS))
    return frame.select(
        pl.when(no_row).then(None).otherwise(pl.col("row")).alias(text("report_row", language)),
        pl.col("column")
        .replace_strict(dict(names or {}), default=pl.col("column"), return_dtype=pl.String)
        .alias(text("report_column", language)),
        pl.col("value").alias(text("report_value", language)),
        pl.Series(text("report_reason", language), reasons, dtype=pl.String),
    )

"""From the engine's aggregates to a metric family's rows.

SQL answers one row per period and group (``period_key``, ``group_key``); these helpers
join a family's aggregates into one row per group, zero what has no data, add each
period's days, and finish with the --by key columns first and money in cents, rounded once
(half away from zero) from the exact sums of the lake's four places.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from sales_dash import catalogue
from sales_dash.engine.db import run_query
from sales_dash.engine.scope import DIMENSIONS, Scope
from sales_dash.periods import split_months

KEYS = ["period_key", "group_key"]
MONEY = pl.Decimal(38, 2)


def ratio(numerator: str | pl.Expr, denominator: str | pl.Expr) -> pl.Expr:
    """numerator / denominator as a float, null when the denominator is 0 or null."""
    num = pl.col(numerator) if isinstance(numerator, str) else numerator
    den = pl.col(denominator) if isinstance(denominator, str) else denominator
    den = den.cast(pl.Float64)
    return pl.when(den.is_null() | (den == 0)).then(None).otherwise(num.cast(pl.Float64) / den)


def aggregate(scope: Scope, query: str, columns: list[str], **extra: object) -> pl.DataFrame:
    """``sql/<query>.sql`` over the scope (``extra`` overrides its parameters): the keys,
    then ``columns``."""
    frame = run_query(scope.lake, query, **{**scope.sql_params(), **extra})
    return frame.select(*KEYS, *columns)


def _outer(frames: list[pl.DataFrame]) -> pl.DataFrame:
    joined = frames[0]
    for frame in frames[1:]:
        joined = joined.join(frame, on=KEYS, how="full", coalesce=True, nulls_equal=True)
    return joined


def groups(scope: Scope, frames: list[pl.DataFrame], zero: list[str]) -> pl.DataFrame:
    """Join aggregates into one row per group; every period is a row for period groupings."""
    joined = _outer(frames)
    if scope.groups_by_period:
        skeleton = pl.DataFrame(
            {"period_key": [p.key for p in scope.periods], "group_key": [""] * len(scope.periods)}
        )
        joined = skeleton.join(joined, on=KEYS, how="left", nulls_equal=True)
    return joined.with_columns(pl.col(c).fill_null(pl.lit(0).cast(joined.schema[c])) for c in zero)


def with_period_facts(scope: Scope, frame: pl.DataFrame) -> pl.DataFrame:
    """Each row with its period's ``days`` and the ``elapsed`` days up to as-of."""
    facts = pl.DataFrame(
        {
            "period_key": [p.key for p in scope.periods],
            "days": [p.days for p in scope.periods],
            "elapsed": [p.elapsed_days(scope.as_of) for p in scope.periods],
        }
    )
    return frame.join(facts, on="period_key", how="left")


def with_loaded(scope: Scope, frame: pl.DataFrame, table: str, column: str) -> pl.DataFrame:
    """Each row with ``column``: whether ``table`` (visits, quotas, market) holds rows in a
    month its period touches, whatever the filters. Unknown is not zero: a period without
    any is unknown ("no quotas loaded"); one with some is zero for a group it lacks (a rep
    without a quota has quota 0, SPEC §5)."""
    counts = run_query(scope.lake, "table_months")
    months = set(counts.filter(pl.col("table_name") == table)["month"].to_list())
    flags = pl.DataFrame(
        {
            "period_key": [p.key for p in scope.periods],
            column: [
                any(m.key in months for m in split_months(p.start, p.end)) for p in scope.periods
            ],
        }
    )
    return frame.join(flags, on="period_key", how="left")


def _names(scope: Scope, query: str, key: str) -> pl.DataFrame:
    return run_query(scope.lake, query).rename({key: "group_key"})


EXACT_MONEY = catalogue.EXACT_MONEY
"""Money computed as exact floats (prorated targets, run-rate, averages): ratios use the
exact figure, and the result shows it rounded to the cent (``sales_dash.catalogue``)."""


def finish(scope: Scope, frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Round money to cents, put the --by key columns first, then ``columns``."""
    frame = frame.with_columns(
        pl.col(c).round(2, mode="half_away_from_zero").cast(MONEY)
        for c in EXACT_MONEY
        if c in frame.columns
    ).with_columns(
        # the lake's sums are exact to four places: rounded once, here, for the result
        pl.col(c).round(2, mode="half_away_from_zero").cast(MONEY)
        for c, kind in frame.schema.items()
        if isinstance(kind, pl.Decimal) and c in columns
    )
    if scope.by is None:
        return frame.select(columns)
    keys = list(DIMENSIONS[scope.by])
    if scope.by == "rep":
        frame = frame.join(_names(scope, "rep_names", "rep_id"), on="group_key", how="left")
    elif scope.by == "customer":
        frame = frame.join(
            _names(scope, "customer_names", "customer_id"), on="group_key", how="left"
        )
    if scope.by == "month":
        frame = frame.with_columns(month=pl.col("period_key"))
    elif scope.by == "week":
        frame = frame.with_columns(week=pl.col("period_key").str.to_date())
    else:
        frame = frame.with_columns(pl.col("group_key").alias(keys[0]))
    return frame.sort(keys[0], nulls_last=True).select(*keys, *columns)


def revenue_totals(scope: Scope, *extra: str) -> pl.DataFrame:
    """Sales per period and group (sql/order_totals.sql): revenue, and ``extra`` columns."""
    return aggregate(scope, "order_totals", ["revenue", *extra])


def with_line_coverage(scope: Scope, frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """``frame`` with order_totals' coverage ``columns`` (and ``lines``, and the revenue as
    ``booked_revenue``) of its own groups, joined without adding groups: null where a group
    has no booked line."""
    totals = revenue_totals(scope, "lines", *columns).rename({"revenue": "booked_revenue"})
    return frame.join(totals, on=KEYS, how="left", nulls_equal=True)


Part = tuple[bool, Callable[[], pl.DataFrame], list[str]]
"""One query of a family: whether the caller reads a column that needs it, how to read
it, and the columns it gives."""


def parts(scope: Scope, family: list[Part]) -> pl.DataFrame:
    """The groups of the parts of ``family`` the caller wants, their columns zero where a
    group has no data. The columns of the other parts are null, of the type they would
    have: their queries are not run. With none wanted, the first is read, for the groups."""
    read = [part for part in family if part[0]] or family[:1]
    frame = groups(scope, [get() for _, get, _ in read], [c for *_, cs in read for c in cs])
    skipped = [c for part in family if part not in read for c in part[2]]
    return frame.with_columns(pl.lit(None, _null_type(c)).alias(c) for c in skipped)


COUNTS = (
    *sorted(catalogue.names_of(catalogue.Kind.COUNT)),
    "previous_customers",
    "retained_customers",
    # how much of a scope is known (sales_dash.engine.unknowns)
    "expense_visits",
    "quota_rows",
    "budget_rows",
    "tracked_lines",
    "due_lines",
)


def _null_type(column: str) -> pl.DataType:
    """The type a column not computed takes, as it would if computed."""
    if column in COUNTS:
        return pl.Int64()
    return pl.Float64() if column in EXACT_MONEY else MONEY

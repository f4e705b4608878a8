"""The metric families of SPEC §5 and §6: one public function per family.

SQL (``sql/*.sql``) aggregates the lake per period and group; this module joins those
aggregates, applies the null rules, and computes the ratios in Polars. Money stays
Decimal to the cent; ratios are floats 0–1 (null when the denominator is 0 or null).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from sales_dash.db import run_query
from sales_dash.lake import Lake
from sales_dash.periods import add_months
from sales_dash.scope import DIMENSIONS, Filters, Scope, over_limit_facts
from sales_dash.settings import setting

KEYS = ["period_key", "group_key"]
MONEY = pl.Decimal(38, 2)


class MetricError(ValueError):
    """A request that cannot be answered (unknown metric, grouping not allowed, bad period)."""


def ratio(numerator: str | pl.Expr, denominator: str | pl.Expr) -> pl.Expr:
    """numerator / denominator as a float, null when the denominator is 0 or null."""
    num = pl.col(numerator) if isinstance(numerator, str) else numerator
    den = pl.col(denominator) if isinstance(denominator, str) else denominator
    den = den.cast(pl.Float64)
    return pl.when(den.is_null() | (den == 0)).then(None).otherwise(num.cast(pl.Float64) / den)


def _aggregate(scope: Scope, query: str, columns: list[str], **extra: object) -> pl.DataFrame:
    frame = run_query(scope.lake, query, **{**scope.sql_params(), **extra})
    return frame.select(*KEYS, *columns)


def _outer(frames: list[pl.DataFrame]) -> pl.DataFrame:
    joined = frames[0]
    for frame in frames[1:]:
        joined = joined.join(frame, on=KEYS, how="full", coalesce=True, nulls_equal=True)
    return joined


def _groups(scope: Scope, frames: list[pl.DataFrame], zero: list[str]) -> pl.DataFrame:
    """Join aggregates into one row per group; every period is a row for period groupings."""
    joined = _outer(frames)
    if scope.groups_by_period:
        skeleton = pl.DataFrame(
            {"period_key": [p.key for p in scope.periods], "group_key": [""] * len(scope.periods)}
        )
        joined = skeleton.join(joined, on=KEYS, how="left", nulls_equal=True)
    return joined.with_columns(pl.col(c).fill_null(pl.lit(0).cast(joined.schema[c])) for c in zero)


def _with_period_facts(scope: Scope, frame: pl.DataFrame) -> pl.DataFrame:
    facts = pl.DataFrame(
        {
            "period_key": [p.key for p in scope.periods],
            "days": [p.days for p in scope.periods],
            "elapsed": [p.elapsed_days(scope.as_of) for p in scope.periods],
        }
    )
    return frame.join(facts, on="period_key", how="left")


def _names(scope: Scope, query: str, key: str) -> pl.DataFrame:
    return run_query(scope.lake, query).rename({key: "group_key"})


EXACT_MONEY = ("quota", "expense_budget", "market_size", "forecast")
"""Money computed as exact floats (prorated targets, run-rate): ratios use the exact figure,
and the result shows it rounded to the cent."""


def _finish(scope: Scope, frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Round exact money to cents, put the --by key columns first, then ``columns``."""
    frame = frame.with_columns(
        pl.col(c).round(2).cast(MONEY) for c in EXACT_MONEY if c in frame.columns
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


def _revenue(scope: Scope, *extra: str) -> pl.DataFrame:
    return _aggregate(scope, "order_totals", ["revenue", *extra])


Part = tuple[bool, Callable[[], pl.DataFrame], list[str]]
"""One query of a family: whether the caller reads a column that needs it, how to read
it, and the columns it gives."""


def _parts(scope: Scope, parts: list[Part]) -> pl.DataFrame:
    """The groups of the parts the caller wants, their columns zero where a group has no
    data. The columns of the other parts are null, of their own type (``_null_type``):
    their queries are not run. With none wanted, the first is read, for the groups."""
    read = [part for part in parts if part[0]] or parts[:1]
    frame = _groups(scope, [get() for _, get, _ in read], [c for *_, cs in read for c in cs])
    skipped = [c for part in parts if part not in read for c in part[2]]
    return frame.with_columns(pl.lit(None, _null_type(c)).alias(c) for c in skipped)


COUNTS = ("new_customers", "previous_customers", "retained_customers", "visits")


def _null_type(column: str) -> pl.DataType:
    """The type a column not computed takes, as it would if computed."""
    if column in COUNTS:
        return pl.Int64()
    return pl.Float64() if column in EXACT_MONEY else MONEY


def attainment(scope: Scope) -> pl.DataFrame:
    """达成率: revenue against prorated quota, time progress, pacing and run-rate forecast."""
    both = ["attainment", "pacing_gap", "forecast_attainment"]
    frame = _parts(
        scope,
        [
            (scope.wants(["revenue", "forecast", *both]), lambda: _revenue(scope), ["revenue"]),
            (
                scope.filters.targets_apply and scope.wants(["quota", *both]),
                lambda: _aggregate(scope, "target_totals", ["quota"]),
                ["quota"],
            ),
        ],
    )
    frame = _with_period_facts(scope, frame).with_columns(
        attainment=ratio("revenue", "quota"),
        time_progress=pl.col("elapsed") / pl.col("days"),
        forecast=pl.when(pl.col("elapsed") > 0).then(
            pl.col("revenue").cast(pl.Float64) / pl.col("elapsed") * pl.col("days")
        ),
    )
    frame = frame.with_columns(
        pacing_gap=pl.col("attainment") - pl.col("time_progress"),
        forecast_attainment=ratio("forecast", "quota"),
    )
    return _finish(scope, frame, METRICS["attainment"].columns)


def margin(scope: Scope) -> pl.DataFrame:
    """毛利率: gross profit over revenue."""
    frame = _groups(scope, [_revenue(scope, "cost")], zero=["revenue", "cost"])
    frame = frame.with_columns(gross_profit=pl.col("revenue") - pl.col("cost"))
    frame = frame.with_columns(gross_margin=ratio("gross_profit", "revenue"))
    return _finish(scope, frame, METRICS["margin"].columns)


AGING = ["outstanding", "not_due", "d1_30", "d31_60", "d61_90", "d90_plus"]
RATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "collection": ("due_amount", "collected", "collection_rate"),
}
"""Family -> its columns but those needing a query of their own (collection's aging):
``columns=`` for callers that read only the rates, as the KPI tiles and alerts do."""


def _aging(scope: Scope) -> pl.DataFrame:
    """Receivables at as-of: a snapshot, the same for every period of the scope."""
    aging = run_query(scope.lake, "receivables_aging", **scope.sql_params())
    periods = pl.DataFrame({"period_key": [p.key for p in scope.periods]})
    return aging.join(periods, how="cross").select(*KEYS, *AGING)


def collection(scope: Scope) -> pl.DataFrame:
    """回款率 for lines due in the period, and the aging of receivables at as_of."""
    frame = _parts(
        scope,
        [
            (
                scope.wants(RATE_COLUMNS["collection"]),
                lambda: _aggregate(scope, "collection_due", ["due_amount", "collected"]),
                ["due_amount", "collected"],
            ),
            (scope.wants(AGING), lambda: _aging(scope), AGING),
        ],
    )
    frame = frame.with_columns(collection_rate=ratio("collected", "due_amount"))
    return _finish(scope, frame, METRICS["collection"].columns)


def expense(scope: Scope) -> pl.DataFrame:
    """费用率 (expense / revenue) and 费用使用率 (expense / prorated budget)."""
    visits, targets = scope.filters.visits_apply, scope.filters.targets_apply
    frame = _parts(
        scope,
        [
            (scope.wants(["revenue", "expense_ratio"]), lambda: _revenue(scope), ["revenue"]),
            (
                visits and scope.wants(["expense", "expense_ratio", "budget_usage"]),
                lambda: _aggregate(scope, "visit_totals", ["expense"]),
                ["expense"],
            ),
            (
                targets and scope.wants(["expense_budget", "budget_usage"]),
                lambda: _aggregate(scope, "target_totals", ["expense_budget"]),
                ["expense_budget"],
            ),
        ],
    )
    frame = frame.with_columns(
        expense_ratio=ratio("expense", "revenue"),
        budget_usage=ratio("expense", "expense_budget"),
    )
    return _finish(scope, frame, METRICS["expense"].columns)


def market_share(scope: Scope) -> pl.DataFrame:
    """市场占有率: revenue over the prorated market size of the scope's regions/categories."""
    split = scope.by == "category" or bool(scope.filters.categories)
    frame = _parts(
        scope,
        [
            (scope.wants(["revenue", "market_share"]), lambda: _revenue(scope), ["revenue"]),
            (
                scope.wants(["market_size", "market_share"]),
                lambda: _aggregate(scope, "market_totals", ["market_size"], split_categories=split),
                ["market_size"],
            ),
        ],
    )
    frame = frame.with_columns(market_share=ratio("revenue", "market_size"))
    return _finish(scope, frame, METRICS["market_share"].columns)


DIMENSION_COLUMN = {
    "region": "region",
    "rep": "rep_id",
    "category": "category",
    "product": "product",
    "customer": "customer_id",
}


def new_customer_lines(scope: Scope) -> pl.DataFrame:
    """The first booked line of each customer new in a period, with that period's key.

    A customer is new in the period holding its first booked line in the whole lake (up
    to as-of), attributed to that line's region, rep, category and product, which the
    filters also apply to.
    """
    firsts = run_query(scope.lake, "customer_first_lines")
    for column, wanted in scope.filters.by_column().items():
        if wanted:
            firsts = firsts.filter(pl.col(column).is_in(list(wanted)))
    periods = pl.DataFrame(
        {
            "period_key": [p.key for p in scope.periods],
            "period_start": [p.start for p in scope.periods],
            "period_end": [scope.flow_end(p) for p in scope.periods],
        }
    )
    return firsts.join_where(
        periods,
        pl.col("order_date") >= pl.col("period_start"),
        pl.col("order_date") <= pl.col("period_end"),
    ).drop("period_start", "period_end")


def _new_customers(scope: Scope) -> pl.DataFrame:
    """How many customers are new in each period, by the group of their first line."""
    key = DIMENSION_COLUMN.get(scope.sql_by)
    return (
        new_customer_lines(scope)
        .with_columns(group_key=pl.col(key) if key else pl.lit(""))
        .group_by(KEYS)
        .agg(new_customers=pl.len().cast(pl.Int64))
    )


def activity(scope: Scope) -> pl.DataFrame:
    """Visits (and per week), new customers and retention: the input side of a rep's work.
    Visits carry no product, so under a category or product filter they are null."""
    retention = ["previous_customers", "retained_customers"]
    frame = _parts(
        scope,
        [
            (scope.wants(["new_customers"]), lambda: _new_customers(scope), ["new_customers"]),
            (
                scope.wants([*retention, "retention_rate"]),
                lambda: _aggregate(
                    scope, "retention", retention, facts=scope.filters.customer_facts
                ),
                retention,
            ),
            (
                scope.filters.visits_apply and scope.wants(["visits", "visits_per_week"]),
                lambda: _aggregate(scope, "visit_totals", ["visits"]),
                ["visits"],
            ),
        ],
    )
    frame = _with_period_facts(scope, frame).with_columns(
        visits_per_week=pl.col("visits") / (pl.col("days") / 7),
        retention_rate=ratio("retained_customers", "previous_customers"),
    )
    return _finish(scope, frame, METRICS["activity"].columns)


def over_authority(scope: Scope) -> pl.DataFrame:
    """Lines discounted beyond the limit: how many, and their revenue."""
    frame = _aggregate(
        scope,
        "over_authority",
        ["over_lines", "over_revenue"],
        facts=over_limit_facts(scope.discount_limit),
    )
    if not scope.groups_by_period:
        frame = frame.filter(pl.col("over_lines") > 0)
    frame = _groups(scope, [frame], zero=["over_lines", "over_revenue"])
    frame = frame.rename({"over_lines": "lines", "over_revenue": "revenue"})
    return _finish(scope, frame, METRICS["over_authority"].columns)


ABC_LIMITS = (("A", 70), ("B", 90))
"""Class -> the cumulative revenue share (percent) up to which a customer is in it."""


def customer_abc(scope: Scope) -> pl.DataFrame:
    """ABC classes: customers by cumulative revenue share; D = lapsed within the last year."""
    revenue = run_query(
        scope.lake,
        "customer_revenue",
        start=scope.start,
        end=min(scope.end, scope.as_of),
        lookback_start=add_months(scope.start, -12),
        facts=scope.filters.customer_facts,
        **scope.filters.sql_params(),
    )
    ranked = revenue.filter(pl.col("revenue") > 0).sort(
        ["revenue", "customer_id"], descending=[True, False]
    )
    total = ranked["revenue"].sum()
    cumulative = pl.col("revenue").cum_sum()
    share = pl.col("revenue").cast(pl.Float64) / float(total) if total else pl.lit(None)
    ranked = ranked.with_columns(
        revenue_share=share.cast(pl.Float64),
        cumulative_share=(
            (cumulative.cast(pl.Float64) / float(total)) if total else pl.lit(None)
        ).cast(pl.Float64),
    )
    # Compare in exact decimals: cumulative / total <= limit  <=>  cumulative * 100 <= total * pct
    classes = pl.lit("C")
    for label, percent in reversed(ABC_LIMITS):
        within = cumulative * 100 <= pl.lit(total) * percent
        classes = pl.when(within).then(pl.lit(label)).otherwise(classes)
    ranked = ranked.with_columns(abc_class=classes)
    lapsed = revenue.filter(
        (pl.col("revenue") <= 0) & (pl.col("revenue_year_before") > 0)
    ).with_columns(
        revenue_share=pl.lit(None, pl.Float64),
        cumulative_share=pl.lit(None, pl.Float64),
        abc_class=pl.lit("D"),
    )
    columns = ["customer_id", "revenue", "revenue_share", "cumulative_share", "abc_class"]
    result = pl.concat([ranked.select(columns), lapsed.sort("customer_id").select(columns)])
    names = run_query(scope.lake, "customer_names")
    return result.join(names, on="customer_id", how="left", maintain_order="left").select(
        "customer_id", "customer_name", *columns[1:]
    )


@dataclass(frozen=True)
class Metric:
    name: str
    columns: list[str]
    groupings: tuple[str, ...]
    compute: Callable[[Scope], pl.DataFrame]
    queries: tuple[str, ...]
    """The sql/ files it reads (the benchmark runs them bare, for comparison)."""


_TARGET_GROUPINGS = ("region", "rep", "month", "week")
_LINE_GROUPINGS = ("region", "rep", "category", "product", "customer", "month", "week")

METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric(
            "attainment",
            [
                "revenue",
                "quota",
                "attainment",
                "time_progress",
                "pacing_gap",
                "forecast",
                "forecast_attainment",
            ],
            _TARGET_GROUPINGS,
            attainment,
            ("order_totals", "target_totals"),
        ),
        Metric(
            "margin",
            ["revenue", "cost", "gross_profit", "gross_margin"],
            _LINE_GROUPINGS,
            margin,
            ("order_totals",),
        ),
        Metric(
            "collection",
            ["due_amount", "collected", "collection_rate", *AGING],
            _LINE_GROUPINGS,
            collection,
            ("collection_due", "receivables_aging"),
        ),
        Metric(
            "expense",
            ["expense", "revenue", "expense_ratio", "expense_budget", "budget_usage"],
            _TARGET_GROUPINGS,
            expense,
            ("order_totals", "visit_totals", "target_totals"),
        ),
        Metric(
            "market_share",
            ["revenue", "market_size", "market_share"],
            ("region", "category", "month"),
            market_share,
            ("order_totals", "market_totals"),
        ),
        Metric(
            "activity",
            ["visits", "visits_per_week", "new_customers", "retention_rate"],
            _TARGET_GROUPINGS,
            activity,
            ("customer_first_lines", "retention", "visit_totals"),
        ),
        Metric(
            "over_authority",
            ["lines", "revenue"],
            _LINE_GROUPINGS,
            over_authority,
            ("over_authority",),
        ),
        Metric(
            "abc",
            [
                "customer_id",
                "customer_name",
                "revenue",
                "revenue_share",
                "cumulative_share",
                "abc_class",
            ],
            (),
            customer_abc,
            ("customer_revenue", "customer_names"),
        ),
    )
}


def default_as_of(lake: Lake) -> dt.date | None:
    """SPEC §5: the latest order_date of a booked line (not today); None for no orders."""
    return run_query(lake, "latest_order_date")["latest"][0]


def compute_metric(
    lake: Lake,
    name: str,
    start: dt.date,
    end: dt.date,
    as_of: dt.date | None = None,
    by: str | None = None,
    filters: Filters | None = None,
    discount_limit: float | None = None,
    columns: Iterable[str] | None = None,
) -> pl.DataFrame:
    """One metric family over ``[start, end]`` (inclusive), optionally grouped ``by``.

    ``columns`` names the columns the caller reads: the others may come back null when
    only they need a query of their own (collection's aging).
    """
    metric = METRICS.get(name)
    if metric is None:
        raise MetricError("unknown_metric", name, ", ".join(METRICS))
    wanted = None if columns is None else frozenset(columns)
    if wanted is not None and not wanted <= set(metric.columns):
        raise ValueError(f"{name} has no column {sorted(wanted - set(metric.columns))}")
    if by is not None and by not in metric.groupings:
        raise MetricError("grouping_not_allowed", by, name, ", ".join(metric.groupings) or "—")
    if start > end:
        raise MetricError("period_reversed", start.isoformat(), end.isoformat())
    scope = Scope(
        lake=lake,
        start=start,
        end=end,
        as_of=as_of or default_as_of(lake) or end,
        by=by,
        filters=filters or Filters(),
        discount_limit=float(
            setting("discount_limit") if discount_limit is None else discount_limit
        ),
        columns=wanted,
    )
    return metric.compute(scope)

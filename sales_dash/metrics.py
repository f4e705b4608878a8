"""The metric families of SPEC §5 and §6: one public function per family.

SQL (``sql/*.sql``) aggregates the lake per period and group; each family joins its
aggregates (``sales_dash.aggregates``), applies the null rules, and computes the ratios in
Polars. The ABC classes of customers are ``sales_dash.customer_classes``. Money stays
Decimal to the cent; ratios are floats 0–1 (null when the denominator is 0 or null).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from sales_dash.aggregates import (
    KEYS,
    aggregate,
    finish,
    groups,
    parts,
    ratio,
    revenue_totals,
    with_period_facts,
)
from sales_dash.customer_classes import customer_abc
from sales_dash.db import run_query
from sales_dash.lake import Lake
from sales_dash.scope import Filters, Scope, over_limit_facts
from sales_dash.settings import setting


class MetricError(ValueError):
    """A request that cannot be answered (unknown metric, grouping not allowed, bad period)."""


def attainment(scope: Scope) -> pl.DataFrame:
    """达成率: revenue against prorated quota, time progress, pacing and run-rate forecast."""
    both = ["attainment", "pacing_gap", "forecast_attainment"]
    frame = parts(
        scope,
        [
            (
                scope.wants(["revenue", "forecast", *both]),
                lambda: revenue_totals(scope),
                ["revenue"],
            ),
            (
                scope.filters.targets_apply and scope.wants(["quota", *both]),
                lambda: aggregate(scope, "target_totals", ["quota"]),
                ["quota"],
            ),
        ],
    )
    frame = with_period_facts(scope, frame).with_columns(
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
    return finish(scope, frame, METRICS["attainment"].columns)


def margin(scope: Scope) -> pl.DataFrame:
    """毛利率: gross profit over revenue."""
    frame = groups(scope, [revenue_totals(scope, "cost")], zero=["revenue", "cost"])
    frame = frame.with_columns(gross_profit=pl.col("revenue") - pl.col("cost"))
    frame = frame.with_columns(gross_margin=ratio("gross_profit", "revenue"))
    return finish(scope, frame, METRICS["margin"].columns)


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
    frame = parts(
        scope,
        [
            (
                scope.wants(RATE_COLUMNS["collection"]),
                lambda: aggregate(scope, "collection_due", ["due_amount", "collected"]),
                ["due_amount", "collected"],
            ),
            (scope.wants(AGING), lambda: _aging(scope), AGING),
        ],
    )
    frame = frame.with_columns(collection_rate=ratio("collected", "due_amount"))
    return finish(scope, frame, METRICS["collection"].columns)


def expense(scope: Scope) -> pl.DataFrame:
    """费用率 (expense / revenue) and 费用使用率 (expense / prorated budget)."""
    visits, targets = scope.filters.visits_apply, scope.filters.targets_apply
    frame = parts(
        scope,
        [
            (scope.wants(["revenue", "expense_ratio"]), lambda: revenue_totals(scope), ["revenue"]),
            (
                visits and scope.wants(["expense", "expense_ratio", "budget_usage"]),
                lambda: aggregate(scope, "visit_totals", ["expense"]),
                ["expense"],
            ),
            (
                targets and scope.wants(["expense_budget", "budget_usage"]),
                lambda: aggregate(scope, "target_totals", ["expense_budget"]),
                ["expense_budget"],
            ),
        ],
    )
    frame = frame.with_columns(
        expense_ratio=ratio("expense", "revenue"),
        budget_usage=ratio("expense", "expense_budget"),
    )
    return finish(scope, frame, METRICS["expense"].columns)


def market_share(scope: Scope) -> pl.DataFrame:
    """市场占有率: revenue over the prorated market size of the scope's regions/categories."""
    split = scope.by == "category" or bool(scope.filters.categories)
    frame = parts(
        scope,
        [
            (scope.wants(["revenue", "market_share"]), lambda: revenue_totals(scope), ["revenue"]),
            (
                scope.wants(["market_size", "market_share"]),
                lambda: aggregate(scope, "market_totals", ["market_size"], split_categories=split),
                ["market_size"],
            ),
        ],
    )
    frame = frame.with_columns(market_share=ratio("revenue", "market_size"))
    return finish(scope, frame, METRICS["market_share"].columns)


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
    frame = parts(
        scope,
        [
            (scope.wants(["new_customers"]), lambda: _new_customers(scope), ["new_customers"]),
            (
                scope.wants([*retention, "retention_rate"]),
                lambda: aggregate(
                    scope, "retention", retention, facts=scope.filters.customer_facts
                ),
                retention,
            ),
            (
                scope.filters.visits_apply and scope.wants(["visits", "visits_per_week"]),
                lambda: aggregate(scope, "visit_totals", ["visits"]),
                ["visits"],
            ),
        ],
    )
    frame = with_period_facts(scope, frame).with_columns(
        visits_per_week=pl.col("visits") / (pl.col("days") / 7),
        retention_rate=ratio("retained_customers", "previous_customers"),
    )
    return finish(scope, frame, METRICS["activity"].columns)


def over_authority(scope: Scope) -> pl.DataFrame:
    """Lines discounted beyond the limit: how many, and their revenue."""
    frame = aggregate(
        scope,
        "over_authority",
        ["over_lines", "over_revenue"],
        facts=over_limit_facts(scope.discount_limit),
    )
    if not scope.groups_by_period:
        frame = frame.filter(pl.col("over_lines") > 0)
    frame = groups(scope, [frame], zero=["over_lines", "over_revenue"])
    frame = frame.rename({"over_lines": "lines", "over_revenue": "revenue"})
    return finish(scope, frame, METRICS["over_authority"].columns)


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

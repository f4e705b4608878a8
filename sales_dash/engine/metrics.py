"""The metric families of SPEC §5 and §6: one public function per family.

SQL (``sql/*.sql``) aggregates the lake per period and group; each family joins its
aggregates (``sales_dash.engine.aggregates``), applies the null rules, and computes the ratios in
Polars. The ABC classes of customers are ``sales_dash.engine.customer_classes``. Money is summed
exactly at the lake's four places and returned as Decimal rounded to the cent; ratios are
floats 0–1 (null when the denominator is 0 or null).

Unknown is not zero (``sales_dash.engine.unknowns``, docs/metrics.md): a metric whose inputs the
uploads did not carry is null, one whose inputs are partly known covers the known part, and
``coverage=True`` adds the coverage columns that say which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields

import polars as pl

from sales_dash.catalogue import CATALOGUE, QUOTIENTS, family_columns
from sales_dash.engine.aggregates import (
    KEYS,
    aggregate,
    finish,
    groups,
    parts,
    ratio,
    revenue_totals,
    with_line_coverage,
    with_loaded,
    with_period_facts,
)
from sales_dash.engine.customer_classes import customer_abc
from sales_dash.engine.db import RESULT_CACHE_MAX_ROWS, run_query
from sales_dash.engine.grain import (
    customer_facts,
    discount_facts,
    order_count_facts,
    orders_add_up,
    over_limit_facts,
)
from sales_dash.engine.results import RESULTS, result_key
from sales_dash.engine.scope import Scope
from sales_dash.engine.unknowns import COVERAGE, coverage, unknown_where
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from sales_dash.periods import flow_end
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
    # no quota row in the lake for the period: unknown, not 0 ("no quotas loaded")
    frame = with_loaded(scope, frame, "quotas", "quotas_loaded")
    frame = frame.with_columns(
        *unknown_where(~pl.col("quotas_loaded"), ["quota"], frame),
        quota_coverage=_known_flag("quotas_loaded", scope.filters.targets_apply),
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
    return finish(scope, frame, _columns(scope, "attainment"))


def _columns(scope: Scope, name: str) -> list[str]:
    """A family's columns, then its coverage columns when the caller asks for them."""
    return [*METRICS[name].columns, *(COVERAGE.get(name, ()) if scope.coverage else ())]


def _known_flag(loaded: str, applies: bool = True) -> pl.Expr:
    """A coverage of 1 or 0 from a loaded flag; null where the targets do not apply."""
    return pl.lit(None, pl.Float64) if not applies else pl.col(loaded).cast(pl.Float64)


def margin(scope: Scope) -> pl.DataFrame:
    """毛利率: gross profit over revenue, of the lines whose cost is known."""
    known = ["costed_revenue", "costed_lines", "lines"]
    frame = groups(scope, [revenue_totals(scope, "cost", *known)], zero=["revenue", *known])
    frame = frame.with_columns(
        cost_coverage=coverage("costed_revenue", "revenue", "costed_lines", "lines"),
        cost=pl.col("cost").fill_null(pl.lit(0).cast(frame.schema["cost"])),
    )
    # no cost known in the group: unknown, not 0; the profit and margin from that cost in
    # the same step (a step on a frame of a few rows costs a query plan; branch marg)
    (cost,) = unknown_where(pl.col("cost_coverage") == 0, ["cost"], frame)
    gross_profit = pl.col("costed_revenue") - cost
    frame = frame.with_columns(
        cost,
        gross_profit=gross_profit,
        gross_margin=ratio(gross_profit, "costed_revenue"),
    )
    return finish(scope, frame, _columns(scope, "margin"))


AGING = ["outstanding", "not_due", "d1_30", "d31_60", "d61_90", "d90_plus"]
RATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "collection": tuple(c for c in family_columns("collection") if c not in AGING),
}
"""Family -> its columns but those needing a query of their own (collection's aging):
``columns=`` for callers that read only the rates, as the KPI tiles and alerts do."""


def _per_period(scope: Scope, snapshot: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """A snapshot at as-of (no period) repeated for every period of the scope."""
    periods = pl.DataFrame({"period_key": [p.key for p in scope.periods]})
    return snapshot.join(periods, how="cross").select(*KEYS, *columns)


def _aging(scope: Scope) -> pl.DataFrame:
    """Receivables at as-of: a snapshot, the same for every period of the scope."""
    aging = run_query(scope.lake, "receivables_aging", **scope.sql_params())
    return _per_period(scope, aging, AGING)


DUE = ["due_amount", "collected", "due_revenue", "tracked_lines", "due_lines"]
TRACKED = ["booked_lines", "snapshot_tracked_lines"]


def _receivable_coverage(scope: Scope, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with ``receivable_coverage``: the share of the lines booked up to as-of
    that carry payment data, per group (a snapshot, as aging is).

    Where every line of the lake carries payment data, it is 1 for every group without
    reading the snapshot (which scans the whole history of the scope)."""
    if run_query(scope.lake, "untracked_lines")["untracked_lines"][0] == 0:
        return frame.with_columns(receivable_coverage=pl.lit(1.0))
    lines = _payment_lines(scope)
    # the snapshot joins the groups found, adding none
    frame = frame.join(lines, on=KEYS, how="left", nulls_equal=True)
    known, booked = "snapshot_tracked_lines", "booked_lines"
    return frame.with_columns(receivable_coverage=coverage(known, booked, known, booked))


def _payment_lines(scope: Scope) -> pl.DataFrame:
    """Per period and group, the booked lines and those tracked: at as-of, or with
    ``at_period_ends`` at each period's end (its as-of: branch ledger, issue 15)."""
    renamed = {"tracked_lines": "snapshot_tracked_lines"}
    if not scope.at_period_ends:
        lines = run_query(scope.lake, "payment_lines", **scope.sql_params()).rename(renamed)
        return _per_period(scope, lines, TRACKED)
    return pl.concat(
        run_query(scope.lake, "payment_lines", **{**scope.sql_params(), "as_of": end})
        .rename(renamed)
        .select(pl.lit(period.key).alias("period_key"), *KEYS[1:], *TRACKED)
        for period in scope.periods
        for end in [scope.flow_end(period)]
    )


def _receipt_basis(scope: Scope, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with ``receipt_basis`` when the caller asks for coverage: the share, 0–1,
    of the group's lines with payment information (booked up to as-of, a snapshot) that
    are settled by receipts rather than by their own paid columns (docs/receipts.md); null
    where the group has no such line, or the lake no receipt (nothing then to tell apart)."""
    if not scope.coverage:
        return frame
    # a lookup kept per data version: a lake without receipts reads no lines here
    if run_query(scope.lake, "collection_sources")["receipt_customers"][0] == 0:
        return frame.with_columns(receipt_basis=pl.lit(None, pl.Float64))
    lines = run_query(scope.lake, "receipt_lines", **scope.sql_params())
    counts = ["basis_paid_lines", "basis_receipt_lines"]
    lines = lines.rename({"paid_lines": counts[0], "receipt_lines": counts[1]})
    frame = frame.join(_per_period(scope, lines, counts), on=KEYS, how="left", nulls_equal=True)
    paid, by_receipts = (pl.col(c).cast(pl.Float64) for c in counts)
    return frame.with_columns(receipt_basis=pl.when(paid > 0).then(by_receipts / paid))


def collection(scope: Scope) -> pl.DataFrame:
    """回款率 for lines due in the period, and the aging of receivables at as_of, over the
    lines whose file carried payment data (paid_amount); unknown where none did."""
    frame = parts(
        scope,
        [
            (
                scope.wants(RATE_COLUMNS["collection"]),
                lambda: aggregate(scope, "collection_due", DUE),
                DUE,
            ),
            (scope.wants(AGING), lambda: _aging(scope), AGING),
        ],
    )
    frame = _receivable_coverage(scope, frame).with_columns(
        payment_coverage=coverage("due_amount", "due_revenue", "tracked_lines", "due_lines")
    )
    # no line up to as-of carries payment data: every collection figure is unknown
    no_payments = pl.col("receivable_coverage") == 0
    frame = frame.with_columns(
        *unknown_where(
            no_payments | (pl.col("payment_coverage") == 0), RATE_COLUMNS["collection"][:2], frame
        ),
        *unknown_where(no_payments, AGING, frame),
    ).with_columns(collection_rate=ratio("collected", "due_amount"))
    frame = _receipt_basis(scope, frame)
    return finish(scope, frame, _columns(scope, "collection"))


CASH = ["cash_collected", "collection_days", "dso"]
DAYS = ["dated_amount", "amount_days"]
DSO = ["outstanding_at_end", "trailing_revenue"]
DSO_DAYS = 90
"""DSO is the receivables at the period end in days of the trailing 90 days' sales."""


def cash(scope: Scope) -> pl.DataFrame:
    """回款额 (money received in the period), 回款周期 (amount-weighted days from order to
    payment of that money) and DSO (receivables at the period end over the trailing 90
    days' revenue × 90), from the receipts as applied (docs/receipts.md)."""
    receipts = scope.filters.receipts_apply
    frame = parts(
        scope,
        [
            (
                receipts and scope.wants(["cash_collected"]),
                lambda: aggregate(scope, "cash_collected", ["cash_collected"]),
                ["cash_collected"],
            ),
            (
                scope.wants(["collection_days"]),
                lambda: aggregate(scope, "collection_days", DAYS),
                DAYS,
            ),
            (scope.wants(["dso"]), lambda: aggregate(scope, "dso", DSO), DSO),
        ],
    )
    frame = _receivable_coverage(scope, frame).with_columns(
        # receipts carry no category or product: money received cannot be split by them
        cash_coverage=pl.lit(1.0 if receipts else 0.0)
    )
    # no line up to as-of carries payment information: every figure is unknown
    no_payments = pl.col("receivable_coverage") == 0
    frame = frame.with_columns(
        *unknown_where(no_payments | ~pl.lit(receipts), ["cash_collected"], frame),
        *unknown_where(no_payments, [*DAYS, *DSO], frame),
    ).with_columns(
        collection_days=ratio("amount_days", "dated_amount"),
        dso=ratio("outstanding_at_end", "trailing_revenue") * DSO_DAYS,
    )
    frame = _receipt_basis(scope, frame)
    return finish(scope, frame, _columns(scope, "cash"))


def expense(scope: Scope) -> pl.DataFrame:
    """费用率 (expense / revenue) and 费用使用率 (expense / prorated budget)."""
    visits, targets = scope.filters.visits_apply, scope.filters.targets_apply
    frame = parts(
        scope,
        [
            (scope.wants(["revenue", "expense_ratio"]), lambda: revenue_totals(scope), ["revenue"]),
            (
                visits and scope.wants(["expense", "expense_ratio", "budget_usage"]),
                lambda: aggregate(scope, "visit_totals", ["expense", "visits", "expense_visits"]),
                ["expense", "visits", "expense_visits"],
            ),
            (
                targets and scope.wants(["expense_budget", "budget_usage"]),
                lambda: aggregate(
                    scope, "target_totals", ["expense_budget", "quota_rows", "budget_rows"]
                ),
                ["expense_budget", "quota_rows", "budget_rows"],
            ),
        ],
    )
    frame = with_loaded(scope, frame, "visits", "visits_loaded")
    frame = with_loaded(scope, frame, "quotas", "quotas_loaded")
    frame = frame.with_columns(
        visit_coverage=_known_flag("visits_loaded", visits),
        expense_coverage=coverage("expense_visits", "visits", "expense_visits", "visits"),
        budget_coverage=pl.when(pl.col("quotas_loaded") | ~pl.lit(targets))
        .then(coverage("budget_rows", "quota_rows", "budget_rows", "quota_rows"))
        .otherwise(0.0),
    )
    frame = frame.with_columns(
        # no visits loaded for the period, or none of the scope's visits carries an expense
        *unknown_where(
            ~pl.col("visits_loaded") | (pl.col("expense_coverage") == 0), ["expense"], frame
        ),
        # no quotas loaded, or none of the scope's quotas carries a budget
        *unknown_where(pl.col("budget_coverage") == 0, ["expense_budget"], frame),
    )
    frame = frame.with_columns(
        expense_ratio=ratio("expense", "revenue"),
        # a budget known for some quota rows only is not the budget of the scope's expense
        budget_usage=pl.when(pl.col("budget_coverage").fill_null(1.0) < 1)
        .then(None)
        .otherwise(ratio("expense", "expense_budget")),
    )
    return finish(scope, frame, _columns(scope, "expense"))


def market_share(scope: Scope) -> pl.DataFrame:
    """市场占有率: revenue over the market size of the scope's regions/categories, both up to
    the flow end: the market prorated to the same days as the sales (sql/market_totals.sql)."""
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
    # no market row in the lake for the period: unknown, not 0 ("no market sizes loaded")
    frame = with_loaded(scope, frame, "market", "market_loaded")
    frame = frame.with_columns(
        *unknown_where(~pl.col("market_loaded"), ["market_size"], frame),
        market_coverage=_known_flag("market_loaded"),
    )
    frame = frame.with_columns(market_share=ratio("revenue", "market_size"))
    return finish(scope, frame, _columns(scope, "market_share"))


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
                    scope, "retention", retention, facts=customer_facts(scope.filters)
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
    frame = with_loaded(scope, frame, "visits", "visits_loaded")
    frame = with_line_coverage(scope, frame, "identified_revenue", "identified_lines")
    frame = frame.with_columns(
        visit_coverage=_known_flag("visits_loaded", scope.filters.visits_apply),
        customer_coverage=coverage(
            "identified_revenue", "booked_revenue", "identified_lines", "lines"
        ),
    )
    customers = ["new_customers", *retention]
    frame = frame.with_columns(
        *unknown_where(~pl.col("visits_loaded"), ["visits"], frame),
        # no line of the group names its customer: customer metrics are unknown, not 0
        *unknown_where(pl.col("customer_coverage") == 0, customers, frame),
    )
    frame = with_period_facts(scope, frame).with_columns(
        visits_per_week=pl.col("visits") / (pl.col("days") / 7),
        retention_rate=ratio("retained_customers", "previous_customers"),
    )
    return finish(scope, frame, _columns(scope, "activity"))


def _over_limit_totals(scope: Scope) -> pl.DataFrame:
    """The lines beyond the limit per period and group, and their revenue.

    Ungrouped (one period, one row), the over-limit side of the scope's discount histogram
    (sql/discount_distribution.sql, which holds exactly over_authority.sql's lines): the
    margin page shows that histogram for the same view, so its tiles cost no query of
    their own, a DuckDB plan of 2-3 ms per view on a small lake (branch marg)."""
    if scope.by is not None:
        facts = over_limit_facts(scope.discount_limit)
        return aggregate(scope, "over_authority", ["over_lines", "over_revenue"], facts=facts)
    facts = discount_facts(scope.filters, scope.discount_limit)
    histogram = run_query(
        scope.lake, "discount_distribution", **{**scope.sql_params(), "facts": facts}
    )
    over = pl.col("over_limit").fill_null(False)  # null: a line of unknown discount
    return histogram.select(
        period_key=pl.lit(scope.periods[0].key),
        group_key=pl.lit(""),
        over_lines=pl.col("lines").filter(over).sum(),
        over_revenue=pl.col("revenue").filter(over).sum(),
    )


def over_authority(scope: Scope) -> pl.DataFrame:
    """Lines discounted beyond the limit: how many, and their revenue."""
    frame = _over_limit_totals(scope)
    if not scope.groups_by_period:
        frame = frame.filter(pl.col("over_lines") > 0)
    frame = groups(scope, [frame], zero=["over_lines", "over_revenue"])
    frame = with_line_coverage(scope, frame, "discount_lines")
    # lines of unknown discount are not 0 % lines: the count covers the known ones
    discount_coverage = coverage("discount_lines", "lines", "discount_lines", "lines")
    over = unknown_where(discount_coverage == 0, ["over_lines", "over_revenue"], frame)
    # one step where four were: each step on a frame of a few rows costs a query plan,
    # more than its arithmetic (branch marg)
    frame = frame.select(
        *KEYS,
        *(column.alias(name) for column, name in zip(over, ["lines", "revenue"], strict=True)),
        discount_coverage=discount_coverage,
    )
    return finish(scope, frame, _columns(scope, "over_authority"))


AVERAGE_COUNTS = ["orders", "reps", "rep_revenue"]


def averages(scope: Scope) -> pl.DataFrame:
    """客单价 and 人均销售额, and every other quotient the catalogue declares for this
    family, over the orders and reps that sold in the period (sql/order_counts.sql)."""
    additive = orders_add_up(scope.lake, scope.start, flow_end(scope.end, scope.as_of))
    facts = order_count_facts(scope.by, scope.filters, additive)
    frame = groups(
        scope,
        [revenue_totals(scope), aggregate(scope, "order_counts", AVERAGE_COUNTS, facts=facts)],
        zero=["revenue", *AVERAGE_COUNTS],
    )
    frame = frame.with_columns(
        ratio(q.numerator, q.denominator).alias(name)
        for name, q in QUOTIENTS.items()
        if CATALOGUE[name].family == "averages"
    )
    return finish(scope, frame, _columns(scope, "averages"))


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

# a family's columns are the catalogue's (sales_dash.catalogue), in its order, after the
# revenue it shares with attainment; expense, over_authority and abc keep their own order
METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric(
            "attainment",
            family_columns("attainment"),
            _TARGET_GROUPINGS,
            attainment,
            ("order_totals", "target_totals"),
        ),
        Metric(
            "margin",
            ["revenue", *family_columns("margin")],
            _LINE_GROUPINGS,
            margin,
            ("order_totals",),
        ),
        Metric(
            "collection",
            family_columns("collection"),
            _LINE_GROUPINGS,
            collection,
            ("collection_due", "receivables_aging", "payment_lines", "receipt_lines"),
        ),
        Metric(
            "cash",
            family_columns("cash"),
            ("region", "rep", "customer", "month", "week"),
            cash,
            ("cash_collected", "collection_days", "dso", "payment_lines", "receipt_lines"),
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
            ["revenue", *family_columns("market_share")],
            ("region", "category", "month"),
            market_share,
            ("order_totals", "market_totals"),
        ),
        Metric(
            "activity",
            family_columns("activity"),
            _TARGET_GROUPINGS,
            activity,
            ("customer_first_lines", "retention", "visit_totals", "order_totals"),
        ),
        Metric(
            "over_authority",
            ["lines", "revenue"],
            _LINE_GROUPINGS,
            over_authority,
            ("over_authority", "discount_distribution", "order_totals"),
        ),
        Metric(
            "averages",
            ["revenue", *family_columns("averages")],
            _LINE_GROUPINGS,
            averages,
            ("order_totals", "order_counts"),
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
    coverage: bool = False,
    at_period_ends: bool = False,
) -> pl.DataFrame:
    """One metric family over ``[start, end]`` (inclusive), optionally grouped ``by``.

    ``columns`` names the columns the caller reads: the others may come back null when
    only they need a query of their own (collection's aging). ``coverage`` adds the
    family's coverage columns (``sales_dash.engine.unknowns.COVERAGE``) after its own, which
    ``sales_dash.engine.unknowns.notes`` reads. ``at_period_ends``: each period's collection
    rate as it stood at the period's end (or at as-of, if earlier), as a month trend that
    later money does not move reads it; the snapshots (aging, coverage) stay at as-of.
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
        coverage=coverage,
        at_period_ends=at_period_ends,
    )
    # kept like a query's result (engine.results): pages and sections ask for the same
    # family of the same view (the drill's regions are the attainment page's region tab,
    # margin by region serves the margin and customers pages), and joining and shaping
    # the aggregates again cost milliseconds each time (branch small). The key holds every
    # field of the scope but the lake (the data version stands for it): a field added to
    # Scope cannot be left out of it
    asked = (
        *(getattr(scope, f.name) for f in fields(scope) if f.name != "lake"),
        int(setting("payment_terms_days")),  # read into the queries (Scope.sql_params)
    )
    return RESULTS.get(
        result_key(lake, ("metric", name), asked),
        lambda: metric.compute(scope),
        keep=lambda result: result.height <= RESULT_CACHE_MAX_ROWS,
    )

"""ABC classes of customers (SPEC §5): by cumulative share of the period's revenue, and
D for those lapsed within the year before."""

from __future__ import annotations

import polars as pl

from sales_dash.engine.aggregates import MONEY
from sales_dash.engine.db import run_query
from sales_dash.engine.grain import customer_facts
from sales_dash.engine.scope import Scope, filter_params
from sales_dash.engine.unknowns import coverage
from sales_dash.periods import add_months, flow_end

ABC_LIMITS = (("A", 70), ("B", 90))
"""Class -> the cumulative revenue share (percent) up to which a customer is in it."""


def customer_abc(scope: Scope) -> pl.DataFrame:
    """ABC classes: customers by cumulative revenue share; D = lapsed within the last year."""
    revenue = run_query(
        scope.lake,
        "customer_revenue",
        range_start=scope.start,
        flow_range_end=flow_end(scope.end, scope.as_of),
        lookback_start=add_months(scope.start, -12),
        facts=customer_facts(scope.filters),
        **filter_params(scope.filters),
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
    result = result.join(names, on="customer_id", how="left", maintain_order="left").select(
        "customer_id",
        "customer_name",
        # exact to four places in the lake: rounded once, for the result
        pl.col("revenue").round(2, mode="half_away_from_zero").cast(MONEY),
        *columns[2:],
    )
    if scope.coverage:
        result = result.with_columns(customer_coverage=pl.lit(customer_coverage(scope)))
    return result


def customer_coverage(scope: Scope) -> float | None:
    """The share of the scope's revenue on lines that name their customer, 0–1 (None for
    no lines): customer metrics (new, retention, ABC, top customers) leave the others out."""
    totals = run_query(scope.lake, "order_totals", **scope.sql_params())
    if totals.is_empty():
        return None
    known = coverage("identified_revenue", "revenue", "identified_lines", "lines")
    return totals.select(known).item()

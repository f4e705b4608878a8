"""ABC classes of customers (SPEC §5): by cumulative share of the period's revenue, and
D for those lapsed within the year before."""

from __future__ import annotations

import polars as pl

from sales_dash.db import run_query
from sales_dash.periods import add_months
from sales_dash.scope import Scope

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

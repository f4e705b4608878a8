"""What a metric is computed over: a period, an as-of date, filters and a grouping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from sales_dash.engine.db import derived_settings
from sales_dash.lake import Lake
from sales_dash.periods import Period, previous_period, split_months, split_weeks
from sales_dash.settings import setting

DIMENSIONS: dict[str, tuple[str, ...]] = {
    "region": ("region",),
    "rep": ("rep_id", "rep_name"),
    "category": ("category",),
    "product": ("product",),
    "customer": ("customer_id", "customer_name"),
    "month": ("month",),
    "week": ("week",),
}
"""--by value -> the key columns it puts first in a result (SPEC §5)."""

TIME_GROUPINGS = ("month", "week")


def over_limit_facts(discount_limit: float) -> str:
    """Where the lines discounted beyond ``discount_limit`` are read (the $facts of
    over_authority*.sql): the over_limit_lines table holds those of the configured limit
    only; any other limit reads the lines."""
    built_at = derived_settings()["discount_limit"]
    return "over_limit" if discount_limit == built_at else "lines"


@dataclass(frozen=True)
class Filters:
    """Selections of the sidebar or the command line; an empty tuple means all."""

    regions: tuple[str, ...] = ()
    reps: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    customers: tuple[str, ...] = ()

    @property
    def targets_apply(self) -> bool:
        """Targets exist per rep and month only, so a finer filter has none (SPEC §5)."""
        return not (self.categories or self.products or self.customers)

    @property
    def visits_apply(self) -> bool:
        """Visits and their expenses carry no product, so a product filter cannot scope them."""
        return not (self.categories or self.products)

    @property
    def receipts_apply(self) -> bool:
        """Receipts carry no category or product, so money received cannot be split by them."""
        return not (self.categories or self.products)

    def by_column(self) -> dict[str, tuple[str, ...]]:
        """Each filter keyed by the order-line column it selects on."""
        return {
            "region": self.regions,
            "rep_id": self.reps,
            "category": self.categories,
            "product": self.products,
            "customer_id": self.customers,
        }

    @property
    def customer_facts(self) -> str:
        """Where a customer-level answer under these filters is read (the $facts of sql/):
        the customer rollup keeps no category or product, so their filters need the lines."""
        return "lines" if self.categories or self.products else "customer_rollup"

    def discount_facts(self, discount_limit: float) -> str:
        """Where the discount histogram under these filters is read (the $facts of
        discount_distribution.sql): the discounts_daily rollup keeps no category, product
        or customer, and splits its buckets at the configured limit only."""
        if self.categories or self.products or self.customers:
            return "lines"
        return "discount_rollup" if over_limit_facts(discount_limit) == "over_limit" else "lines"

    def sql_params(self) -> dict[str, list[str]]:
        return {
            "regions": list(self.regions),
            "reps": list(self.reps),
            "categories": list(self.categories),
            "products": list(self.products),
            "customers": list(self.customers),
        }


@dataclass(frozen=True)
class Scope:
    lake: Lake
    start: dt.date
    end: dt.date
    as_of: dt.date
    by: str | None = None
    filters: Filters = field(default_factory=Filters)
    discount_limit: float = 0.15
    columns: frozenset[str] | None = None
    """The columns the caller reads (None: all). A family may skip the queries that only
    the other columns need, and leave those null."""
    coverage: bool = False
    """Whether the result carries the family's coverage columns (sales_dash.engine.unknowns)."""

    def wants(self, columns: Iterable[str]) -> bool:
        """Whether the caller reads any of ``columns``."""
        return self.columns is None or not self.columns.isdisjoint(columns)

    @cached_property
    def periods(self) -> list[Period]:
        """The periods computed on their own: months or weeks for a time grouping."""
        if self.by == "month":
            return split_months(self.start, self.end)
        if self.by == "week":
            return split_weeks(self.start, self.end)
        return [Period("all", self.start, self.end)]

    @property
    def groups_by_period(self) -> bool:
        """Whether every period is a row of its own, present even when it holds no data."""
        return self.by is None or self.by in TIME_GROUPINGS

    def flow_end(self, period: Period) -> dt.date:
        """Where flows (sales, costs, expenses, visits) stop counting: the as-of date.

        Targets cover the whole period, while what happened is what was known at as-of:
        the same cut that time progress and the run-rate forecast make.
        """
        return min(period.end, self.as_of)

    @property
    def facts(self) -> str:
        """The table the order queries read ($facts): the orders_daily rollup, which keeps
        no customer; the customer rollup, which keeps no category or product; or the lines
        when both are needed."""
        if self.by == "customer" or self.filters.customers:
            return "lines" if self.by in ("category", "product") else self.filters.customer_facts
        return "rollup"

    @property
    def sql_by(self) -> str:
        """The dimension the SQL groups on ('' when rows are periods)."""
        return "" if self.groups_by_period else str(self.by)

    def sql_params(self) -> dict[str, object]:
        earliest_previous = min(previous_period(p).start for p in self.periods)
        return {
            "period_grain": self.by if self.by in TIME_GROUPINGS else "",
            "period_keys": [p.key for p in self.periods],
            "period_starts": [p.start for p in self.periods],
            "period_ends": [p.end for p in self.periods],
            "flow_ends": [self.flow_end(p) for p in self.periods],
            "range_start": self.start,
            "flow_range_end": min(self.end, self.as_of),
            "previous_start": earliest_previous,
            "as_of": self.as_of,
            "by": self.sql_by,
            "facts": self.facts,
            "discount_limit": self.discount_limit,
            # a line without payment data has no due date: where it would fall due, for
            # the collection's coverage (sql/collection_due.sql)
            "due_days": int(setting("payment_terms_days")),
            **self.filters.sql_params(),
        }

"""What a metric is computed over: a period, an as-of date, filters and a grouping; and
the SQL parameters they make (the sidebar's ``Filters`` know no SQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from sales_dash.engine.grain import order_facts
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from sales_dash.periods import Period, flow_end, previous_period, split_months, split_weeks
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


def filter_params(filters: Filters) -> dict[str, list[str]]:
    """The filters as the $regions, $reps, $categories, $products, $customers of sql/."""
    return {
        "regions": list(filters.regions),
        "reps": list(filters.reps),
        "categories": list(filters.categories),
        "products": list(filters.products),
        "customers": list(filters.customers),
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
    # branch ledger (issue 15): a month trend of the collection rate in one query
    at_period_ends: bool = False
    """Whether each period's collections are taken as they stood at its own end (or at
    as-of, if earlier) rather than at as-of (sql/collection_due.sql)."""

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
        return flow_end(period.end, self.as_of)

    @property
    def facts(self) -> str:
        """The table the order queries read ($facts): ``grain.order_facts``."""
        return order_facts(self.by, self.filters)

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
            "flow_range_end": flow_end(self.end, self.as_of),
            "previous_start": earliest_previous,
            "as_of": self.as_of,
            "by": self.sql_by,
            "facts": self.facts,
            "discount_limit": self.discount_limit,
            # a line without payment data has no due date: where it would fall due, for
            # the collection's coverage (sql/collection_due.sql)
            "due_days": int(setting("payment_terms_days")),
            "at_period_ends": self.at_period_ends,
            **filter_params(self.filters),
        }

"""The selections of the sidebar or the command line: which regions, reps, categories,
products and customers a view looks at. Plain values, no SQL: the engine turns them into
query parameters (``sales_dash.engine.scope.filter_params``)."""

from __future__ import annotations

from dataclasses import dataclass


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

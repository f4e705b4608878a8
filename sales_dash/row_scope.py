"""Row-level security: which rows of each lake table a user's ``Access`` lets them read.

The one home of the rule. ``sales_dash.db`` builds every table a query reads (the lake's
views, and the rollups and lookups made from them) through ``scope_sql``, so a read
cannot escape the scope: a filter, a name list, a month count or the latest date sees
the scoped rows only, and a filter naming a region outside the scope finds nothing
(never "all", which an empty filter means). Polars reads of the lake outside DuckDB use
``scope_expr``. See docs/row-level-security.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sales_dash.access import Access
from sales_dash.schema import UNASSIGNED, Table


@dataclass(frozen=True)
class RowScope:
    """The rows a user may read: a row must be in ``regions`` AND by one of ``reps``
    (None: no condition on that column; an empty set: no row at all)."""

    regions: frozenset[str] | None = None
    reps: frozenset[str] | None = None

    @classmethod
    def of(cls, access: Access | None) -> RowScope | None:
        """The scope of ``access``; None when it sees every row (no condition at all)."""
        if access is None or access.unrestricted:
            return None
        return cls(access.regions, access.reps)

    def allows(self, region: str | None, rep_id: str | None) -> bool:
        """Whether a row of this region and rep is inside (None read as unassigned)."""
        region_ok = self.regions is None or (region or UNASSIGNED) in self.regions
        rep_ok = self.reps is None or (rep_id or UNASSIGNED) in self.reps
        return region_ok and rep_ok

    def conditions(self, table: Table) -> list[tuple[str, frozenset[str] | None]]:
        """(column, allowed values) per condition on ``table``; None values: no row at all.

        A table without a rep column (market) is the market of regions: a scope of reps
        alone, naming no region, reads none of it (market share is then unknown, not the
        company's market).
        """
        found: list[tuple[str, frozenset[str] | None]] = []
        names = set(table.column_names)
        if self.regions is not None:
            found.append(("region", self.regions) if "region" in names else ("", None))
        if self.reps is not None:
            if "rep_id" in names:
                found.append(("rep_id", self.reps))
            elif self.regions is None:
                found.append(("", None))
        return found


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def scope_sql(scope: RowScope | None, table: Table) -> str:
    """A SQL condition on the rows of ``table`` (unknown region or rep read as
    ``UNASSIGNED``, as the lake's views group them): 'true' for no scope, 'false' for an
    empty one."""
    if scope is None:
        return "true"
    parts = []
    for column, allowed in scope.conditions(table):
        if not allowed:  # an empty set, or a column the table lacks: nothing
            return "false"
        values = ", ".join(_literal(v) for v in sorted(allowed))
        parts.append(f"coalesce({column}, {_literal(UNASSIGNED)}) in ({values})")
    return " and ".join(parts) or "true"


def scope_expr(scope: RowScope | None, table: Table) -> pl.Expr:
    """``scope_sql`` as a Polars filter over the rows of ``table``."""
    if scope is None:
        return pl.lit(True)
    expression = pl.lit(True)
    for column, allowed in scope.conditions(table):
        if not allowed:
            return pl.lit(False)
        inside = pl.col(column).fill_null(UNASSIGNED).is_in(sorted(allowed))
        expression = expression & inside
    return expression

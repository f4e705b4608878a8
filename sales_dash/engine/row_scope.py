"""Row-level security: which rows of each lake table a user's ``Access`` lets them read.

The one home of the rule. ``sales_dash.engine.db`` builds every table a query reads through
``scope_sql``: the lake's views, the lookups made from them, and the rollups (built for
the whole company, then scoped: a row's figures are the company's, the scope only
chooses the rows). A read cannot escape the scope: a filter, a name list, a month count
or the latest date sees the scoped rows only, and a filter naming a region outside the
scope finds nothing (never "all", which an empty filter means). Polars reads of the lake
outside DuckDB use ``scope_expr``. See docs/row-level-security.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import polars as pl

from sales_dash.access import Access
from sales_dash.schema import UNASSIGNED


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

    def conditions(self, columns: Iterable[str]) -> list[tuple[str, frozenset[str] | None]]:
        """(column, allowed values) per condition on a table of ``columns``; None values:
        no row at all.

        A table without a region column is nobody's to see under a scope of regions. A
        table without a rep column (market) is the market of regions: a scope of reps
        alone, naming no region, reads none of it (market share is then unknown, not the
        company's market).
        """
        found: list[tuple[str, frozenset[str] | None]] = []
        names = set(columns)
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


def scope_sql(
    scope: RowScope | None, columns: Iterable[str], values: Mapping[str, str] | None = None
) -> str:
    """A SQL condition on the rows of a table of ``columns`` (unknown region or rep read
    as ``UNASSIGNED``, as the lake's views group them): 'true' for no scope, 'false' for
    an empty one. ``values`` gives the SQL a column is judged by, where not itself."""
    if scope is None:
        return "true"
    parts = []
    for column, allowed in scope.conditions(columns):
        if not allowed:  # an empty set, or a column the table lacks: nothing
            return "false"
        listed = ", ".join(_literal(v) for v in sorted(allowed))
        value = (values or {}).get(column, column)
        parts.append(f"coalesce({value}, {_literal(UNASSIGNED)}) in ({listed})")
    return " and ".join(parts) or "true"


def scope_expr(scope: RowScope | None, columns: Iterable[str]) -> pl.Expr:
    """``scope_sql`` as a Polars filter over the rows of a table of ``columns``."""
    if scope is None:
        return pl.lit(True)
    expression = pl.lit(True)
    for column, allowed in scope.conditions(columns):
        if not allowed:
            return pl.lit(False)
        inside = pl.col(column).fill_null(UNASSIGNED).is_in(sorted(allowed))
        expression = expression & inside
    return expression

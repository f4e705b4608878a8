"""What a page asked for, recorded and replayed: the benchmark's peers do exactly that.

``sales_dash_bench.apptest`` records, per page and filter state, every metric call
(``MetricCall``) and engine query (``QueryCall``, through ``sales_dash.engine.db.observe``)
the page made; ``sales_dash_bench.run`` replays the queries in bare DuckDB
(``bare_duckdb``) and the calls in pandas (``pandas_replay``). Both travel between the two
processes as JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sales_dash.engine.scope import Scope
from sales_dash.filters import Filters
from sales_dash.lake import Lake

if TYPE_CHECKING:
    from sales_dash_bench.bare import BareDuckDB
    from sales_dash_bench.pandas_peer import PandasPeer


@dataclass(frozen=True)
class MetricCall:
    """One ``compute_metric`` call a page made, recorded by the app timing and replayed by
    the peers, so that they compute exactly what the page computes."""

    name: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    by: str | None
    filters: Filters
    discount_limit: float
    columns: tuple[str, ...] | None = None
    """The columns the page read (None: all), as ``compute_metric(columns=...)``."""

    @classmethod
    def of_scope(cls, name: str, scope: Scope) -> MetricCall:
        columns = None if scope.columns is None else tuple(sorted(scope.columns))
        return cls(
            name, scope.start, scope.end, scope.as_of, scope.by, scope.filters,
            scope.discount_limit, columns,
        )  # fmt: skip

    def scope(self, lake: Lake) -> Scope:
        columns = None if self.columns is None else frozenset(self.columns)
        return Scope(
            lake, self.start, self.end, self.as_of, self.by, self.filters, self.discount_limit,
            columns,
        )  # fmt: skip

    def to_json(self) -> dict[str, object]:
        """Dates as ISO strings, filters as a dict of lists."""
        return {
            "name": self.name,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "by": self.by,
            "filters": {name: list(values) for name, values in asdict(self.filters).items()},
            "discount_limit": self.discount_limit,
            "columns": None if self.columns is None else list(self.columns),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MetricCall:
        filters = Filters(**{name: tuple(values) for name, values in data["filters"].items()})
        return cls(
            data["name"],
            dt.date.fromisoformat(data["start"]),
            dt.date.fromisoformat(data["end"]),
            dt.date.fromisoformat(data["as_of"]),
            data["by"],
            filters,
            float(data["discount_limit"]),
            None if data.get("columns") is None else tuple(data["columns"]),
        )


def _encoded(value: object) -> object:
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encoded(v) for v in value]
    return value


def _decoded(value: object) -> object:
    if isinstance(value, dict):
        return dt.date.fromisoformat(value["date"])
    if isinstance(value, list):
        return [_decoded(v) for v in value]
    return value


@dataclass(frozen=True)
class QueryCall:
    """One ``run_query`` a page made (a sql/ file and its parameters), replayed by bare
    DuckDB over the order lines."""

    name: str
    params: tuple[tuple[str, object], ...]

    @classmethod
    def of(cls, name: str, params: dict[str, object]) -> QueryCall:
        frozen = (tuple(v) if isinstance(v, list) else v for v in params.values())
        return cls(name, tuple(zip(params, frozen, strict=True)))

    @property
    def depends_on_data_only(self) -> bool:
        """A lookup with no parameters (names, filter options, each customer's first line):
        any app computes it once per upload, so the replay leaves it out."""
        return not self.params

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "params": {k: _encoded(v) for k, v in self.params}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QueryCall:
        return cls.of(data["name"], {k: _decoded(v) for k, v in data["params"].items()})


def bare_duckdb(database: BareDuckDB, queries: list[QueryCall]) -> None:
    """The page's queries as plain SQL over the order lines: no result cache, no rollup
    (every $facts reads the lines), no lookups that depend on the data only."""
    for query in queries:
        if not query.depends_on_data_only:
            database.run(query.name, dict(query.params))


PAGE_QUERIES = frozenset(
    {"line_count", "discount_distribution", "over_authority_lines", "top_orders",
     "customer_last_order"}
)  # fmt: skip
"""The queries pages run besides the metrics' (lists, a histogram, a count): the pandas
peer computes these too. The metrics' own queries come with their metric calls."""


def pandas_replay(
    peer: PandasPeer, lake: Lake, calls: list[MetricCall], queries: list[QueryCall]
) -> None:
    """The page's metric calls and its own queries, computed the way a typical pandas
    Streamlit app computes them."""
    for call in calls:
        peer.compute(call.name, call.scope(lake))
    for query in queries:
        if query.name in PAGE_QUERIES:
            peer.query(query.name, dict(query.params))


def decode_calls(recorded: dict[str, list[list[dict]]]) -> dict[str, list[list[MetricCall]]]:
    """The app timing's ``calls`` (page -> the encoded calls of each filter state)."""
    return {
        page: [[MetricCall.from_json(call) for call in state] for state in states]
        for page, states in recorded.items()
    }


def decode_queries(recorded: dict[str, list[list[dict]]]) -> dict[str, list[list[QueryCall]]]:
    """The app timing's ``queries`` (page -> the encoded queries of each filter state)."""
    return {
        page: [[QueryCall.from_json(query) for query in state] for state in states]
        for page, states in recorded.items()
    }

"""Scope: the periods a metric is computed over, where flows stop, which grain is read,
and the parameters every sql/ query is bound with (docs/sql.md)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sales_dash.engine.db import SQL_DIR, derived_settings
from sales_dash.engine.grain import discount_facts, over_limit_facts
from sales_dash.engine.scope import Filters, Scope
from sales_dash.lake import Lake
from sales_dash.periods import Period

D = dt.date
LAKE = Lake(Path("/nonexistent/lake"))  # a Scope names its lake; these tests never read it
DOCS = Path(__file__).resolve().parents[2] / "docs" / "sql.md"


def test_one_period_without_a_time_grouping() -> None:
    scope = Scope(LAKE, D(2026, 1, 15), D(2026, 3, 10), D(2026, 2, 20), "region")
    assert scope.periods == [Period("all", D(2026, 1, 15), D(2026, 3, 10))]
    assert not scope.groups_by_period
    assert scope.sql_by == "region"


def test_months_are_clipped_to_the_period_and_flows_stop_at_as_of() -> None:
    scope = Scope(LAKE, D(2026, 1, 15), D(2026, 3, 10), D(2026, 2, 20), "month")
    assert scope.periods == [
        Period("2026-01", D(2026, 1, 15), D(2026, 1, 31)),
        Period("2026-02", D(2026, 2, 1), D(2026, 2, 28)),
        Period("2026-03", D(2026, 3, 1), D(2026, 3, 10)),
    ]
    # January is over at as-of; February stops at 02-20; March has not begun, and its
    # flows stop at as-of too (an empty window: nothing counts)
    assert [scope.flow_end(p) for p in scope.periods] == [
        D(2026, 1, 31),
        D(2026, 2, 20),
        D(2026, 2, 20),
    ]
    assert scope.groups_by_period
    assert scope.sql_by == ""


def test_weeks_start_on_monday_and_are_keyed_by_it() -> None:
    # 2026-03-04 is a Wednesday: the first week is cut to Wed..Sun
    scope = Scope(LAKE, D(2026, 3, 4), D(2026, 3, 15), D(2026, 3, 31), "week")
    assert scope.periods == [
        Period("2026-03-02", D(2026, 3, 4), D(2026, 3, 8)),
        Period("2026-03-09", D(2026, 3, 9), D(2026, 3, 15)),
    ]


def test_sql_params_by_month() -> None:
    filters = Filters(regions=("East",), reps=("R1", "R2"))
    scope = Scope(LAKE, D(2026, 1, 15), D(2026, 3, 10), D(2026, 2, 20), "month", filters)
    params = scope.sql_params()
    assert params == {
        "period_grain": "month",
        "period_keys": ["2026-01", "2026-02", "2026-03"],
        "period_starts": [D(2026, 1, 15), D(2026, 2, 1), D(2026, 3, 1)],
        "period_ends": [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 10)],
        "flow_ends": [D(2026, 1, 31), D(2026, 2, 20), D(2026, 2, 20)],
        "range_start": D(2026, 1, 15),
        "flow_range_end": D(2026, 2, 20),
        # the 17 days before 01-15..01-31 start on 12-29; February's 28 days before it
        # start on 01-04, March's 10 on 02-19: the earliest is 12-29
        "previous_start": D(2025, 12, 29),
        "as_of": D(2026, 2, 20),
        "by": "",
        "facts": "rollup",
        "discount_limit": 0.15,
        "due_days": 30,
        "at_period_ends": False,
        "regions": ["East"],
        "reps": ["R1", "R2"],
        "categories": [],
        "products": [],
        "customers": [],
    }


def test_an_as_of_after_the_period_leaves_the_whole_period() -> None:
    scope = Scope(LAKE, D(2026, 1, 1), D(2026, 1, 31), D(2026, 6, 30))
    params = scope.sql_params()
    assert (params["period_grain"], params["period_keys"]) == ("", ["all"])
    assert (params["range_start"], params["flow_range_end"]) == (D(2026, 1, 1), D(2026, 1, 31))
    assert params["previous_start"] == D(2025, 12, 1)
    assert scope.groups_by_period  # the one period is the one row


@pytest.mark.parametrize(
    ("by", "filters", "facts"),
    [
        (None, Filters(), "rollup"),
        ("rep", Filters(categories=("Hardware",)), "rollup"),
        ("customer", Filters(), "customer_rollup"),
        (None, Filters(customers=("C1",)), "customer_rollup"),
        # the customer rollup keeps no category or product
        ("customer", Filters(products=("Alpha",)), "lines"),
        ("category", Filters(customers=("C1",)), "lines"),
        ("product", Filters(customers=("C1",)), "lines"),
    ],
)
def test_the_grain_read_for_each_grouping_and_filter(
    by: str | None, filters: Filters, facts: str
) -> None:
    assert Scope(LAKE, D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31), by, filters).facts == facts


def test_which_figures_a_filter_leaves() -> None:
    assert Filters(regions=("East",), reps=("R1",)).targets_apply
    for finer in (Filters(categories=("x",)), Filters(products=("x",)), Filters(customers=("x",))):
        assert not finer.targets_apply
    assert Filters(customers=("C1",)).visits_apply
    assert Filters(customers=("C1",)).receipts_apply
    for split in (Filters(categories=("x",)), Filters(products=("x",))):
        assert not split.visits_apply
        assert not split.receipts_apply


def test_discount_reads_the_rollup_only_at_the_configured_limit() -> None:
    built_at = derived_settings()["discount_limit"]
    assert over_limit_facts(built_at) == "over_limit"
    assert over_limit_facts(built_at + 0.05) == "lines"
    assert discount_facts(Filters(), built_at) == "discount_rollup"
    assert discount_facts(Filters(), built_at + 0.05) == "lines"
    assert discount_facts(Filters(regions=("East",)), built_at) == "discount_rollup"
    assert discount_facts(Filters(customers=("C1",)), built_at) == "lines"


def test_wants_reads_the_callers_columns() -> None:
    every = Scope(LAKE, D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31))
    some = Scope(LAKE, D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31), columns=frozenset({"a"}))
    assert every.wants(["x"])
    assert some.wants(["x", "a"])
    assert not some.wants(["x"])


def test_every_sql_parameter_has_one_documented_name() -> None:
    """docs/sql.md names each $parameter once; a query that binds another name, or a
    scope that passes one, fails here (issue 12: $end meant two things)."""
    documented = set(re.findall(r"`\$(\w+)`", DOCS.read_text(encoding="utf-8")))
    used = {
        name
        for path in SQL_DIR.glob("*.sql")
        for name in re.findall(r"\$(\w+)", path.read_text(encoding="utf-8"))
    }
    assert used - documented == set()
    scope = Scope(LAKE, D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31))
    assert set(scope.sql_params()) - documented == set()
    assert {"start", "end"} & (used | documented) == set()

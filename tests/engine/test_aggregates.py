"""The aggregates: from the SQL's rows per period and group to a family's rows, on the
small lake of tests/engine/conftest.py (every figure worked out by hand there)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from sales_dash.engine.aggregates import (
    MONEY,
    aggregate,
    finish,
    groups,
    parts,
    ratio,
    with_line_coverage,
    with_loaded,
    with_period_facts,
)
from sales_dash.engine.scope import Filters, Scope
from sales_dash.lake import Lake
from tests.engine.conftest import write_lake

D = dt.date
LAKE_MONEY = pl.Decimal(38, 4)


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort("period_key", "group_key", nulls_last=True)


def test_ratio_is_null_for_a_zero_or_unknown_denominator() -> None:
    frame = pl.DataFrame({"a": [1, 2, 3, None], "b": [2, 0, None, 4]})
    assert frame.select(ratio("a", "b").alias("r"))["r"].to_list() == [0.5, None, None, None]


def test_sales_by_month_leave_out_the_cancelled_line(small_lake: Lake) -> None:
    scope = Scope(small_lake, D(2026, 1, 1), D(2026, 3, 31), D(2026, 3, 31), "month")
    frame = aggregate(scope, "order_totals", ["revenue", "lines"])
    # January A1 100 + A2 200; February A3 300 + A4 50 (A5 cancelled); March nothing
    expected = pl.DataFrame(
        {
            "period_key": ["2026-01", "2026-02"],
            "group_key": ["", ""],
            "revenue": [Decimal("300"), Decimal("350")],
            "lines": [2, 2],
        },
        schema_overrides={"revenue": LAKE_MONEY},
    )
    assert_frame_equal(_sorted(frame), expected)
    # every month of the period is a row: March's sales are zero, not missing
    grouped = _sorted(groups(scope, [frame], ["revenue", "lines"]))
    assert grouped["period_key"].to_list() == ["2026-01", "2026-02", "2026-03"]
    assert grouped["revenue"].to_list() == [Decimal("300"), Decimal("350"), Decimal("0")]
    assert grouped["lines"].to_list() == [2, 2, 0]


@pytest.mark.parametrize(
    ("filters", "revenue", "lines"),
    [
        (Filters(regions=("North",)), "200", 1),  # A2 (A5 is cancelled)
        (Filters(reps=("R1",), categories=("Hardware",)), "450", 3),  # A1, A3, A4
        (Filters(products=("Beta", "Gamma")), "500", 2),  # A2, A3
        (Filters(customers=("C1",)), "400", 2),  # A1, A3: read from the customer rollup
        (Filters(regions=("West",)), None, 0),  # no sales at all: no row
    ],
)
def test_filters_select_the_lines(
    small_lake: Lake, filters: Filters, revenue: str | None, lines: int
) -> None:
    scope = Scope(small_lake, D(2026, 1, 1), D(2026, 2, 28), D(2026, 2, 28), None, filters)
    frame = aggregate(scope, "order_totals", ["revenue", "lines"])
    if revenue is None:
        assert frame.is_empty()
    else:
        assert frame.rows() == [("all", "", Decimal(revenue), lines)]


def test_quotas_are_prorated_by_calendar_days(small_lake: Lake) -> None:
    # 01-16..02-14: January's 16 of 31 days, February's 14 of 28
    scope = Scope(small_lake, D(2026, 1, 16), D(2026, 2, 14), D(2026, 2, 14), "rep")
    frame = _sorted(
        aggregate(
            scope,
            "target_totals",
            ["quota", "expense_budget", "visit_target", "quota_rows", "budget_rows"],
        )
    )
    assert frame.rows() == [
        # R1: 310 × 16/31 + 280 × 14/28 = 160 + 140; budget 31 × 16/31 = 16 (February's is
        # unknown: one row of two carries one); visits 3 × 16/31 + 2 × 14/28
        ("all", "R1", pytest.approx(300.0), pytest.approx(16.0), pytest.approx(48 / 31 + 1), 2, 1),
        # R3: 560 × 14/28, budget 56 × 14/28, visits 4 × 14/28
        ("all", "R3", pytest.approx(280.0), pytest.approx(28.0), pytest.approx(2.0), 1, 1),
    ]
    finished = finish(scope, frame, ["quota"])
    assert finished.rows() == [
        ("R1", "Alice", Decimal("300.00")),
        ("R3", "Carol", Decimal("280.00")),
    ]
    assert finished.schema["quota"] == MONEY


def test_a_region_filter_prorates_its_own_quotas(small_lake: Lake) -> None:
    scope = Scope(
        small_lake, D(2026, 2, 1), D(2026, 2, 7), D(2026, 2, 28), None, Filters(regions=("West",))
    )
    frame = aggregate(scope, "target_totals", ["quota"])
    assert frame.rows() == [("all", "", pytest.approx(140.0))]  # 560 × 7/28


def test_finish_rounds_money_once_half_away_from_zero(small_lake: Lake) -> None:
    scope = Scope(small_lake, D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31))
    frame = pl.DataFrame(
        {
            "period_key": ["all"],
            "group_key": [""],
            "quota": [0.125],
            "revenue": [Decimal("-1.0050")],
            "cost": [Decimal("1.0049")],
        },
        schema_overrides={"revenue": LAKE_MONEY, "cost": LAKE_MONEY},
    )
    finished = finish(scope, frame, ["quota", "revenue", "cost"])
    assert finished.rows() == [(Decimal("0.13"), Decimal("-1.01"), Decimal("1.00"))]
    assert all(kind == MONEY for kind in finished.schema.values())


def test_each_period_knows_its_days_and_the_days_elapsed(small_lake: Lake) -> None:
    scope = Scope(small_lake, D(2026, 1, 15), D(2026, 3, 10), D(2026, 2, 20), "month")
    skeleton = groups(scope, [aggregate(scope, "order_totals", ["lines"])], ["lines"])
    facts = _sorted(with_period_facts(scope, skeleton))
    assert facts.select("period_key", "days", "elapsed").rows() == [
        ("2026-01", 17, 17),
        ("2026-02", 28, 20),
        ("2026-03", 10, 0),
    ]


def test_a_period_without_quotas_loaded_is_flagged(small_lake: Lake) -> None:
    scope = Scope(small_lake, D(2026, 1, 1), D(2026, 3, 31), D(2026, 3, 31), "month")
    skeleton = groups(scope, [aggregate(scope, "order_totals", ["lines"])], ["lines"])
    loaded = _sorted(with_loaded(scope, skeleton, "quotas", "quotas_loaded"))
    assert loaded["quotas_loaded"].to_list() == [True, True, False]


def test_line_coverage_joins_without_adding_groups(small_lake: Lake) -> None:
    scope = Scope(small_lake, D(2026, 1, 1), D(2026, 2, 28), D(2026, 2, 28), "rep")
    quotas = aggregate(scope, "target_totals", ["quota"])  # R1 and R3, no R2
    covered = _sorted(with_line_coverage(scope, quotas, "identified_revenue"))
    assert covered.select("group_key", "booked_revenue", "lines", "identified_revenue").rows() == [
        # R1: A1 100 + A3 300 + A4 50, of which A4 names no customer
        ("R1", Decimal("450"), 3, Decimal("400")),
        # R3 sold nothing: unknown, not zero
        ("R3", None, None, None),
    ]


def test_parts_not_wanted_are_not_read(small_lake: Lake) -> None:
    scope = Scope(
        small_lake, D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31), columns=frozenset({"revenue"})
    )

    def never() -> pl.DataFrame:
        raise AssertionError("a part the caller does not read was read")

    frame = parts(
        scope,
        [
            (
                scope.wants(["revenue"]),
                lambda: aggregate(scope, "order_totals", ["revenue"]),
                ["revenue"],
            ),
            (scope.wants(["quota"]), never, ["quota"]),
            (scope.wants(["visits"]), never, ["visits"]),
        ],
    )
    assert frame.rows() == [("all", "", Decimal("300"), None, None)]
    assert (frame.schema["quota"], frame.schema["visits"]) == (pl.Float64(), pl.Int64())


LEAP_QUOTAS_CSV = """\
month,rep_id,rep_name,region,revenue_quota,expense_budget,visit_target
2023-12,R1,Alice,East,310.00,,
2024-01,R1,Alice,East,620.00,,
2024-02,R1,Alice,East,290.00,,
"""


def test_proration_across_a_year_end_and_a_leap_february(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # 10 a day in December, 20 in January, 290 / 29 = 10 a day in February 2024
    lake = write_lake(tmp_path_factory.mktemp("leap"), {"quotas": LEAP_QUOTAS_CSV})
    start, end = D(2023, 12, 22), D(2024, 2, 10)
    whole = Scope(lake, start, end, end)
    assert aggregate(whole, "target_totals", ["quota"]).rows() == [
        ("all", "", pytest.approx(10 * 10 + 31 * 20 + 10 * 10))
    ]
    by_month = Scope(lake, start, end, end, "month")
    assert _sorted(aggregate(by_month, "target_totals", ["quota"])).rows() == [
        ("2023-12", "", pytest.approx(100.0)),
        ("2024-01", "", pytest.approx(620.0)),
        ("2024-02", "", pytest.approx(100.0)),
    ]

"""Calendar arithmetic: splits, time progress, previous periods, month shifts."""

from __future__ import annotations

import datetime as dt

from sales_dash.periods import (
    Period,
    add_months,
    month_end,
    previous_period,
    split_months,
    split_weeks,
)

D = dt.date


def test_split_months_clips_to_the_period() -> None:
    assert split_months(D(2026, 1, 16), D(2026, 3, 5)) == [
        Period("2026-01", D(2026, 1, 16), D(2026, 1, 31)),
        Period("2026-02", D(2026, 2, 1), D(2026, 2, 28)),
        Period("2026-03", D(2026, 3, 1), D(2026, 3, 5)),
    ]


def test_split_weeks_are_iso_weeks_keyed_by_monday() -> None:
    # 2026-11-01 is a Sunday: its week began on Monday 2026-10-26
    assert split_weeks(D(2026, 11, 1), D(2026, 11, 10)) == [
        Period("2026-10-26", D(2026, 11, 1), D(2026, 11, 1)),
        Period("2026-11-02", D(2026, 11, 2), D(2026, 11, 8)),
        Period("2026-11-09", D(2026, 11, 9), D(2026, 11, 10)),
    ]


def test_time_progress_counts_inclusive_days() -> None:
    november = Period("all", D(2026, 11, 1), D(2026, 11, 30))
    assert november.days == 30
    assert november.elapsed_days(D(2026, 10, 31)) == 0
    assert november.elapsed_days(D(2026, 11, 1)) == 1
    assert november.time_progress(D(2026, 11, 15)) == 0.5
    assert november.time_progress(D(2027, 1, 1)) == 1.0


def test_previous_period_has_equal_length() -> None:
    assert previous_period(Period("all", D(2026, 3, 1), D(2026, 3, 31))) == Period(
        "all", D(2026, 1, 29), D(2026, 2, 28)
    )


def test_month_arithmetic_clamps_to_month_end() -> None:
    assert month_end(D(2024, 2, 10)) == D(2024, 2, 29)
    assert month_end(D(2026, 12, 5)) == D(2026, 12, 31)
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert add_months(D(2026, 1, 15), -12) == D(2025, 1, 15)
    assert add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)

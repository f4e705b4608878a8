"""Period presets around the as-of date, and the comparison periods (环比 / 同比)."""

from __future__ import annotations

import datetime as dt

import pytest

from sales_dash.view import (
    ComparisonWindow,
    View,
    comparison_period,
    comparison_window,
    iso_week,
    preset_period,
)

D = dt.date


@pytest.mark.parametrize(
    ("preset", "as_of", "expected"),
    [
        ("this_month", D(2026, 11, 23), (D(2026, 11, 1), D(2026, 11, 30))),
        ("last_month", D(2026, 11, 23), (D(2026, 10, 1), D(2026, 10, 31))),
        ("last_month", D(2026, 1, 15), (D(2025, 12, 1), D(2025, 12, 31))),
        ("this_quarter", D(2026, 11, 23), (D(2026, 10, 1), D(2026, 12, 31))),
        ("this_quarter", D(2026, 2, 28), (D(2026, 1, 1), D(2026, 3, 31))),
        ("this_year", D(2026, 11, 23), (D(2026, 1, 1), D(2026, 12, 31))),
        ("last_12_months", D(2026, 11, 23), (D(2025, 12, 1), D(2026, 11, 30))),
        ("last_12_months", D(2024, 2, 29), (D(2023, 3, 1), D(2024, 2, 29))),
    ],
)
def test_presets_are_relative_to_the_as_of_date(
    preset: str, as_of: dt.date, expected: tuple[dt.date, dt.date]
) -> None:
    assert preset_period(preset, as_of) == expected


def test_custom_range_is_ordered_and_required() -> None:
    assert preset_period("custom", D(2026, 11, 23), (D(2026, 3, 5), D(2026, 2, 1))) == (
        D(2026, 2, 1),
        D(2026, 3, 5),
    )
    with pytest.raises(ValueError, match="unknown period preset"):
        preset_period("custom", D(2026, 11, 23))
    with pytest.raises(ValueError, match="unknown period preset"):
        preset_period("fortnight", D(2026, 11, 23))


@pytest.mark.parametrize(
    ("start", "end", "comparison", "expected"),
    [
        # whole months shift by their own length
        (D(2026, 11, 1), D(2026, 11, 30), "previous", (D(2026, 10, 1), D(2026, 10, 31))),
        (D(2026, 3, 1), D(2026, 3, 31), "previous", (D(2026, 2, 1), D(2026, 2, 28))),
        (D(2026, 10, 1), D(2026, 12, 31), "previous", (D(2026, 7, 1), D(2026, 9, 30))),
        (D(2026, 1, 1), D(2026, 12, 31), "previous", (D(2025, 1, 1), D(2025, 12, 31))),
        # any other range: the same number of days just before
        (D(2026, 11, 10), D(2026, 11, 19), "previous", (D(2026, 10, 31), D(2026, 11, 9))),
        # a year earlier, month ends kept
        (D(2026, 11, 1), D(2026, 11, 30), "last_year", (D(2025, 11, 1), D(2025, 11, 30))),
        (D(2024, 2, 1), D(2024, 2, 29), "last_year", (D(2023, 2, 1), D(2023, 2, 28))),
        (D(2025, 2, 1), D(2025, 2, 28), "last_year", (D(2024, 2, 1), D(2024, 2, 29))),
    ],
)
def test_comparison_periods(
    start: dt.date, end: dt.date, comparison: str, expected: tuple[dt.date, dt.date]
) -> None:
    assert comparison_period(start, end, comparison) == expected


def test_an_open_month_is_compared_with_the_same_days() -> None:
    view = View(D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 23))
    assert view.is_open and view.elapsed_days == 23 and view.remaining_days == 7
    assert comparison_window(view) == ComparisonWindow(
        D(2026, 10, 1), D(2026, 10, 31), D(2026, 10, 23)
    )
    last_year = View(D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 23), comparison="last_year")
    assert comparison_window(last_year) == ComparisonWindow(
        D(2025, 11, 1), D(2025, 11, 30), D(2025, 11, 23)
    )


def test_the_cut_never_passes_the_compared_period() -> None:
    # 31 March, open, compared with February: February stops at its own end
    view = View(D(2026, 3, 1), D(2026, 3, 31), D(2026, 3, 30))
    assert comparison_window(view) == ComparisonWindow(
        D(2026, 2, 1), D(2026, 2, 28), D(2026, 2, 28)
    )


def test_a_closed_period_is_compared_whole() -> None:
    view = View(D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 23))
    assert not view.is_open and view.remaining_days == 0
    assert comparison_window(view) == ComparisonWindow(
        D(2026, 9, 1), D(2026, 9, 30), D(2026, 9, 30)
    )


def test_narrowed_view_replaces_only_the_given_filters() -> None:
    view = View(D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 23))
    narrowed = view.narrowed(regions=("华东",))
    assert narrowed.filters.regions == ("华东",) and narrowed.start == view.start
    assert view.filters.regions == ()


def test_iso_week_runs_monday_to_sunday() -> None:
    assert iso_week(D(2026, 11, 23)) == (D(2026, 11, 23), D(2026, 11, 29))
    assert iso_week(D(2026, 11, 22)) == (D(2026, 11, 16), D(2026, 11, 22))


@pytest.mark.parametrize(
    ("start", "end", "as_of", "expected"),
    [
        # a year to date across 29 February: the same date a year earlier, not 61 days
        (
            D(2028, 1, 1),
            D(2028, 12, 31),
            D(2028, 3, 1),
            (D(2027, 1, 1), D(2027, 12, 31), D(2027, 3, 1)),
        ),
        # the leap day itself has no twin: it cuts at 28 February
        (
            D(2028, 2, 1),
            D(2028, 2, 29),
            D(2028, 2, 28),
            (D(2027, 2, 1), D(2027, 2, 28), D(2027, 2, 28)),
        ),
        (
            D(2028, 1, 1),
            D(2028, 12, 31),
            D(2028, 2, 29),
            (D(2027, 1, 1), D(2027, 12, 31), D(2027, 2, 28)),
        ),
        # the year after a leap year: March 1st against March 1st, not 29 February
        (
            D(2029, 1, 1),
            D(2029, 12, 31),
            D(2029, 3, 1),
            (D(2028, 1, 1), D(2028, 12, 31), D(2028, 3, 1)),
        ),
    ],
)
def test_last_year_cuts_at_the_same_date_a_year_earlier(
    start: dt.date, end: dt.date, as_of: dt.date, expected: tuple[dt.date, dt.date, dt.date]
) -> None:
    view = View(start, end, as_of, comparison="last_year")
    assert comparison_window(view) == ComparisonWindow(*expected)


def test_previous_still_cuts_after_the_elapsed_days() -> None:
    # 环比 of a leap-year quarter to date: Q1 2028 on 1 March is 61 days into Q4 2027
    view = View(D(2028, 1, 1), D(2028, 3, 31), D(2028, 3, 1))
    assert comparison_window(view) == ComparisonWindow(
        D(2027, 10, 1), D(2027, 12, 31), D(2027, 11, 30)
    )

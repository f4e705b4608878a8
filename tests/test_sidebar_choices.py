"""The sidebar's options are kept per selection, keyed by all three selections (branch
marg): a rep or category left empty reuses the narrowing above it."""

from __future__ import annotations

from sales_dash.engine.options import filter_choices
from sales_dash.lake import Lake
from sales_dash.ui.filters import _choices


def test_an_empty_selection_reuses_the_narrowing_above_it(demo_lake: Lake) -> None:
    region = filter_choices(demo_lake).regions[0]
    by_region = _choices(demo_lake, (region,))
    assert _choices(demo_lake, (region,), ()) is by_region
    assert _choices(demo_lake, (region,), (), ()) is by_region
    assert _choices(demo_lake) is _choices(demo_lake, (), (), ())


def test_each_selection_narrows_as_before(demo_lake: Lake) -> None:
    region = filter_choices(demo_lake).regions[0]
    narrowed = _choices(demo_lake, (region,))
    assert narrowed == filter_choices(demo_lake, (region,))
    rep = narrowed.reps[0]
    assert _choices(demo_lake, (region,), (rep,)) == filter_choices(demo_lake, (region,), (rep,))
    assert _choices(demo_lake, (region,), (rep,)).reps == narrowed.reps

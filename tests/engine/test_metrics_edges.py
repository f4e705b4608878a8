"""Every metric answers on an empty lake, and answers the same twice (the result cache)."""

from __future__ import annotations

import datetime as dt

import pytest

from sales_dash.engine.metrics import AGING, METRICS, RATE_COLUMNS, MetricError, compute_metric
from sales_dash.lake import Lake

OCTOBER = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


@pytest.mark.parametrize(
    ("name", "by"),
    [(name, by) for name, m in METRICS.items() for by in (None, *m.groupings)],
)
def test_every_metric_on_an_empty_lake(lake: Lake, name: str, by: str | None) -> None:
    result = compute_metric(lake, name, *OCTOBER, by=by)
    assert result.columns[-len(METRICS[name].columns) :] == METRICS[name].columns
    if name == "abc" or by not in (None, "month", "week"):
        assert result.is_empty()
    else:
        # one row for the period or October; five ISO weeks touch October 2026
        assert result.height == (5 if by == "week" else 1)
        for row in result.iter_rows(named=True):
            ratios = [c for c in row if c.endswith(("rate", "margin", "ratio", "share", "usage"))]
            assert all(row[c] is None for c in ratios), row


def test_unknown_metric_and_grouping_are_refused(lake: Lake) -> None:
    with pytest.raises(MetricError, match="unknown_metric"):
        compute_metric(lake, "profit", *OCTOBER)
    with pytest.raises(MetricError, match="grouping_not_allowed"):
        compute_metric(lake, "market_share", *OCTOBER, by="rep")
    with pytest.raises(MetricError, match="period_reversed"):
        compute_metric(lake, "margin", OCTOBER[1], OCTOBER[0])


@pytest.mark.parametrize("by", [None, "region", "month"])
def test_reading_only_the_rate_skips_the_aging(demo_lake: Lake, by: str | None) -> None:
    """Callers that read collection's rate (tiles, alerts) get the same rate, and the
    aging columns null rather than computed."""
    november, as_of = (dt.date(2026, 11, 1), dt.date(2026, 11, 30)), dt.date(2026, 11, 23)
    full = compute_metric(demo_lake, "collection", *november, as_of, by=by)
    rate = compute_metric(
        demo_lake, "collection", *november, as_of, by=by, columns=RATE_COLUMNS["collection"]
    )
    assert rate.columns == full.columns
    kept = [c for c in full.columns if c not in AGING]
    assert rate.select(kept).equals(full.select(kept))
    assert full["outstanding"].null_count() == 0
    assert all(rate[c].null_count() == rate.height for c in AGING)


def test_unknown_columns_are_refused(lake: Lake) -> None:
    with pytest.raises(ValueError, match="no column"):
        compute_metric(lake, "collection", *OCTOBER, columns=["collection_rate", "profit"])


NARROWED = ["attainment", "collection", "expense", "market_share", "activity"]


@pytest.mark.parametrize("name", NARROWED)
@pytest.mark.parametrize("by", [None, "region", "month"])
def test_any_column_read_alone_equals_the_full_answer(
    demo_lake: Lake, name: str, by: str | None
) -> None:
    """Asking for fewer columns skips queries, never changes a number that is asked for.

    A group with no data in the queries the column needs (a region without new customers)
    is left out of the narrow answer: there the full answer holds zero, or no ratio."""
    november, as_of = (dt.date(2026, 11, 1), dt.date(2026, 11, 30)), dt.date(2026, 11, 23)
    full = compute_metric(demo_lake, name, *november, as_of, by=by)
    keys = full.columns[: len(full.columns) - len(METRICS[name].columns)]
    for column in METRICS[name].columns:
        alone = compute_metric(demo_lake, name, *november, as_of, by=by, columns=[column])
        assert alone.columns == full.columns
        asked = alone.select(*keys, column)
        if not keys:  # one row
            assert asked.equals(full.select(column)), column
            continue
        assert asked.equals(full.select(*keys, column).join(asked.select(keys), on=keys))
        left_out = full.join(alone, on=keys, how="anti").get_column(column)
        assert left_out.fill_null(0).eq(0).all(), column

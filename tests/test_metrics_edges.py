"""Every metric answers on an empty lake, and answers the same twice (the result cache)."""

from __future__ import annotations

import datetime as dt

import pytest

from sales_dash.lake import Lake
from sales_dash.metrics import METRICS, MetricError, compute_metric

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

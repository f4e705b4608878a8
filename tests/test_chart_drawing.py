"""What ``ui.widgets.chart`` sends to the browser is what Plotly's own way sent: the same
spec, byte for byte, without the validated ``update_layout`` and the deep copy (branch
small: about 0.6 ms a figure, every rerun)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
import pytest

from sales_dash import charts
from sales_dash.ui.widgets import _drawn


def regions() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "region": ["华东", "华南", "<b>西南</b>"],
            "revenue": [Decimal("1234567.00"), Decimal("8000.00"), Decimal("-500.00")],
            "attainment": [0.62, 0.80, None],
        },
        schema_overrides={"revenue": pl.Decimal(18, 2)},
    )


FIGURES: dict[str, Callable[[], go.Figure]] = {
    "ratio bars, titled": lambda: charts.ratio_bars(
        regions(), "region", "attainment", title="达成率", target=1.0, target_name="目标"
    ),
    "money bars, titled": lambda: charts.money_bars(
        regions(), "region", "revenue", "en", title="Revenue", value_name="Revenue"
    ),
    "money bars, untitled": lambda: charts.money_bars(regions(), "region", "revenue", "zh"),
    "discount histogram": lambda: charts.discount_histogram(
        pl.DataFrame(
            {
                "discount_percent": [0, 10, 20],
                "over_limit": [False, False, True],
                "lines": [5, 3, 1],
                "revenue": [100.0, 50.0, 10.0],
            }
        ),
        0.15,
        title="折扣",
    ),
}


def plotly_way(figure: go.Figure) -> tuple[str | None, str]:
    """The title and spec as ``charts.without_title`` and ``st.plotly_chart`` made them."""
    title = charts.without_title(figure)
    return title, pio.to_json(figure.to_dict(), validate=False)


@pytest.mark.parametrize("name", FIGURES)
def test_a_chart_sends_the_spec_plotly_sent(name: str) -> None:
    title, drawn = _drawn(FIGURES[name]())
    assert (title, pio.to_json(drawn.to_dict(), validate=False)) == plotly_way(FIGURES[name]())


def test_the_title_comes_out_and_the_top_margin_shrinks() -> None:
    title, drawn = _drawn(FIGURES["money bars, titled"]())
    layout = drawn.to_dict()["layout"]
    assert title == "Revenue"
    assert layout["title"] is None
    # the top margin is the legend's row alone (52 px), the sides as the labels need
    figure = FIGURES["money bars, titled"]()
    charts.without_title(figure)
    assert layout["margin"] == figure.to_dict()["layout"]["margin"]
    assert layout["margin"]["t"] == charts.untitled_top(
        layout.get("showlegend"), drawn.to_dict()["data"]
    )


def test_a_validated_figure_is_drawn_as_plotly_drew_it() -> None:
    def figure() -> go.Figure:
        return go.Figure(go.Bar(x=[1, 2], y=["a", "b"]), layout={"title": "其他", "height": 300})

    title, drawn = _drawn(figure())
    assert (title, pio.to_json(drawn.to_dict(), validate=False)) == plotly_way(figure())
    assert title == "其他"


@pytest.mark.parametrize("name", FIGURES)
def test_a_meeting_chart_scaled_for_a_wide_screen_is_the_spec_plotly_scaled(name: str) -> None:
    """The meeting's stretched charts take their title out the same way, then scale."""
    from sales_dash.ui.meeting_screen import scaled

    title, drawn = _drawn(FIGURES[name]())
    plotly_figure = FIGURES[name]()
    plotly_title = charts.without_title(plotly_figure)
    assert title == plotly_title
    ours, theirs = scaled(drawn, 1.5), scaled(plotly_figure, 1.5)
    assert pio.to_json(ours.to_dict(), validate=False) == pio.to_json(
        theirs.to_dict(), validate=False
    )

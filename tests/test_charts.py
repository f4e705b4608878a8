"""Figures from small frames: one palette, targets as lines, formatted hovers, empty frames."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from sales_dash import charts


def regions() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "region": ["华东", "华南", "西南"],
            "revenue": [Decimal("1234567.00"), Decimal("8000.00"), Decimal("-500.00")],
            "quota": [Decimal("2000000.00"), Decimal("10000.00"), Decimal("0.00")],
            "attainment": [0.62, 0.80, None],
            "time_progress": [0.767, 0.767, 0.767],
        },
        schema_overrides={"revenue": pl.Decimal(18, 2), "quota": pl.Decimal(18, 2)},
    )


@pytest.mark.parametrize(
    ("values", "language", "expected"),
    [
        ([5_000.0], "zh", (1.0, "")),
        ([12_000.0, None], "zh", (1e4, "万")),
        ([-3e8], "zh", (1e8, "亿")),
        ([999.0], "en", (1.0, "")),
        ([12_000.0], "en", (1e3, "K")),
        ([2.5e6], "en", (1e6, "M")),
        ([], "en", (1.0, "")),
    ],
)
def test_money_unit(values: list[float | None], language: str, expected: tuple) -> None:
    assert charts.money_unit(values, language) == expected


def test_ratio_bars_draw_targets_as_lines_and_colour_by_pace() -> None:
    figure = charts.ratio_bars(
        regions(),
        "region",
        "attainment",
        value_name="达成率",
        target=1.0,
        target_name="目标",
        time_progress=0.767,
        time_name="时间进度",
        alert=-0.10,
        key="region",
    )
    bar = figure.data[0]
    assert list(bar.y) == ["华东", "华南"]  # the null ratio has no bar; best on top
    # the values stand in a column right of the plot, one per bar, never on a line
    values = [(a.y, a.text, a.xref, a.x) for a in figure.layout.annotations]
    assert values == [("华东", "62.0%", "paper", 1), ("华南", "80.0%", "paper", 1)]
    assert figure.layout.margin.r >= charts.style.text_width("80.0%")
    assert bar.customdata[0][0] == "华东"
    assert list(bar.marker.color) == [charts.PALETTE["bad"], charts.PALETTE["actual"]]
    # the lines are named in the legend, not labelled on the plot where they would collide
    lines = [(shape.x0, shape.name, shape.showlegend) for shape in figure.layout.shapes]
    assert lines == [(1.0, "目标 100.0%", True), (0.767, "时间进度 76.7%", True)]
    assert "%{customdata[1]}" in bar.hovertemplate


def test_the_legend_says_what_each_bar_colour_means() -> None:
    frame = pl.DataFrame({"region": ["A", "B", "C"], "attainment": [0.5, 0.7, 0.9]})
    figure = charts.ratio_bars(
        frame,
        "region",
        "attainment",
        target=1.0,
        target_name="Target",
        time_progress=0.75,
        time_name="Time elapsed",
        alert=-0.10,
        language="en",
    )
    # 0.5 < 0.75 - 0.10 red; 0.7 behind 0.75 by less than 10 pt amber; 0.9 ahead blue
    keys = [(t.name, t.marker.color) for t in figure.data[1:]]
    assert keys == [
        ("More than 10 pt behind time elapsed", charts.PALETTE["bad"]),
        ("Behind time elapsed", charts.PALETTE["warn"]),
        ("At or ahead of time elapsed", charts.PALETTE["actual"]),
    ]
    assert figure.data[0].showlegend is False
    usage = charts.ratio_bars(
        frame.with_columns(pl.col("attainment") * 1.5),
        "region",
        "attainment",
        target=1.0,
        target_name="费用预算",
        lower_is_better=True,
    )  # 0.75, 1.05, 1.35 against 100%: two over the budget, one within
    assert [t.name for t in usage.data[1:]] == ["超出费用预算", "未超出费用预算"]
    # a ratio with no line to be measured against is one colour, and needs no legend
    plain = charts.ratio_bars(frame, "region", "attainment")
    assert len(plain.data) == 1 and plain.layout.showlegend is False


def test_long_names_are_cut_on_the_axis_and_whole_in_the_hover() -> None:
    long = "内蒙古自治区呼和浩特市第一销售大区"
    frame = pl.DataFrame({"region": [long, "华东"], "attainment": [0.5, 0.7]})
    figure = charts.ratio_bars(frame, "region", "attainment")
    assert list(figure.data[0].y) == [long, "华东"]
    assert list(figure.layout.yaxis.tickvals) == [long, "华东"]
    shown = list(figure.layout.yaxis.ticktext)
    assert shown[0].endswith("…") and long.startswith(shown[0][:-1]) and shown[1] == "华东"
    assert shown[0] == "内蒙古自治区呼和浩特…"  # ten characters and "…" (it read "…" alone)
    assert charts.style.text_width(shown[0]) <= charts.style.NAME_WIDTH
    # a rep's id stays: it tells two reps of one name apart
    assert charts.style.short_name(f"{long} (R0016)").endswith("… (R0016)")


def test_sections_rank_their_table_as_their_chart() -> None:
    frame = pl.DataFrame({"region": ["A", "B", "C", "D"], "ratio": [0.2, None, 0.9, 0.5]})
    assert charts.ranked(frame, "ratio")["region"].to_list() == ["C", "D", "A", "B"]
    lower = charts.ranked(frame, "ratio", lower_is_better=True)
    assert lower["region"].to_list() == ["A", "D", "C", "B"]
    # the chart draws bottom-up: its bars read top to bottom in the table's order
    figure = charts.ratio_bars(frame, "region", "ratio")
    assert list(reversed(figure.data[0].y)) == ["C", "D", "A"]


def test_a_closed_period_draws_one_line_where_time_meets_the_target() -> None:
    figure = charts.ratio_bars(
        regions(), "region", "attainment", target=1.0, time_progress=1.0, alert=-0.1
    )
    assert len(figure.layout.shapes) == 1


def test_money_vs_target_scales_money_and_formats_hovers() -> None:
    figure = charts.money_vs_target(
        regions(), "region", "revenue", "quota", "zh", actual_name="销售额", target_name="指标"
    )
    bars, line = figure.data
    assert bars.type == "bar" and line.type == "scatter" and line.line.dash == "dash"
    assert bars.y[0] == pytest.approx(123.4567)  # in 万
    assert bars.customdata[0][0] == "¥123.5万" and bars.customdata[2][0] == "-¥500"
    # one unit per axis, named in its title; ticks are plain numbers with separators
    assert figure.layout.yaxis.title.text == "销售额（万元）"
    assert figure.layout.yaxis.ticksuffix is None and figure.layout.yaxis.tickprefix is None
    assert figure.layout.yaxis.separatethousands is True


@pytest.mark.parametrize(
    ("unit", "language", "name", "expected"),
    [
        ("万", "zh", "销售额", "销售额（万元）"),
        ("亿", "zh", "", "亿元"),
        ("", "zh", "回款", "回款（元）"),
        ("K", "en", "Revenue", "Revenue (CN¥K)"),
        ("M", "en", "Revenue", "Revenue (CN¥M)"),
        ("", "en", "", "CN¥"),
    ],
)
def test_money_axis_titles_name_the_unit(
    unit: str, language: str, name: str, expected: str
) -> None:
    axis = charts.style.money_axis(unit, language, name)
    assert axis["title"]["text"] == expected


def test_money_bars_keep_the_largest_on_top_and_limit() -> None:
    figure = charts.money_bars(regions(), "region", "revenue", "en", limit=2)
    assert list(figure.data[0].y) == ["华南", "华东"]  # plotly draws the first at the bottom
    texts = [a.text for a in figure.layout.annotations]
    assert texts == ["CN¥8.0K", "CN¥1.2M"]  # CLDR's en yuan (issue 11)


def test_stacked_aging_uses_the_aging_palette() -> None:
    frame = pl.DataFrame({"region": ["华东"], "not_due": [1.0], "d1_30": [2.0], "d90_plus": [3.0]})
    parts = ["not_due", "d1_30", "d90_plus"]
    figure = charts.stacked_money(
        frame,
        "region",
        parts,
        ["未到期", "1-30", "90+"],
        "zh",
        colours=[charts.AGING_COLOURS[p] for p in parts],
    )
    assert [t.marker.color for t in figure.data] == [charts.AGING_COLOURS[p] for p in parts]
    assert figure.layout.barmode == "stack"


def test_change_bars_colour_gains_and_losses() -> None:
    frame = pl.DataFrame({"region": ["华东", "华南"], "share_change": [0.012, -0.004]})
    figure = charts.change_bars(frame, "region", "share_change", language="en")
    assert [a.text for a in figure.layout.annotations] == ["-0.4 pt", "+1.2 pt"]
    assert list(figure.data[0].marker.color) == [charts.PALETTE["bad"], charts.PALETTE["good"]]
    assert [t.name for t in figure.data[1:]] == ["Up", "Down"]


def test_every_figure_builds_from_an_empty_frame() -> None:
    empty = regions().clear()
    charts.ratio_bars(empty, "region", "attainment", target=1.0)
    charts.money_bars(empty, "region", "revenue", "zh")
    charts.money_vs_target(empty, "region", "revenue", "quota", "zh")
    charts.stacked_money(empty, "region", ["revenue"], ["r"], "zh")
    charts.change_bars(empty.with_columns(share_change=pl.lit(0.0)), "region", "share_change")
    charts.customer_scatter(
        pl.DataFrame(
            schema={
                "customer_id": pl.String,
                "customer_name": pl.String,
                "revenue": pl.Float64,
                "gross_margin": pl.Float64,
            }
        ),
        "en",
    )
    charts.discount_histogram(
        pl.DataFrame(
            schema={"discount_percent": pl.Int32, "over_limit": pl.Boolean, "lines": pl.Int64}
        ),
        0.15,
    )
    charts.class_bars(
        pl.DataFrame(
            schema={"abc_class": pl.String, "customers": pl.Int64, "revenue_share": pl.Float64}
        )
    )


def test_layout_is_readable_on_a_projector() -> None:
    figure = charts.money_bars(regions(), "region", "revenue", "zh", title="销售额")
    assert figure.layout.font.size >= 15 and figure.layout.hoverlabel.font.size >= 15
    assert figure.layout.template.layout.paper_bgcolor in (None, "white")


def test_discount_histogram_reds_only_lines_over_the_limit() -> None:
    # over authority is discount_rate > limit: the bar of (14%, 15%] holds lines at 15%
    # exactly and stays blue; a limit inside a bar, 12.5% in (12%, 13%], splits that bar
    frame = pl.DataFrame(
        {
            "discount_percent": [0, 14, 15, 16],
            "over_limit": [False, False, False, True],
            "lines": [40, 10, 5, 2],
        }
    )
    figure = charts.discount_histogram(frame, 0.15, lines_name="lines")
    within, over = figure.data
    assert within.marker.color == charts.PALETTE["actual"]
    assert over.marker.color == charts.PALETTE["bad"]
    assert (list(within.x), list(within.y)) == ([-0.5, 13.5, 14.5], [40, 10, 5])
    assert (list(over.x), list(over.y)) == ([15.5], [2])
    assert list(within.customdata) == ["0%", "13–14%", "14–15%"]
    # the limit line stands between the last blue bar and the first red one
    assert figure.layout.shapes[0].x0 == figure.layout.shapes[0].x1 == 15.0
    # the legend names the line and what blue and red mean
    assert figure.layout.shapes[0].showlegend is True
    assert (within.name, over.name) == ("≤ 15.0%", "> 15.0%")
    split = pl.DataFrame(
        {"discount_percent": [13, 13], "over_limit": [False, True], "lines": [4, 6]}
    )
    within, over = charts.discount_histogram(split, 0.125).data
    assert (list(within.x), list(over.x)) == ([12.5], [12.5])
    assert charts.discount_histogram(split, 0.125).layout.barmode == "stack"


def test_small_ratio_axes_show_a_decimal() -> None:
    from sales_dash.charts.bars import percent_tick_format

    # an axis up to 1.2% would read 0%, 0%, 1%, 1% with whole percents
    assert percent_tick_format(0.012) == ".1%"
    assert percent_tick_format(0.85) == ".0%"


def test_names_from_the_data_are_labels_not_markup() -> None:
    """Plotly renders <a href>, <b>, <br> in labels: a region named as a link must show
    as written, not become one (issue 13, hardening)."""
    link = '<a href="http://127.0.0.1:9/">Session expired</a>'
    frame = pl.DataFrame(
        {"region": [link, "P&G"], "revenue": [Decimal("100"), Decimal("50")]},
        schema={"region": pl.String, "revenue": pl.Decimal(38, 2)},
    )
    figure = charts.money_bars(frame, "region", "revenue", "en")
    labels = sorted(figure.data[0].y)
    assert labels == ['&lt;a href="http://127.0.0.1:9/"&gt;Session expired&lt;/a&gt;', "P&G"]
    assert "<a" not in figure.to_json()


@pytest.mark.parametrize(
    ("first", "last", "zh", "en"),
    [
        ("2026-01", "2026-12", "2026年", "2026"),  # 本年: the year, not "last 12 months"
        ("2025-12", "2026-11", "2025年12月至2026年11月", "Dec 2025 – Nov 2026"),
        ("2026-11", "2026-11", "2026年11月", "Nov 2026"),
    ],
)
def test_trend_titles_name_the_months_they_show(first: str, last: str, zh: str, en: str) -> None:
    from sales_dash.i18n import month_span, text

    assert (month_span(first, last, "zh"), month_span(first, last, "en")) == (zh, en)
    title = text("market_trend_title_span", "zh", span=month_span(first, last, "zh"))
    assert title == f"{zh}市场容量、销售额与占有率"


def test_a_trend_without_any_target_draws_no_target_line() -> None:
    """A lake without quotas: the revenue bars alone, no 'Quota' in the legend."""
    frame = pl.DataFrame(
        {"month": ["2018-01", "2018-02"], "revenue": [1200.0, 800.0], "quota": [None, None]},
        schema_overrides={"quota": pl.Float64},
    )
    drawn = charts.money_vs_target(frame, "month", "revenue", "quota", "en", target_name="Quota")
    assert [trace.type for trace in drawn.data] == ["bar"]
    frame = frame.with_columns(quota=pl.Series([1000.0, None]))
    drawn = charts.money_vs_target(frame, "month", "revenue", "quota", "en", target_name="Quota")
    assert [trace.name for trace in drawn.data][1] == "Quota"


# branch clock (issue 15): margins sized for the labels, so plotly.js draws a figure once
def test_the_widest_tick_label_of_a_numeric_axis() -> None:
    tick = charts.style._tick_text
    assert tick({}, 0.0, 1070.4) == "1,070"  # ¥1,070.4万: ticks up to 1,000
    assert tick({}, 0.0, 3.2) == "3.2"  # a short axis steps by 0.5
    assert tick({"tickformat": ".0%"}, -0.2, 1.31) == "-131%"
    assert tick({"tickformat": ".1%"}, 0.0, 0.085) == "8.5%"
    assert tick({"ticksuffix": "%"}, 0.0, 40.0) == "40%"


def test_a_legend_is_drawn_as_plotly_draws_it() -> None:
    bar, line = {"type": "bar"}, {"type": "scatter"}
    assert not charts.style.legend_shown(None, [bar])
    assert charts.style.legend_shown(None, [bar, line])
    assert not charts.style.legend_shown(None, [bar, {**line, "showlegend": False}])
    assert charts.style.legend_shown(None, [{**bar, "showlegend": True}])
    assert not charts.style.legend_shown(False, [bar, line])


def test_the_margins_hold_the_names_numbers_and_legend() -> None:
    long_name = "内蒙古自治区呼和浩特市第一销售大区"  # cut to 170 px on the axis
    frame = pl.DataFrame({"region": ["华东", long_name], "revenue": [10_704_000.0, 1.0]})
    bars = charts.money_bars(frame, "region", "revenue", "zh", value_name="销售额")
    # the widest name as cut ("内蒙古自治区呼和浩特…": eleven glyphs of 15 px) and its
    # stand-off; below, a line of numbers (38 px) and the axis title (28 px)
    assert bars.layout.margin.l == 11 * 15 + 19
    assert bars.layout.margin.b == 38 + 28
    assert bars.layout.margin.t == 50  # one bar series: no legend
    months = pl.DataFrame(
        {"month": ["2026-01", "2026-02"], "revenue": [10_704_000.0, 9e6], "quota": [1e7, 1e7]}
    )
    trend = charts.money_vs_target(
        months, "month", "revenue", "quota", "zh", title="销售额", actual_name="销售额"
    )
    # 1,070 (万) at 15 px: four digits of 0.57 em and a comma of 0.3 em, the title, 20 px
    assert trend.layout.margin.l == round((4 * 0.57 + 0.3) * 15 + 28 + 20)
    assert trend.layout.margin.t == 52 + 45  # the legend's row and the title
    charts.without_title(trend)
    assert trend.layout.margin.t == 52  # the page draws the title; the legend stays

"""The dashboard's core functions on the demo lake: every number they show is the engine's
number (or composed from the engine's numbers in the way the docstrings say)."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from decimal import Decimal

import polars as pl
import pytest

from sales_dash import sections
from sales_dash.engine.lines import matching_lines
from sales_dash.engine.metrics import compute_metric
from sales_dash.engine.options import charted, narrow_options, option_frame, rep_label
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from sales_dash.sections.alerts import alerts
from sales_dash.sections.attainment import attainment_by
from sales_dash.sections.collections import collection_section
from sales_dash.sections.customers import customer_section
from sales_dash.sections.data import lake_status
from sales_dash.sections.drill import DrillPath, DrillSpec, drill_level, spec_at
from sales_dash.sections.expenses import expense_by
from sales_dash.sections.margin import discount_section, margin_section
from sales_dash.sections.market import market_shares
from sales_dash.sections.meeting import headlines, meeting, pacing_sentence, week_windows
from sales_dash.sections.metric import view_metric, year_by_month
from sales_dash.sections.overview import Kpi, kpi_board, relative_change
from sales_dash.sections.team import rep_detail, scorecard
from sales_dash.settings import setting
from sales_dash.view import View

D = dt.date
AS_OF = D(2026, 11, 23)
NOVEMBER = View(D(2026, 11, 1), D(2026, 11, 30), AS_OF)
OCTOBER = View(D(2026, 10, 1), D(2026, 10, 31), AS_OF)


def engine(
    lake: Lake, name: str, view: View, by: str | None = None, **dates: dt.date
) -> pl.DataFrame:
    return compute_metric(
        lake,
        name,
        dates.get("start", view.start),
        dates.get("end", view.end),
        dates.get("as_of", view.as_of),
        by=by,
        filters=view.filters,
    )


def one(frame: pl.DataFrame, column: str) -> object:
    return frame[column][0]


def test_kpi_tiles_show_the_engine_numbers(demo_lake: Lake) -> None:
    board = kpi_board(demo_lake, NOVEMBER)
    values = {k.name: k.value for k in board.kpis}
    assert values["revenue"] == one(engine(demo_lake, "attainment", NOVEMBER), "revenue")
    assert values["attainment"] == one(engine(demo_lake, "attainment", NOVEMBER), "attainment")
    assert values["gross_margin"] == one(engine(demo_lake, "margin", NOVEMBER), "gross_margin")
    assert values["collection_rate"] == one(
        engine(demo_lake, "collection", NOVEMBER), "collection_rate"
    )
    assert values["expense_ratio"] == one(engine(demo_lake, "expense", NOVEMBER), "expense_ratio")
    assert values["market_share"] == one(
        engine(demo_lake, "market_share", NOVEMBER), "market_share"
    )


def test_an_open_month_is_compared_like_for_like(demo_lake: Lake) -> None:
    board = kpi_board(demo_lake, NOVEMBER)
    previous = {k.name: k.previous for k in board.kpis}
    cut = {"start": D(2026, 10, 1), "end": D(2026, 10, 23), "as_of": D(2026, 10, 23)}
    full = {"start": D(2026, 10, 1), "end": D(2026, 10, 31), "as_of": D(2026, 10, 23)}
    revenue = one(engine(demo_lake, "attainment", NOVEMBER, **cut), "revenue")
    quota = one(engine(demo_lake, "attainment", NOVEMBER, **full), "quota")
    market = one(engine(demo_lake, "market_share", NOVEMBER, **full), "market_size")
    # the market of the same 23 days as the revenue, not October's whole market
    whole = {**full, "as_of": D(2026, 10, 31)}
    october = one(engine(demo_lake, "market_share", NOVEMBER, **whole), "market_size")
    assert float(market) == pytest.approx(float(october) * 23 / 31)
    assert previous["revenue"] == revenue
    assert previous["attainment"] == pytest.approx(float(revenue) / float(quota))
    assert previous["market_share"] == pytest.approx(float(revenue) / float(market))
    assert previous["gross_margin"] == one(
        engine(demo_lake, "margin", NOVEMBER, **cut), "gross_margin"
    )
    assert previous["expense_ratio"] == one(
        engine(demo_lake, "expense", NOVEMBER, **cut), "expense_ratio"
    )
    assert previous["collection_rate"] == one(
        engine(demo_lake, "collection", NOVEMBER, **full), "collection_rate"
    )


def test_a_closed_month_is_compared_with_the_engine_numbers_of_the_month_before(
    demo_lake: Lake,
) -> None:
    board = kpi_board(demo_lake, OCTOBER)
    september = View(D(2026, 9, 1), D(2026, 9, 30), D(2026, 9, 30))
    previous = {k.name: k.previous for k in board.kpis}
    assert previous["attainment"] == one(engine(demo_lake, "attainment", september), "attainment")
    assert previous["market_share"] == one(
        engine(demo_lake, "market_share", september), "market_share"
    )


def test_kpi_deltas() -> None:
    assert Kpi("revenue", 120, 100).delta == pytest.approx(0.2)
    assert Kpi("revenue", 80, -100).delta == pytest.approx(1.8)
    assert Kpi("revenue", 80, 0).delta is None
    assert Kpi("attainment", 0.9, 0.85).delta == pytest.approx(0.05)
    assert Kpi("attainment", None, 0.85).delta is None


def test_alerts_are_exactly_the_groups_beyond_the_thresholds(demo_lake: Lake) -> None:
    found = alerts(demo_lake, NOVEMBER)
    pacing = float(setting("pacing_alert"))
    target = float(setting("collection_target"))
    by_region = engine(demo_lake, "attainment", NOVEMBER, "region")
    expected = set(by_region.filter(pl.col("pacing_gap") < pacing)["region"])
    alerted = found.filter((pl.col("kind") == "pacing") & (pl.col("level") == "region"))
    assert set(alerted["key"]) == expected and expected
    collection = engine(demo_lake, "collection", NOVEMBER, "rep")
    expected = set(collection.filter(pl.col("collection_rate") < target)["rep_id"])
    alerted = found.filter((pl.col("kind") == "collection") & (pl.col("level") == "rep"))
    assert set(alerted["key"]) == expected
    expense = engine(demo_lake, "expense", NOVEMBER, "region")
    expected = set(expense.filter(pl.col("budget_usage") > 1)["region"])
    alerted = found.filter((pl.col("kind") == "expense_overrun") & (pl.col("level") == "region"))
    assert set(alerted["key"]) == expected
    # the worst first within a kind and level
    gaps = found.filter((pl.col("kind") == "pacing") & (pl.col("level") == "rep"))["value"]
    assert gaps.to_list() == sorted(gaps.to_list())


def test_drill_down_from_regions_to_order_lines(demo_lake: Lake) -> None:
    spec = DrillSpec("attainment", "attainment")
    regions = drill_level(demo_lake, NOVEMBER, DrillPath(), spec)
    assert regions.level == "region"
    assert regions.rows.drop("key", "label").equals(
        engine(demo_lake, "attainment", NOVEMBER, "region")
    )
    region = "华东"
    reps = drill_level(demo_lake, NOVEMBER, DrillPath(region), spec)
    expected = engine(demo_lake, "attainment", NOVEMBER.narrowed(regions=(region,)), "rep")
    assert reps.level == "rep" and reps.rows.drop("key", "label").equals(expected)
    rep = reps.rows.sort("revenue", descending=True)["key"][0]
    customers = drill_level(demo_lake, NOVEMBER, DrillPath(region, rep), spec)
    assert customers.level == "customer" and customers.spec == DrillSpec("margin", "revenue")
    narrowed = NOVEMBER.narrowed(regions=(region,), reps=(rep,))
    assert customers.rows["revenue"].sum() == one(engine(demo_lake, "margin", narrowed), "revenue")
    customer = customers.rows.sort("revenue", descending=True)["key"][0]
    lines = drill_level(demo_lake, NOVEMBER, DrillPath(region, rep, customer), spec)
    assert lines.level == "lines" and lines.total_lines == lines.rows.height > 0
    total = customers.rows.filter(pl.col("key") == customer)["revenue"][0]
    assert lines.rows["revenue"].sum() == total
    assert lines.rows["order_date"].is_sorted(descending=True)


def test_drill_falls_back_to_revenue_where_the_metric_has_no_grouping() -> None:
    assert spec_at(DrillSpec("market_share", "market_share"), "rep") == DrillSpec(
        "margin", "revenue"
    )
    assert spec_at(DrillSpec("collection", "collection_rate"), "customer") == DrillSpec(
        "collection", "collection_rate"
    )


def test_matching_lines_counts_booked_lines(demo_lake: Lake) -> None:
    orders = demo_lake.read_table("orders")
    expected = orders.filter(
        pl.col("order_date").is_between(D(2026, 11, 1), D(2026, 11, 30))
        & (pl.col("status") != "cancelled")
    ).height
    assert matching_lines(demo_lake, NOVEMBER) == expected
    empty = View(D(2020, 1, 1), D(2020, 1, 31), D(2020, 1, 31))
    assert matching_lines(demo_lake, empty) == 0
    customer = orders.filter(pl.col("order_date") == D(2026, 11, 23))["customer_id"][0]
    one_customer = NOVEMBER.narrowed(customers=(customer,))
    booked = orders.filter(
        (pl.col("customer_id") == customer)
        & pl.col("order_date").is_between(D(2026, 11, 1), D(2026, 11, 30))
        & (pl.col("status") != "cancelled")
    ).height
    assert matching_lines(demo_lake, one_customer) == booked > 0


def test_filter_options_narrow_each_other(demo_lake: Lake) -> None:
    combos = option_frame(demo_lake)
    everything = narrow_options(combos)
    assert len(everything.regions) == 6 and len(everything.reps) == 40
    east = narrow_options(combos, regions=("华东",))
    quotas = demo_lake.read_table("quotas")
    assert set(east.reps) == set(quotas.filter(pl.col("region") == "华东")["rep_id"])
    air = narrow_options(combos, categories=("空调",))
    assert set(air.products) == {"变频挂机1.5匹", "柜机3匹", "中央空调风管机"}
    assert rep_label("S001", east.rep_names) == f"{east.rep_names['S001']} (S001)"
    assert rep_label("S999", {}) == "S999"


def test_page_sections_carry_the_engine_frames(demo_lake: Lake) -> None:
    assert (
        attainment_by(demo_lake, NOVEMBER, "region")
        .drop("needed_per_day")
        .equals(engine(demo_lake, "attainment", NOVEMBER, "region"))
    )
    row = attainment_by(demo_lake, NOVEMBER).row(0, named=True)
    assert row["needed_per_day"] == pytest.approx(
        max(float(row["quota"]) - float(row["revenue"]), 0) / 7
    )
    assert year_by_month(demo_lake, NOVEMBER, "attainment").height == 12
    # the tiles' totals carry their coverage columns (sales_dash.engine.unknowns): all known here
    margin_total = margin_section(demo_lake, NOVEMBER).total
    assert margin_total.drop("cost_coverage").equals(engine(demo_lake, "margin", NOVEMBER))
    assert margin_total["cost_coverage"].to_list() == [1.0]
    margin = discount_section(demo_lake, NOVEMBER)
    over = engine(demo_lake, "over_authority", NOVEMBER)
    assert margin.over_authority_lines.height == one(over, "lines")
    assert margin.over_authority_lines["revenue"].sum() == one(over, "revenue")
    assert margin.discounts["lines"].sum() == matching_lines(demo_lake, NOVEMBER)
    collections = collection_section(demo_lake, NOVEMBER)
    coverage = ["payment_coverage", "receivable_coverage"]
    # (and receipt_basis, null: the demo has no receipts, its lines are the one source)
    assert collections.total["receipt_basis"].to_list() == [None]
    total = collections.total.drop(*coverage, "receipt_basis")
    assert total.equals(engine(demo_lake, "collection", NOVEMBER))
    assert collections.total.select(coverage).row(0) == (1.0, 1.0)
    by_customer = engine(demo_lake, "collection", NOVEMBER, "customer")
    top = collections.top_overdue.row(0, named=True)
    mine = by_customer.filter(pl.col("customer_id") == top["customer_id"]).row(0, named=True)
    assert top["overdue"] == mine["outstanding"] - mine["not_due"]
    assert top["days_overdue"] > 0
    owed = demo_lake.read_table("orders").filter(
        (pl.col("customer_id") == top["customer_id"])
        & (pl.col("status") != "cancelled")
        & (pl.col("order_date") <= AS_OF)
        & (pl.col("revenue") > pl.col("paid_amount"))
    )
    assert top["days_overdue"] == (AS_OF - owed["due_date"].min()).days
    total = expense_by(demo_lake, NOVEMBER).row(0, named=True)
    assert total["expense_per_visit"] == pytest.approx(float(total["expense"]) / total["visits"])
    by_rep = expense_by(demo_lake, NOVEMBER, "rep")
    visits = engine(demo_lake, "activity", NOVEMBER, "rep").select("rep_id", "visits")
    assert by_rep.select("rep_id", "visits").sort("rep_id").equals(visits.sort("rep_id"))
    by_region = market_shares(demo_lake, OCTOBER, "region")
    september = engine(
        demo_lake, "market_share", View(D(2026, 9, 1), D(2026, 9, 30), AS_OF), "region"
    )
    joined = by_region.join(september, on="region", suffix="_sep")
    assert joined["previous_share"].to_list() == joined["market_share_sep"].to_list()


def test_scorecard_rows_are_the_engine_numbers_per_rep(demo_lake: Lake) -> None:
    card = scorecard(demo_lake, NOVEMBER)
    assert card.height == 40 and card["rep_id"].is_unique().all()
    attainment = engine(demo_lake, "attainment", NOVEMBER, "rep")
    activity = engine(demo_lake, "activity", NOVEMBER, "rep")
    joined = card.join(attainment, on="rep_id", suffix="_engine").join(
        activity, on="rep_id", suffix="_activity"
    )
    assert joined["attainment"].to_list() == joined["attainment_engine"].to_list()
    assert joined["visits_per_week"].to_list() == joined["visits_per_week_activity"].to_list()
    target = float(setting("visits_per_week_target"))
    assert card["visits_on_target"].to_list() == (card["visits_per_week"] >= target).to_list()


def test_rep_detail_covers_the_reps_revenue(demo_lake: Lake) -> None:
    detail = rep_detail(demo_lake, NOVEMBER, "S001")
    revenue = one(engine(demo_lake, "margin", NOVEMBER.narrowed(reps=("S001",))), "revenue")
    assert detail.customers["revenue"].sum() == revenue
    assert (detail.recent_orders["rep_id"] == "S001").all()
    assert detail.monthly["month"].to_list()[-1] == "2026-11"


def test_customer_lists_agree_with_the_engine(demo_lake: Lake) -> None:
    section = customer_section(demo_lake, NOVEMBER)
    activity = engine(demo_lake, "activity", NOVEMBER)
    assert section.new.height == one(activity, "new_customers")
    abc = engine(demo_lake, "abc", NOVEMBER)
    counts = dict(zip(section.classes["abc_class"], section.classes["customers"], strict=True))
    assert counts == {c: abc.filter(pl.col("abc_class") == c).height for c in "ABCD"}
    assert section.dormant.height == counts["D"]
    assert section.dormant["revenue_year_before"].min() > 0
    shares = section.classes.filter(pl.col("abc_class") != "D")["revenue_share"].sum()
    assert shares == pytest.approx(1.0)


def test_meeting_sentences_come_from_the_numbers(demo_lake: Lake) -> None:
    data = meeting(demo_lake, NOVEMBER)
    assert week_windows(AS_OF) == ((D(2026, 11, 23), AS_OF), (D(2026, 11, 16), D(2026, 11, 16)))
    regions = engine(demo_lake, "attainment", NOVEMBER, "region")
    east = regions.filter(pl.col("region") == "华东").row(0, named=True)
    lines = headlines(data, "zh")
    assert pacing_sentence("华东", east["attainment"], east["pacing_gap"], "zh") in lines
    # the week's revenue is the whole scope's, and said so: it once took the name of the
    # last region listed above it ("东北本周销售额 ¥753.2万" for the company's week)
    week = [line for line in lines if "本周销售额" in line]
    assert len(week) == 1 and week[0].startswith("整体本周销售额 "), week
    english = headlines(data, "en")
    assert len(english) == len(lines) and all(
        line.isascii() or "：" not in line for line in english
    )
    assert data.top_reps["attainment"].is_sorted(descending=True)
    assert data.bottom_reps["attainment"].is_sorted()
    week = engine(demo_lake, "margin", NOVEMBER, start=AS_OF, end=AS_OF, as_of=AS_OF)
    assert data.this_week.revenue == one(week, "revenue")


@pytest.mark.parametrize(
    ("attainment", "gap", "language", "expected"),
    [
        (0.923, -0.041, "zh", "华东本月达成 92.3%，落后时间进度 4.1 个百分点"),
        (1.1, 0.2, "zh", "华东本月达成 110.0%，领先时间进度 20.0 个百分点"),
        (0.5, 0.0, "zh", "华东本月达成 50.0%，与时间进度持平"),
        (None, None, "zh", "华东本月没有销售指标"),
        (0.923, -0.041, "en", "华东: 92.3% of this month's quota, 4.1 points behind time"),
    ],
)
def test_pacing_sentence(
    attainment: float | None, gap: float | None, language: str, expected: str
) -> None:
    assert pacing_sentence("华东", attainment, gap, language) == expected


def test_lake_status_counts_rows_per_table(demo_lake: Lake) -> None:
    status = lake_status(demo_lake)
    rows = dict(zip(status.tables["table_name"], status.tables["rows"], strict=True))
    assert rows == {
        t: demo_lake.read_table(t).height
        for t in ("orders", "visits", "quotas", "market", "payments")
    }
    assert status.version == demo_lake.version
    assert status.months.columns == ["month", "orders", "visits", "quotas", "market", "payments"]


def test_an_empty_lake_has_no_status_rows(lake: Lake) -> None:
    status = lake_status(lake)
    assert status.tables["rows"].to_list() == [0, 0, 0, 0, 0]
    assert status.months.is_empty()


def test_filters_that_match_nothing_give_empty_frames_not_errors(demo_lake: Lake) -> None:
    nothing = View(D(2026, 11, 1), D(2026, 11, 30), AS_OF, Filters(regions=("火星",)))
    assert matching_lines(demo_lake, nothing) == 0
    assert drill_level(
        demo_lake, nothing, DrillPath(), DrillSpec("margin", "gross_margin")
    ).rows.is_empty()
    assert scorecard(demo_lake, nothing).is_empty()
    assert customer_section(demo_lake, nothing).new.is_empty()


# November seen on the 10th: flows stop at as-of while the period runs to the 30th, so
# every list must stop there too and add up to the engine's tiles.
EARLY = View(D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 10))


def booked_lines(lake: Lake, view: View) -> pl.DataFrame:
    """The booked order lines of the view's period up to as-of, by hand."""
    return lake.read_table("orders").filter(
        pl.col("order_date").is_between(view.start, view.as_of) & (pl.col("status") != "cancelled")
    )


def test_view_flow_end_is_the_period_end_capped_at_as_of() -> None:
    assert EARLY.flow_end == D(2026, 11, 10)
    assert OCTOBER.flow_end == D(2026, 10, 31)


def test_margin_lists_stop_at_as_of_like_the_tiles(demo_lake: Lake) -> None:
    margin = discount_section(demo_lake, EARLY)
    over = engine(demo_lake, "over_authority", EARLY)
    assert margin.over_authority_lines.height == one(over, "lines") > 0
    assert margin.over_authority_lines["revenue"].sum() == one(over, "revenue")
    assert margin.over_authority_lines["order_date"].max() <= EARLY.as_of
    lines = booked_lines(demo_lake, EARLY).height
    assert margin.discounts["lines"].sum() == matching_lines(demo_lake, EARLY) == lines
    over_bars = margin.discounts.filter(pl.col("over_limit"))
    assert over_bars["lines"].sum() == one(over, "lines")
    assert over_bars["revenue"].sum() == one(over, "revenue")


def test_customer_lists_stop_at_as_of_like_the_tiles(demo_lake: Lake) -> None:
    section = customer_section(demo_lake, EARLY)
    activity = engine(demo_lake, "activity", EARLY)
    assert section.new.height == one(activity, "new_customers") > 0
    assert section.new["first_order_date"].max() <= EARLY.as_of
    # dormant (D) is reckoned at as-of: its last order is never later, and one inside the
    # period only where returns net the period's revenue to zero or below
    last = section.dormant["last_order_date"]
    assert section.dormant.height > 0 and last.max() <= EARLY.as_of
    ordered = section.dormant.filter(pl.col("last_order_date") >= EARLY.start)
    assert (ordered["revenue"] <= 0).all()


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(regions=("华东",)),
        Filters(reps=("S001", "S002")),
        Filters(categories=("空调",)),
        Filters(products=("柜机3匹",)),
        Filters(regions=("华南",), categories=("冰箱",)),
    ],
)
@pytest.mark.parametrize("as_of", [D(2026, 11, 10), D(2026, 11, 23), D(2026, 10, 31)])
def test_new_customer_list_is_the_engine_count(
    demo_lake: Lake, filters: Filters, as_of: dt.date
) -> None:
    view = View(D(2026, 10, 1), D(2026, 11, 30), as_of, filters)
    new = customer_section(demo_lake, view).new
    assert new.height == one(engine(demo_lake, "activity", view), "new_customers")


def test_order_lines_stop_at_as_of(demo_lake: Lake) -> None:
    assert matching_lines(demo_lake, EARLY) == booked_lines(demo_lake, EARLY).height
    spec = DrillSpec("margin", "revenue")
    region = "华东"
    reps = drill_level(demo_lake, EARLY, DrillPath(region), spec)
    rep = reps.rows.sort("revenue", descending=True)["key"][0]
    customers = drill_level(demo_lake, EARLY, DrillPath(region, rep), spec)
    customer = customers.rows.sort("revenue", descending=True)["key"][0]
    lines = drill_level(demo_lake, EARLY, DrillPath(region, rep, customer), spec)
    assert lines.rows["order_date"].max() <= EARLY.as_of
    total = customers.rows.filter(pl.col("key") == customer)["revenue"][0]
    assert lines.rows["revenue"].sum() == total
    detail = rep_detail(demo_lake, EARLY, "S001")
    assert detail.recent_orders["order_date"].max() <= EARLY.as_of


def test_lines_at_the_discount_limit_are_not_over_it(demo_lake: Lake) -> None:
    year = View(D(2025, 12, 1), D(2026, 11, 30), AS_OF)
    margin = discount_section(demo_lake, year)
    limit = margin.discount_limit
    at_limit = booked_lines(demo_lake, year).filter(
        pl.col("discount_rate").cast(pl.Float64) == limit
    )
    assert at_limit.height > 0
    # the bucket ending at the limit holds them, all within it
    bucket = margin.discounts.filter(pl.col("discount_percent") == round(limit * 100))
    assert not bucket["over_limit"].any() and bucket["lines"].sum() >= at_limit.height
    over = engine(demo_lake, "over_authority", year)
    assert margin.discounts.filter(pl.col("over_limit"))["lines"].sum() == one(over, "lines")


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (120, 100, 0.2),
        (80, -100, 1.8),  # from a loss of 100 to a gain of 80: +180%
        (Decimal("90.5"), Decimal("100"), -0.095),
        (80, 0, None),
        (None, 100, None),
        (80, None, None),
    ],
)
def test_one_relative_change_for_tiles_and_sentences(
    now: object, before: object, expected: float | None
) -> None:
    change = relative_change(now, before)  # type: ignore[arg-type]
    assert change == (None if expected is None else pytest.approx(expected))
    assert Kpi("revenue", now, before).delta == change  # type: ignore[arg-type]


def test_the_page_sections_share_one_metric_helper(demo_lake: Lake) -> None:
    for info in pkgutil.iter_modules(sections.__path__):
        module = importlib.import_module(f"sales_dash.sections.{info.name}")
        assert not hasattr(module, "_metric") and not hasattr(module, "_change")
    assert view_metric(demo_lake, "margin", NOVEMBER, "region").equals(
        engine(demo_lake, "margin", NOVEMBER, "region")
    )
    october = view_metric(demo_lake, "margin", NOVEMBER, start=OCTOBER.start, end=OCTOBER.end)
    assert october.equals(engine(demo_lake, "margin", OCTOBER))


def test_charted_names_rep_bars_by_name_and_id() -> None:
    reps = pl.DataFrame(
        {"rep_id": ["S001", "S002", "S003", "S004"], "rep_name": ["张伟", None, "S003", ""]}
    )
    shown, label = charted(reps, "rep")
    assert label == "label"
    # a rep without a name of its own reads as its id once, as in the sidebar
    assert shown["label"].to_list() == ["张伟 (S001)", "S002", "S003", "S004"]
    assert shown["label"].to_list() == [rep_label(r, {"S001": "张伟"}) for r in reps["rep_id"]]
    regions = pl.DataFrame({"region": ["华东"]})
    assert charted(regions, "region") == (regions, "region")


def test_the_unassigned_group_reads_as_such_in_every_label() -> None:
    """Lines without a rep or region are one group, keyed schema.UNASSIGNED, labelled
    未分配 / Unassigned in charts, selectors, alerts and meeting sentences."""
    from sales_dash.engine.options import key_label
    from sales_dash.schema import UNASSIGNED

    reps = pl.DataFrame({"rep_id": [UNASSIGNED, "S001"], "rep_name": [None, "张伟"]})
    shown, label = charted(reps, "rep", "en")
    assert shown[label].to_list() == ["Unassigned", "张伟 (S001)"]
    regions = pl.DataFrame({"region": [UNASSIGNED, "华东"]})
    shown, label = charted(regions, "region", "zh")
    assert shown[label].to_list() == ["未分配", "华东"]
    assert shown["region"].to_list() == [UNASSIGNED, "华东"]  # the key stays the key
    assert [key_label(k, "en") for k in (UNASSIGNED, None, "华东")] == [
        "Unassigned",
        "Unassigned",
        "华东",
    ]

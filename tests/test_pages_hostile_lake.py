"""Every page under AppTest on lakes a malicious or broken upload could leave (issue 13):
dates at the ends of the calendar, and names that are Markdown links and images.

Pages must run without an exception or error box, the default as-of must not move to a
date outside the window, and no user-supplied string may render as a link or an image.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from sales_dash.demo import build_demo
from sales_dash.lake import Lake
from sales_dash.settings import PROJECT_ROOT
from sales_dash.view import COMPARISONS, PRESETS

APP = str(PROJECT_ROOT / "app.py")
BUILT = dt.date(2026, 11, 23)
FAR, EARLY = dt.date(9999, 12, 31), dt.date(1, 1, 1)
PAGES = sorted(f"pages/{p.name}" for p in (PROJECT_ROOT / "pages").glob("*.py"))


def _hostile_dates(lake: Lake) -> None:
    """An order, a visit, a quota and a market row at each end of the calendar, written
    straight into the lake as a broken upload (or a hand edit) would leave them."""
    order = lake.read_table("orders", ["2026-11"]).head(1)
    visit = lake.read_table("visits", ["2026-11"]).head(1)
    quota = lake.read_table("quotas", ["2026-11"]).head(1)
    market = lake.read_table("market", ["2026-11"]).head(1)
    changes: dict[str, dict[str, pl.DataFrame | None]] = {}
    for tag, day in (("FAR", FAR), ("EARLY", EARLY)):
        month = day.strftime("%Y-%m")
        dates = {"order_date": day, "due_date": day, "paid_date": day}
        changes.setdefault("orders", {})[month] = order.with_columns(
            order_id=pl.lit(tag), status=pl.lit(""), **{k: pl.lit(v) for k, v in dates.items()}
        )
        changes.setdefault("visits", {})[month] = visit.with_columns(
            visit_id=pl.lit(tag), visit_date=pl.lit(day)
        )
        changes.setdefault("quotas", {})[month] = quota.with_columns(month=pl.lit(month))
        changes.setdefault("market", {})[month] = market.with_columns(month=pl.lit(month))
    with lake.write_lock():
        lake.commit(changes)


@pytest.fixture(scope="module")
def dated_lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    lake = Lake(tmp_path_factory.mktemp("dates") / "lake")
    build_demo(lake, seed=7, rows=2_000, today=BUILT)
    _hostile_dates(lake)
    return lake


def open_app(lake: Lake, monkeypatch: pytest.MonkeyPatch, page: str | None = None) -> AppTest:
    monkeypatch.setenv("SALES_DASH_DATA", str(lake.root))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    if page is not None:
        app.switch_page(page).run()
    assert_clean(app)
    return app


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_no_page_is_crashed_by_a_date_in_the_lake(
    dated_lake: Lake, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    app = open_app(dated_lake, monkeypatch, page)
    booked = dated_lake.read_table("orders").filter(
        pl.col("status") != "cancelled", pl.col("order_date").is_between(EARLY, FAR, "none")
    )
    assert app.date_input(key="asof").value == booked["order_date"].max() <= BUILT


@pytest.mark.slow
def test_every_period_and_comparison_survives_the_dates(
    dated_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(dated_lake, monkeypatch)
    latest = app.date_input(key="asof").value
    for as_of in (latest, dt.date(2000, 1, 1), dt.date(latest.year + 2, 12, 31)):
        app.date_input(key="asof").set_value(as_of).run()
        for preset in PRESETS:
            for comparison in COMPARISONS:
                app.selectbox(key="period").set_value(preset).run()
                app.segmented_control(key="cmp").set_value(comparison).run()
                assert_clean(app)


@pytest.mark.slow
def test_the_meeting_and_the_drill_survive_the_dates(
    dated_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(dated_lake, monkeypatch, "pages/meeting.py")
    for _ in range(6):
        app.button(key="section_next").click().run()
        assert_clean(app)
    app = open_app(dated_lake, monkeypatch, "pages/overview.py")
    app.selectbox(key="period").set_value("last_12_months").run()
    for level in ("drill_region", "drill_rep", "drill_customer"):
        options = app.selectbox(key=level).options
        assert options, level
        app.selectbox(key=level).select_index(0).run()
        assert_clean(app)

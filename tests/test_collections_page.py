"""The collections page under AppTest on the hand-worked ledger of
tests/engine/test_settled.py (issue 16 "The views"): aging at a date the user picks,
the overdue accounts with their rep and last receipt, the month-end trends against their
targets, and a customer's ledger with its running balance.

The page opens at the lake's latest order date, 2026-05-05 (A5/1), on May 2026.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sales_dash.engine.db import observe
from sales_dash.engine.metrics import compute_metric
from sales_dash.i18n import text
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from sales_dash.settings import PROJECT_ROOT
from tests.drawn_charts import drawn_charts
from tests.engine.test_settled import FIRST_RECEIPTS_CSV, LATER_RECEIPTS_CSV, ORDERS_CSV

APP = str(PROJECT_ROOT / "app.py")
PAGE = "pages/collections.py"


@pytest.fixture(scope="module")
def ledger_lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    folder = tmp_path_factory.mktemp("ledger_page")
    lake = Lake(folder / "lake")
    for name, table, content in (
        ("orders.csv", "orders", ORDERS_CSV),
        ("first.csv", "payments", FIRST_RECEIPTS_CSV),
        ("later.csv", "payments", LATER_RECEIPTS_CSV),
    ):
        path: Path = folder / name
        path.write_text(content, encoding="utf-8")
        ingest_file(path, table, lake)
    return lake


@pytest.fixture
def closed(ledger_lake: Lake, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The page as it opens: the sections drawn on demand closed."""
    return _opened(ledger_lake, monkeypatch)


@pytest.fixture
def app(closed: AppTest) -> AppTest:
    """The page with the aging at a date and the customer's ledger opened."""
    for key in ("aging_open", "ledger_open"):
        closed.session_state[key] = True
    closed.run()
    assert_clean(closed)
    return closed


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def frame_with(app: AppTest, *columns: str) -> list[dict]:
    """The rows of the first table of exactly ``columns``, as shown (money in 元 here,
    ratios in percent)."""
    for frame in app.dataframe:
        if list(frame.value.columns) == list(columns):
            return frame.value.to_dict("records")  # type: ignore[no-any-return]
    raise AssertionError((columns, [list(f.value.columns) for f in app.dataframe]))


def test_the_sections_drawn_on_demand_start_closed_and_read_nothing(
    ledger_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    stop = observe(lambda name, params, seconds: asked.append(name))
    try:
        closed = _opened(ledger_lake, monkeypatch)
    finally:
        stop()
    labels = [expander.label for expander in closed.expander]
    assert text("aging_at_title", "zh") in labels
    assert text("ledger_title", "zh") in labels
    assert [d.key for d in closed.date_input if d.key == "aging_as_of"] == []
    assert [box.key for box in closed.selectbox if box.key == "ledger_customer"] == []
    assert "customer_ledger" not in asked  # the ledger is not even read
    assert "last_receipt" in "".join(str(f.value.columns) for f in closed.dataframe)
    # opened, it reads and draws the ledger; a link with it open opens it
    closed.session_state["ledger_open"] = True
    closed.run()
    assert_clean(closed)
    assert closed.selectbox(key="ledger_customer").value == "B"
    linked = _opened(ledger_lake, monkeypatch, ledger_open="true")
    assert linked.selectbox(key="ledger_customer").value == "B"


def _opened(lake: Lake, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("SALES_DASH_DATA", str(lake.root))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.query_params.update(params)
    app.switch_page(PAGE).run()
    assert_clean(app)
    return app


AGING = ["outstanding", "not_due", "d1_30", "d31_60", "d61_90", "d90_plus"]


def test_aging_at_the_date_the_user_picks(app: AppTest) -> None:
    picker = app.date_input(key="aging_as_of")
    assert picker.value == dt.date(2026, 5, 5)
    picker.set_value(dt.date(2026, 3, 31)).run()
    assert_clean(app)
    title = text("aging_title", "zh", as_of=dt.date(2026, 3, 31))
    assert f"**{title}**" in [m.value for m in app.markdown]  # the chart's title
    # at 03-31 (tests/engine/test_settled.py): A (East) 160, B (North) 250
    rows = frame_with(app, "region", *AGING)
    aging = {row["region"]: row["outstanding"] for row in rows}
    assert aging == {"East": pytest.approx(160.0), "North": pytest.approx(250.0)}


def test_overdue_accounts_name_their_rep_and_last_receipt(app: AppTest) -> None:
    # at 05-05 A owes nothing overdue (A5/1 is not due); B owes B2/1 100 (since 03-17) and
    # B3/1 150 (due 04-24, paid only on 05-10); its last money was B2's on 03-30 (B4's
    # paid column has no date)
    rows = next(
        frame.value.to_dict("records")
        for frame in app.dataframe
        if "last_receipt" in frame.value.columns
    )
    assert len(rows) == 1
    row = rows[0]
    assert (row["customer_name"], row["rep_id"], row["rep_name"]) == ("Birch", "R2", "Ben")
    assert row["last_receipt"] == dt.date(2026, 3, 30)
    assert row["days_overdue"] == 49  # 03-17 to 05-05
    assert row["overdue"] == pytest.approx(250.0)


def test_month_end_trends_against_their_targets(app: AppTest) -> None:
    # the title names the months the period shows (issue 14), not a fixed "近 12 个月"
    title = text("monthly_collections_title_span", "zh", span="2025年6月至2026年5月")
    assert title in [s.value for s in app.subheader]
    columns = ["month", "due_amount", "collected", "collection_rate"]
    rows = frame_with(app, *columns, "cash_collected", "collection_days", "dso")
    assert len(rows) == 12  # June 2025 .. May 2026
    march = rows[-3]
    assert march["month"] == "2026-03"
    # March's lines due (A1/2 200, A4/1 -20, B2/1 200, B4/1 120 = 500) as of 03-31:
    # A1/2 150, A4/1 -20, B2/1 100, B4/1 120 = 350; cash in March 150 + 120 + 100 = 370
    assert march["collection_rate"] == pytest.approx(350 / 500 * 100)
    assert march["cash_collected"] == pytest.approx(370.0)
    assert len(drawn_charts(app)) >= 4  # and the two day trends with their targets


def test_a_customers_ledger_runs_its_balance(app: AppTest) -> None:
    assert app.selectbox(key="ledger_customer").value == "B"
    columns = ["entry_date", "entry", "document", "line_no", "billed", "received", "balance"]
    rows = frame_with(app, *columns)
    balance = [row["balance"] for row in rows]
    # B1 300, B4 120, B2 200, B1 paid 300, B4 paid 120 (03-03), B3 150, B2 paid 100
    assert balance == pytest.approx([300, 420, 620, 320, 200, 350, 250])
    entries = [row["entry"] for row in rows]
    assert entries.count(text("ledger_line_paid", "zh")) == 3


def test_the_page_says_which_source_its_collections_come_from(app: AppTest) -> None:
    # up to 05-05: A's six lines by its receipts, B's four by their paid columns
    parts = " · ".join(
        [
            text("collection_basis_part", "zh", basis=text("collection_basis_receipts", "zh"),
                 count="6"),
            text("collection_basis_part", "zh", basis=text("collection_basis_line", "zh"),
                 count="4"),
        ]
    )  # fmt: skip
    note = text("collection_basis_note", "zh", as_of=dt.date(2026, 5, 5), parts=parts)
    assert note in [c.value for c in app.caption]


def test_the_region_tab_shows_cash_collection_days_and_dso(app: AppTest, ledger_lake: Lake) -> None:
    period = (dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    cash = compute_metric(ledger_lake, "cash", *period, dt.date(2026, 5, 5), by="region")
    shown = next(
        frame.value for frame in app.dataframe if {"collection_rate", "dso"} <= set(frame.value)
    )
    assert list(shown["region"]) == cash["region"].to_list() == ["East", "North"]
    # DSO at 05-05: East 30 open (A5/1) over the sales of the 90 days from 02-05: A3 100,
    # A4 -20, A5 60 = 140; North 250 open (B2, B3) over B2 200 + B3 150
    assert list(shown["dso"]) == pytest.approx([30 / 140 * 90, 250 / 350 * 90])

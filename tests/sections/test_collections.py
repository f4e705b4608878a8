"""Issue 16's views beyond the collections page, under AppTest, on the hand-worked ledger
of tests/engine/test_settled.py and one more rep whose lines carry no payment data:

    C1/1  02-10  customer C (Cole), rep R3 (Cid), West   80.50   no paid columns
    X1/1  02-11  no customer,       rep R3,       West   19.50   no paid columns

Every page is looked at as of 2026-03-31 over Q1 (the sidebar's 本季度), where
tests/engine/test_settled.py works out the figures: aging A 160 (A1/1 10 due 02-04,
A1/2 50 due 03-06, A3/1 100 not due), B 250 (B2/1 100 due 03-17, B3/1 150 not due).

The 回款周期 target is set to 40 days, between Ann's 39.8 and Ben's 41.5.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from sales_dash.cli import main
from sales_dash.engine.loaded import collection_sources
from sales_dash.engine.metrics import RATE_COLUMNS, compute_metric
from sales_dash.engine.unknowns import notes
from sales_dash.filters import Filters
from sales_dash.i18n import format_money, text
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from sales_dash.periods import split_months
from sales_dash.sections.collections import (
    customer_ledger,
    monthly_collections,
    overdue_customers,
)
from sales_dash.sections.windows import trailing_year
from sales_dash.settings import PROJECT_ROOT
from sales_dash.ui.safe_text import escape_markdown
from sales_dash.ui.tables import NO, YES
from sales_dash.view import View
from tests.engine.test_settled import FIRST_RECEIPTS_CSV, LATER_RECEIPTS_CSV, ORDERS_CSV

APP = str(PROJECT_ROOT / "app.py")
AS_OF = dt.date(2026, 3, 31)
Q1 = (dt.date(2026, 1, 1), AS_OF)
MARCH = (dt.date(2026, 3, 1), AS_OF)
UNTRACKED_CSV = """\
order_id,line_no,order_date,customer_id,customer_name,rep_id,rep_name,region,revenue
C1,1,2026-02-10,C,Cole,R3,Cid,West,80.50
X1,1,2026-02-11,,,R3,Cid,West,19.50
"""
DAYS_TARGET = "40"


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    folder = tmp_path_factory.mktemp("collection_views")
    lake = Lake(folder / "lake")
    for name, table, content in (
        ("orders.csv", "orders", ORDERS_CSV),
        ("untracked.csv", "orders", UNTRACKED_CSV),
        ("first.csv", "payments", FIRST_RECEIPTS_CSV),
        ("later.csv", "payments", LATER_RECEIPTS_CSV),
    ):
        path: Path = folder / name
        path.write_text(content, encoding="utf-8")
        ingest_file(path, table, lake)
    return lake


def open_page(lake: Lake, monkeypatch: pytest.MonkeyPatch, page: str) -> AppTest:
    """``page`` as of 03-31 over Q1."""
    monkeypatch.setenv("SALES_DASH_DATA", str(lake.root))
    monkeypatch.setenv("SALES_DASH_COLLECTION_DAYS_TARGET", DAYS_TARGET)
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page(page).run()
    app.date_input(key="asof").set_value(AS_OF).run()
    app.selectbox(key="period").set_value("this_quarter").run()
    assert_clean(app)
    return app


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def frames_with(app: AppTest, *columns: str) -> list[list[dict]]:
    """The rows of every table showing exactly ``columns``, in page order."""
    found = [
        frame.value.to_dict("records")
        for frame in app.dataframe
        if list(frame.value.columns) == list(columns)
    ]
    assert found, (columns, [list(f.value.columns) for f in app.dataframe])
    return found


def captions(app: AppTest) -> list[str]:
    return [c.value for c in app.caption]


# --------------------------------------------------------------------------------------
# the meeting's overdue section: the collections page's list
# --------------------------------------------------------------------------------------
def test_the_meetings_overdue_section_names_rep_days_and_last_receipt(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(lake, monkeypatch, "pages/meeting.py")
    app.segmented_control(key="section").set_value("overdue").run()
    assert_clean(app)
    shown = app.table[0].value
    # one money unit for the table, named in its money headers (issue 14)
    assert list(shown.columns) == [
        text("rep_name", "zh"), text("customer_name", "zh"), f"{text('overdue', 'zh')} (¥)",
        text("days_overdue", "zh"), text("last_receipt", "zh"),
        f"{text('outstanding', 'zh')} (¥)",
    ]  # fmt: skip
    # B: 250 open, 150 of it not due (B3/1): 100 overdue, the oldest B2/1 due 03-17
    # (14 days); its last money B2's 100 on 03-30. A: 160 open, 100 not due (A3/1): 60
    # overdue, the oldest A1/1 due 02-04 (55 days); its last receipt P2 on 03-01.
    # C's lines carry no payment data: not a customer to chase, nor one without debt.
    money = ["100", "250", "60", "160"]  # in ¥: the largest, 250, is under 1 万
    # (st.table's cells are Markdown: the page escapes them, the reader sees the text)
    assert shown.values.tolist() == [
        [escape_markdown(cell) for cell in row]
        for row in (
            ["Ben", "Birch", money[0], "14", "2026-03-30", money[1]],
            ["Ann", "Acme", money[2], "55", "2026-03-01", money[3]],
        )
    ]
    # the same numbers as the collections page's list, from the one function
    engine = overdue_customers(lake, View(*MARCH, AS_OF, Filters()))
    assert engine.select("customer_id", "overdue", "days_overdue").rows() == [
        ("B", Decimal("100.00"), 14),
        ("A", Decimal("60.00"), 55),
    ]
    collections = open_page(lake, monkeypatch, "pages/collections.py")
    rows = next(
        frame.value.to_dict("records")
        for frame in collections.dataframe
        if "last_receipt" in frame.value.columns
    )
    assert [(r["rep_name"], r["customer_name"], r["days_overdue"]) for r in rows] == [
        ("Ben", "Birch", 14),
        ("Ann", "Acme", 55),
    ]
    assert [r["last_receipt"] for r in rows] == [dt.date(2026, 3, 30), dt.date(2026, 3, 1)]


# --------------------------------------------------------------------------------------
# the rep scorecard: 回款周期 against its target, and DSO
# --------------------------------------------------------------------------------------
def test_the_scorecard_shows_collection_days_against_target_and_dso(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(lake, monkeypatch, "pages/team.py")
    card = app.dataframe[0].value.set_index("rep_id")
    # Q1 money with a known date (tests/engine/test_settled.py): Ann's P1 to A2/1
    # 50 x 12 days and A1/1 70 x 27, P2 to A1/2 150 x 55: 10740 / 270 = 39.8 days; Ben's
    # B1 300 x 41 and B2 100 x 43: 16600 / 400 = 41.5 days (B4's paid column has no date).
    # DSO at 03-31: Ann 160 / 430 x 90, Ben 250 / 770 x 90. Cid's lines carry no payment
    # data: both unknown, and so whether he is on target.
    assert card.loc["R1", "collection_days"] == pytest.approx(10740 / 270)
    assert card.loc["R2", "collection_days"] == pytest.approx(16600 / 400)
    assert card.loc["R1", "dso"] == pytest.approx(160 / 430 * 90)
    assert card.loc["R2", "dso"] == pytest.approx(250 / 770 * 90)
    assert pd_null(card.loc["R3", "collection_days"]) and pd_null(card.loc["R3", "dso"])
    assert (
        card.loc["R1", "collection_days_on_target"],
        card.loc["R2", "collection_days_on_target"],
    ) == (YES, NO)
    assert pd_null(card.loc["R3", "collection_days_on_target"])
    # the engine's numbers, computed on their own
    cash = compute_metric(lake, "cash", *Q1, AS_OF, by="rep").sort("rep_id")
    assert cash.select("rep_id", "collection_days").rows() == [
        ("R1", pytest.approx(10740 / 270)),
        ("R2", pytest.approx(41.5)),
        ("R3", None),
    ]
    # the target, and why Cid's are "—": part of the lines carry no payment data
    shown = captions(app)
    assert text("scorecard_days_caption", "zh", target=DAYS_TARGET) in shown
    totals = compute_metric(lake, "collection", *Q1, AS_OF, coverage=True)
    reason = next(n for n in notes(totals) if n.key == "partial_receivables")
    assert f":material/info: {reason.text('zh')}" in shown


def pd_null(value: object) -> bool:
    return value is None or value != value  # pandas shows a missing number as NaN


# --------------------------------------------------------------------------------------
# the drill-down ends in the customer's ledger
# --------------------------------------------------------------------------------------
LEDGER = ["entry_date", "entry", "document", "line_no", "billed", "received", "balance"]


def test_the_drill_ends_in_the_customers_ledger(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(lake, monkeypatch, "pages/collections.py")
    # the overdue accounts' ledger below opens on demand: closed, it shows no ledger
    assert ledgers(app) == 0
    for key, value in (("drill_region", "East"), ("drill_rep", "R1"), ("drill_customer", "A")):
        app.selectbox(key=key).set_value(value).run()
        assert_clean(app)
    drilled = frames_with(app, *LEDGER)
    assert len(drilled) == 1
    rows = drilled[0]  # the drill-down's last level, in the region tab
    # A up to 03-31: A1/1 100, A1/2 200, A2/1 50, P1 -120, P2 -150, A3/1 100, the return
    # A4/1 -20: 160, A's open amount at 03-31 (its aging)
    assert [row["document"] for row in rows] == ["A1", "A1", "A2", "P1", "P2", "A3", "A4"]
    assert [row["balance"] for row in rows] == pytest.approx([100, 300, 350, 230, 80, 180, 160])
    engine = customer_ledger(lake, "A", AS_OF, "zh")
    assert [float(b) for b in engine["balance"]] == pytest.approx([r["balance"] for r in rows])
    open_a = compute_metric(lake, "collection", *Q1, AS_OF, by="customer")
    assert open_a.filter(pl.col("customer_id") == "A")["outstanding"].item() == Decimal("160.00")
    assert text("ledger_drill_caption", "zh", as_of=AS_OF) in captions(app)
    # the breadcrumb names the customer; going back up leaves the ledger
    app.button(key="crumb_rep").click().run()
    assert_clean(app)
    assert ledgers(app) == 0


def ledgers(app: AppTest) -> int:
    return sum(list(frame.value.columns) == LEDGER for frame in app.dataframe)


# --------------------------------------------------------------------------------------
# which source each scope uses: the Data page and the metric notes
# --------------------------------------------------------------------------------------
def test_the_data_page_says_who_is_settled_by_what(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A has receipts; B has none and paid columns; C's and X1's lines have neither:
    # 80.50 + 19.50 = 100.00 of order amount, 2 lines
    sources = collection_sources(lake)
    assert (sources.receipt_customers, sources.line_customers) == (1, 1)
    assert (sources.unknown_amount, sources.unknown_lines) == (Decimal("100.00"), 2)
    monkeypatch.setenv("SALES_DASH_DATA", str(lake.root))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page("pages/data.py").run()
    assert_clean(app)
    tiles = {m.label: m.value for m in app.metric}
    assert tiles[text("sources_receipt_customers", "zh")] == "1"
    assert tiles[text("sources_line_customers", "zh")] == "1"
    assert tiles[text("sources_unknown_amount", "zh")] == format_money(Decimal("100.00"), "zh")
    assert text("sources_caption", "zh", lines="2") in captions(app)


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        # up to 03-31, 9 lines carry payment information: A's 5 by its receipts, B's 4 by
        # their paid columns (C1 and X1 carry none)
        (
            ["collection"],
            "回款中 55.6% 的订单行基于收款单，其余基于订单行的已回款金额。",
            "Collections based on receipts for 55.6% of the order lines, on the lines' paid "
            "amounts for the rest.",
        ),
        (["cash", "--customer", "A"], "回款基于收款单。", "Collections based on receipts."),
        (
            ["cash", "--customer", "B"],
            "回款基于订单行的已回款金额。",
            "Collections based on the order lines' paid amounts.",
        ),
    ],
)
def test_the_cli_notes_say_which_source_the_collections_use(
    lake: Lake,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    zh: str,
    en: str,
) -> None:
    period = ["--start", "2026-01-01", "--end", "2026-03-31", "--as-of", "2026-03-31"]
    for language, expected in (("zh", zh), ("en", en)):
        monkeypatch.setenv("SALES_DASH_LANGUAGE", language)
        assert main(["metrics", *args, *period, "--data", str(lake.root)]) == 0
        out, err = capsys.readouterr()
        assert f"sales-dash: {expected}" in err.splitlines()
        assert "receipt_basis" not in out  # a note, not a column


def test_a_lake_without_receipts_has_no_source_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without any receipt the lines' paid columns are the only source: nothing to say."""
    lake = Lake(tmp_path / "lake")
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS_CSV, encoding="utf-8")
    ingest_file(path, "orders", lake)
    frame = compute_metric(lake, "collection", *Q1, AS_OF, coverage=True)
    assert frame["receipt_basis"].to_list() == [None]
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    period = ["--start", "2026-01-01", "--end", "2026-03-31", "--as-of", "2026-03-31"]
    assert main(["metrics", "collection", *period, "--data", str(lake.root)]) == 0
    assert "Collections based" not in capsys.readouterr().err


# branch ledger (issue 15): the month trend of the collection rate is one query
@pytest.mark.parametrize(
    ("as_of", "filters"),
    [
        (AS_OF, Filters()),
        (dt.date(2026, 3, 15), Filters()),  # the last month still running
        (dt.date(2026, 6, 30), Filters(regions=("East",))),
        (dt.date(2026, 2, 14), Filters(reps=("R3",))),  # a rep without payment data
    ],
)
def test_the_month_trend_is_each_month_as_it_stood_at_its_end(
    lake: Lake, as_of: dt.date, filters: Filters
) -> None:
    """Each month of the trend (``monthly_collections``, one query with ``at_period_ends``)
    equals the collection metric of that month alone as of its end (or as-of, if earlier),
    as the trend was computed before: a month apiece."""
    view = View(dt.date(as_of.year, as_of.month, 1), as_of, as_of, filters)
    trend = monthly_collections(lake, view)
    columns = list(RATE_COLUMNS["collection"])
    start, end = trailing_year(view)
    for month in split_months(start, end):
        alone = compute_metric(
            lake,
            "collection",
            month.start,
            month.end,
            min(month.end, as_of),
            filters=filters,
            columns=columns,
        )
        row = trend.filter(pl.col("month") == month.key).select(columns)
        assert row.rows() == alone.select(columns).rows(), month.key
    # March as of 03-31 by hand (test_settled: Q1 at its end): due 500, collected 350
    if as_of == AS_OF and not filters.regions:
        march = trend.filter(pl.col("month") == "2026-03").row(0, named=True)
        assert (march["due_amount"], march["collected"]) == (Decimal("500"), Decimal("350"))

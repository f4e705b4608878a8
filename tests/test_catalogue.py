"""The metric catalogue (sales_dash.catalogue): every metric column declared once, and the
pages that read it, on the golden lake of tests/engine/test_metrics_golden.py.

The new catalogue columns, 客单价 and 人均销售额, worked out by hand for October (the
sidebar's 上月 at the lake's as-of 2026-11-20) and September, its comparison (环比):

    October: revenue 10000 over orders SO-1001, SO-1002, SO-1003, SO-1004 (SO-1006 is a
             return, SO-1005 cancelled) = 2500.00; reps R1, R2, R4: 10000 / 3 = 3333.33.
    September: SO-0901 4000 + SO-0902 300 + SO-0903 200 + SO-0904 900 + SO-0905 400 +
             SO-0906 250 + SO-0907 1500 = 7550 over those 7 orders = 1078.57; reps R1
             (0901, 0904), R2 (0907), R3 (the others) = 3: 7550 / 3 = 2516.67.
    Deltas: (2500.00 - 1078.57) / 1078.57 = +131.8%; (3333.33 - 2516.67) / 2516.67 = +32.5%.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sales_dash.catalogue import CATALOGUE, COLUMNS, KPIS, LOWER_IS_BETTER, Kind, value_text
from sales_dash.engine.metrics import METRICS
from sales_dash.i18n import TEXTS, text
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from sales_dash.settings import PROJECT_ROOT
from tests.engine.test_metrics_golden import MARKET_CSV, ORDERS_CSV, QUOTAS_CSV, VISITS_CSV

APP = str(PROJECT_ROOT / "app.py")
KEYS = {"customer_id", "customer_name", "abc_class"}


def test_every_family_column_is_catalogued_once() -> None:
    assert len(CATALOGUE) == len(COLUMNS)
    for metric in METRICS.values():
        missing = set(metric.columns) - set(CATALOGUE) - KEYS
        assert not missing, (metric.name, missing)


def test_every_column_has_its_label_in_both_languages() -> None:
    for column in COLUMNS:
        assert {"zh", "en"} <= set(TEXTS[column.label]), column.name
        assert column.help is None or column.help in TEXTS


def test_kpis_and_their_direction() -> None:
    assert KPIS == (
        "revenue",
        "attainment",
        "gross_margin",
        "collection_rate",
        "expense_ratio",
        "market_share",
        "average_order_value",
        "revenue_per_rep",
    )
    assert {"expense_ratio", "budget_usage", "collection_days", "dso"} == LOWER_IS_BETTER
    assert CATALOGUE["average_order_value"].kind is Kind.MONEY
    assert CATALOGUE["attainment"].chart == "ratio_bars"
    assert CATALOGUE["revenue_per_rep"].chart == "money_bars"


def test_value_text_follows_the_kind() -> None:
    assert value_text("average_order_value", 2500, "zh") == "¥2,500"
    assert value_text("attainment", 0.9006, "zh") == "90.1%"
    assert value_text("pacing_gap", -0.041, "en") == "-4.1 pt"
    assert value_text("orders", 1234, "en") == "1,234"
    assert value_text("dso", 41.25, "en") == "41.2"
    assert value_text("visits_on_target", True, "zh") == "是"
    assert value_text("revenue", None, "zh") == "—"


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    base = tmp_path_factory.mktemp("catalogue")
    lake = Lake(base / "lake")
    for table, content in (
        ("orders", ORDERS_CSV),
        ("quotas", QUOTAS_CSV),
        ("visits", VISITS_CSV),
        ("market", MARKET_CSV),
    ):
        path: Path = base / f"{table}.csv"
        path.write_text(content, encoding="utf-8")
        ingest_file(path, table, lake)
    return lake


def open_october(golden: Lake, monkeypatch: pytest.MonkeyPatch, page: str) -> AppTest:
    monkeypatch.setenv("SALES_DASH_DATA", str(golden.root))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page(page).run()
    app.selectbox(key="period").set_value("last_month").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def tiles(app: AppTest) -> dict[str, tuple[str, str | None]]:
    """Each tile's label -> (value, delta), the first of a label."""
    found: dict[str, tuple[str, str | None]] = {}
    for metric in app.metric:
        found.setdefault(metric.label, (metric.value, metric.delta))
    return found


@pytest.mark.slow
def test_the_overview_tiles_show_the_averages_against_september(
    golden: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = tiles(open_october(golden, monkeypatch, "pages/overview.py"))
    assert shown[text("average_order_value", "zh")] == ("¥2,500", "+131.8%")
    assert shown[text("revenue_per_rep", "zh")] == ("¥3,333", "+32.5%")


@pytest.mark.slow
def test_the_team_page_shows_the_averages_and_each_reps_order_value(
    golden: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_october(golden, monkeypatch, "pages/team.py")
    shown = tiles(app)
    assert shown[text("orders", "zh")][0] == "4"
    assert shown[text("average_order_value", "zh")][0] == "¥2,500"
    assert shown[text("reps", "zh")][0] == "3"
    assert shown[text("revenue_per_rep", "zh")][0] == "¥3,333"
    # the scorecard in 元 (its largest amount, 10000 quota, is 1 万: shown in 万元)
    card = app.dataframe[0].value.set_index("rep_id")
    # Alice 7600 over SO-1002, SO-1004 = 3800 = 0.38 万; Bob 2000 / 1; Carol sold nothing
    assert card.loc["R1", "orders"] == 2
    assert card.loc["R1", "average_order_value"] == pytest.approx(0.38)
    assert card.loc["R2", "average_order_value"] == pytest.approx(0.2)
    assert card.loc["R3", "orders"] == 0

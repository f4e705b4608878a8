"""Tables on screen: money units that never round an amount away, and booleans with nulls."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from sales_dash.i18n import text
from sales_dash.lake import Lake
from sales_dash.ui.frame import Context
from sales_dash.ui.tables import NO, YES, display, money_format, table_money_format


def shown_text(value: float, number_format: str) -> str:
    """A value as the column's printf-style format shows it ("%,.1f" -> "{:,.1f}")."""
    return f"{value:{number_format.removeprefix('%')}}"


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize(
    "amounts",
    [
        [300.0, 5_000_000.0, 8_000_000.0],  # a ¥300 line among millions
        [-420.0, 2_000_000.0, 3_500_000.0, 0.0, None],
        [0.4, 12_000.0],  # cents
        [15_000.0, 250_000_000.0, 900_000_000.0],
    ],
)
def test_no_money_amount_shows_as_zero(
    tmp_path: Path, amounts: list[float | None], language: str
) -> None:
    ctx = Context(Lake(tmp_path / "lake"), language)
    shown, config = display(ctx, pl.DataFrame({"revenue": amounts}))
    number_format = config["revenue"]["type_config"]["format"]
    for amount, value in zip(amounts, shown["revenue"].to_list(), strict=True):
        if amount:
            assert float(shown_text(value, number_format).replace(",", "")) != 0, (amount, value)


def test_the_unit_is_the_largest_amounts_with_decimals_that_keep_the_smallest() -> None:
    # issue 14: the unit from the largest amount; 300 / 1e4 = 0.03 needs two places
    assert money_format(pl.Series([300, 5_000_000]), "zh") == (1e4, "%,.2f", "万元")
    assert money_format(pl.Series([15_000, 5_000_000]), "zh") == (1e4, "%,.1f", "万元")
    assert money_format(pl.Series([2e8, 5e8]), "zh") == (1e8, "%,.2f", "亿元")
    # CLDR's English symbol of the yuan is CN¥ (issue 11); 2,500 / 1e6 = 0.0025 -> 0.003
    assert money_format(pl.Series([2_500, 5_000_000]), "en") == (1e6, "%,.3f", "CN¥M")
    assert money_format(pl.Series([0.25, 10.0]), "en") == (1.0, "%,.2f", "CN¥")
    assert money_format(pl.Series([0, None], dtype=pl.Float64), "zh") == (1.0, "%,.0f", "¥")


def test_a_null_flag_is_shown_as_not_applicable_not_as_no(tmp_path: Path) -> None:
    ctx = Context(Lake(tmp_path / "lake"), "zh")
    frame = pl.DataFrame({"visits_on_target": [True, False, None]})
    shown, config = display(ctx, frame)
    assert shown["visits_on_target"].to_list() == [YES, NO, None]
    assert config["visits_on_target"]["type_config"]["type"] == "text"
    assert config["visits_on_target"]["label"] == text("visits_on_target", "zh")


def test_alert_lines_name_an_unnamed_rep_by_its_id_once(tmp_path: Path) -> None:
    """A rep without a name reads 'S002' in the alert list (alerts fill the name with the
    id), a named one 'name (id)', a region its name."""
    from streamlit.testing.v1 import AppTest

    def page(root: str) -> None:
        import polars as pl

        from sales_dash.lake import Lake
        from sales_dash.ui.frame import Context
        from sales_dash.ui.widgets import alert_list

        found = pl.DataFrame(
            {
                "kind": ["pacing"] * 3,
                "level": ["region", "rep", "rep"],
                "key": ["华东", "S001", "S002"],
                "name": ["华东", "张伟", "S002"],
                "value": [-0.3, -0.2, -0.1],
                "threshold": [-0.1] * 3,
            }
        )
        alert_list(Context(Lake(root), "en"), found)

    app = AppTest.from_function(page, args=(str(tmp_path),)).run()
    assert not app.exception
    # names are escaped in the Markdown source (they come from the data) and render as is
    lines = app.markdown[-1].value.replace("\\", "").splitlines()
    assert [line.split(":")[0] for line in lines] == ["- 华东", "- 张伟 (S001)", "- S002"]


def test_one_money_unit_per_table(tmp_path: Path) -> None:
    """Issue 14: no ¥ beside 万元 in one table; the unit is in every money header."""
    ctx = Context(Lake(tmp_path / "lake"), "zh")
    frame = pl.DataFrame(
        {"rep_id": ["R1", "R2"], "revenue": [1_200_000.0, 800_000.0], "paid_amount": [300.0, 0.0]}
    )
    shown, config = display(ctx, frame)
    # the largest amount, 1,200,000, is 万; 300 / 1e4 = 0.03 needs two places for the
    # table, and paid_amount four to show three digits of its largest, 0.0300
    assert config["revenue"]["label"] == f"{text('revenue', 'zh')} (万元)"
    assert config["paid_amount"]["label"] == f"{text('paid_amount', 'zh')} (万元)"
    assert config["revenue"]["type_config"]["format"] == "%,.2f"
    assert config["paid_amount"]["type_config"]["format"] == "%,.4f"
    assert shown["revenue"].to_list() == [120.0, 80.0]
    assert shown["paid_amount"].to_list() == [pytest.approx(0.03), 0.0]


def test_alerts_beyond_the_box_open_under_it_whole(tmp_path: Path) -> None:
    """Branch meetfit: a box of fixed height cut its last line in half; now the first
    ``shown`` lines (pacing before collection) stand in a box as tall as they are, and
    the other three in an expander, each heading counting its kind's whole number."""
    from streamlit.testing.v1 import AppTest

    def page(root: str) -> None:
        import polars as pl

        from sales_dash.lake import Lake
        from sales_dash.ui.frame import Context
        from sales_dash.ui.widgets import alert_list

        reps = [f"S{i:03d}" for i in range(13)]
        found = pl.DataFrame(
            {
                "kind": ["collection"] * 4 + ["pacing"] * 9,  # the engine's order, not ours
                "level": ["rep"] * 13,
                "key": reps,
                "name": reps,
                "value": [0.5] * 4 + [-0.2] * 9,
                "threshold": [0.9] * 4 + [-0.1] * 9,
            }
        )
        alert_list(Context(Lake(root), "en"), found, shown=10)

    app = AppTest.from_function(page, args=(str(tmp_path),)).run()
    assert not app.exception
    texts = [m.value.replace("\\", "") for m in app.markdown]
    lines = [line for t in texts if t.startswith("- ") for line in t.splitlines()]
    assert [line.split(":")[0] for line in lines] == [
        f"- S{i:03d}" for i in (*range(4, 13), *range(4))
    ]
    headings = [t for t in texts if t.startswith("**")]
    assert [h.rsplit(" ", 1)[-1] for h in headings] == ["(9)", "(4)", "(4)"]
    assert [e.label for e in app.expander] == ["3 more alerts"]
    assert len(app.expander[0].markdown) == 2  # the collection heading and its three lines


def test_a_long_table_shows_its_latest_rows_and_says_so(tmp_path: Path) -> None:
    """Branch ui2 (issue 15): a ledger of thousands of entries sent whole cost every page
    load; the screen gets its newest ``latest`` rows, in order, and a line saying how many
    of how many (the downloads keep every row). A table no longer than that is whole."""
    from streamlit.testing.v1 import AppTest

    def page(root: str, rows: int) -> None:
        import polars as pl

        from sales_dash.lake import Lake
        from sales_dash.ui.frame import Context
        from sales_dash.ui.tables import table

        # a running balance of 10 entries of 100 each: 100, 200, ... 1,000 (cents: money)
        frame = pl.DataFrame({"line_no": range(1, rows + 1), "balance": [100.0] * rows})
        frame = frame.with_columns(pl.col("balance").cum_sum())
        table(Context(Lake(root), "zh"), frame, "customer_ledger", latest=3)

    app = AppTest.from_function(page, args=(str(tmp_path), 10)).run()
    assert not app.exception
    shown = app.dataframe[0].value
    assert list(shown["line_no"]) == [8, 9, 10]
    assert list(shown["balance"]) == [800.0, 900.0, 1000.0]  # ¥, the unit of these amounts
    assert [c.value for c in app.caption] == [
        text("table_latest_rows", "zh", shown="3", total="10")
    ]

    whole = AppTest.from_function(page, args=(str(tmp_path), 3)).run()
    assert list(whole.dataframe[0].value["line_no"]) == [1, 2, 3]
    assert not whole.caption


def test_a_column_of_small_amounts_keeps_three_digits_in_the_tables_unit() -> None:
    """客单价 (about ¥20,000) beside revenue in millions: one unit, named once, and enough
    decimals that each rep's 客单价 reads apart (0.0197 CN¥M, 1.97 万元; 0.02 and 2.0 each
    read the same for every rep)."""
    frame = pl.DataFrame(
        {"revenue": [2_820_000.0, 6_100_000.0], "average_order_value": [19_700.0, 20_500.0]}
    )
    assert table_money_format(frame, "en") == (
        1e6,
        {"revenue": "%,.2f", "average_order_value": "%,.4f"},
        "CN¥M",
    )
    assert table_money_format(frame, "zh") == (
        1e4,
        {"revenue": "%,.1f", "average_order_value": "%,.2f"},
        "万元",
    )


def test_a_tables_last_rows_say_how_many_the_whole_holds(tmp_path: Path) -> None:
    """Branch ledger (issue 15): a ledger's screen reads its latest entries only; the table
    says how many the whole account holds, whose rows the downloads compute when clicked."""
    from streamlit.testing.v1 import AppTest

    def page(root: str, rows: int) -> None:
        import polars as pl

        from sales_dash.lake import Lake
        from sales_dash.ui.frame import Context
        from sales_dash.ui.tables import table

        frame = pl.DataFrame({"line_no": [8, 9, 10], "balance": [800.0, 900.0, 1000.0]})
        everything = pl.DataFrame({"line_no": range(1, 11), "balance": [100.0] * 10})
        whole = (rows, lambda: everything)
        table(Context(Lake(root), "zh"), frame, "customer_ledger", whole=whole)

    app = AppTest.from_function(page, args=(str(tmp_path), 10)).run()
    assert not app.exception
    assert list(app.dataframe[0].value["line_no"]) == [8, 9, 10]
    assert [c.value for c in app.caption] == [
        text("table_latest_rows", "zh", shown="3", total="10")
    ]
    complete = AppTest.from_function(page, args=(str(tmp_path), 3)).run()
    assert list(complete.dataframe[0].value["line_no"]) == [8, 9, 10]
    assert not complete.caption

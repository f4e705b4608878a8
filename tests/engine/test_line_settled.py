"""The settled rows of lines settled by their own paid columns, built in SQL month by month
(sql/_line_settled.sql, branch build), equal what ``settled_rows`` gives for them: the
rule lives in receipts._line_allocations, and the SQL must say the same."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb
import polars as pl

from sales_dash.engine.db import query_text, run_sql
from sales_dash.engine.settled import DIGEST, PAYMENTS_SQL, settled_rows
from sales_dash.lake import Lake
from sales_dash.schema import MONEY

D = dt.date
LINES = pl.DataFrame(
    [
        # paid in full on a date; paid in part; paid without a date (dated its due date);
        # without a date nor a due date (dated its order date); a refunded return;
        # unpaid (0: no row); unknown (null: no row); no customer, paid
        ("SO3", 1, D(2026, 1, 5), D(2026, 2, 4), "C1", "100", "100", D(2026, 2, 1)),
        ("SO1", 2, D(2026, 1, 5), D(2026, 2, 4), "C1", "200", "50.5", D(2026, 3, 1)),
        ("SO1", 1, D(2026, 1, 6), D(2026, 3, 6), "C2", "80", "80", None),
        ("SO2", 1, D(2026, 1, 7), None, "C2", "60", "60", None),
        ("SO4", 1, D(2026, 1, 8), D(2026, 2, 7), "C3", "-20", "-20", D(2026, 2, 1)),
        ("SO5", 1, D(2026, 1, 9), D(2026, 2, 8), "C3", "70", "0", None),
        ("SO6", 1, D(2026, 1, 9), D(2026, 2, 8), "C3", "70", None, None),
        ("SO7", 1, D(2026, 1, 9), D(2026, 2, 1), None, "30", "30", D(2026, 2, 1)),
    ],
    schema=[
        "order_id",
        "line_no",
        "order_date",
        "due_date",
        "customer_id",
        "revenue",
        "paid_amount",
        "paid_date",
    ],
    orient="row",
).with_columns(
    pl.col("revenue", "paid_amount").cast(MONEY),
    region=pl.lit("East"),
    rep_id=pl.lit("R1"),
    category=pl.lit("c"),
    product=pl.lit("p"),
)


def _from_sql(lines: pl.DataFrame) -> pl.DataFrame:
    connection = duckdb.connect(":memory:")
    connection.register("settled_lines", lines.to_arrow())
    return pl.DataFrame(pl.from_arrow(connection.sql(query_text("_line_settled")).to_arrow_table()))


def _from_python(lines: pl.DataFrame) -> pl.DataFrame:
    receipts = pl.DataFrame(
        schema={
            "payment_id": pl.String,
            "payment_date": pl.Date,
            "customer_id": pl.String,
            "amount": MONEY,
            "order_id": pl.String,
            "line_no": pl.Int64,
        }
    )
    return settled_rows(lines, receipts).drop(DIGEST)


def test_sql_settles_each_line_as_the_python_rule_does() -> None:
    from_sql = _from_sql(LINES)
    assert from_sql.equals(_from_python(LINES))  # columns, types, rows and their order
    # by hand: six rows (0 and null paid leave none), dated paid, due, then order date;
    # by payment date, then customer (none first), order and line
    assert from_sql.select("order_id", "payment_date", "amount", "date_known").rows() == [
        ("SO2", D(2026, 1, 7), Decimal("60"), False),
        ("SO7", D(2026, 2, 1), Decimal("30"), True),
        ("SO3", D(2026, 2, 1), Decimal("100"), True),
        ("SO4", D(2026, 2, 1), Decimal("-20"), True),
        ("SO1", D(2026, 3, 1), Decimal("50.5"), True),
        ("SO1", D(2026, 3, 6), Decimal("80"), False),
    ]


def test_the_demo_lakes_settled_table_is_what_python_settles(demo_lake: Lake) -> None:
    """Built from scratch month by month, in SQL, and read from its kept files."""
    lines = run_sql(demo_lake, query_text("_settled"))
    receipts = run_sql(demo_lake, PAYMENTS_SQL)
    assert receipts.height == 0  # the demo has no receipts: every line settles itself
    expected = _from_python(lines)
    built = run_sql(demo_lake, "select * from settled")
    order = ["payment_date", "customer_id", "order_id", "line_no"]
    assert built.height == expected.height > 1_000
    assert built.sort(order).equals(expected.sort(order))

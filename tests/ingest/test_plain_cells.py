"""Plain cells (``parse.PLAIN``) read by one cast give what the general reading gives.

A column whose every cell is plain skips the general reading of signs, separators and
formats; these tests generate plain cells, edges included (leading zeros, ``-0``, long
fractions, numbers past the money type, impossible dates, years before 1000), and read
them both ways.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from sales_dash.ingest.parse import PLAIN, parse_column, plain_columns
from sales_dash.schema import TABLES, Kind

DIGITS = st.text("0123456789", min_size=1, max_size=20)
NUMBERS = st.builds(
    lambda sign, whole, fraction: f"{sign}{whole}{'.' + fraction if fraction else ''}",
    st.sampled_from(["", "-"]),
    DIGITS,
    st.one_of(st.just(""), DIGITS),
)
INTEGERS = st.builds(lambda sign, whole: f"{sign}{whole}", st.sampled_from(["", "-"]), DIGITS)
DATES = st.builds(
    lambda year, month, day: f"{year:04d}-{month}-{day}",
    st.integers(0, 9999),
    st.sampled_from(["1", "01", "2", "02", "9", "11", "12", "13", "00"]),
    st.sampled_from(["1", "01", "9", "28", "29", "30", "31", "32", "00"]),
)
SCALES = st.sampled_from([None, Decimal("0.01"), Decimal(10_000), Decimal(1_000)])
CELLS = {Kind.MONEY: NUMBERS, Kind.FRACTION: NUMBERS, Kind.INT: INTEGERS, Kind.DATE: DATES}


def _both_ways(cells: list[str | None], kind: Kind, **options: object) -> tuple[list, list]:
    frame = pl.DataFrame({"cell": cells}, schema={"cell": pl.String})
    plain = parse_column("cell", kind, plain=True, **options)  # type: ignore[arg-type]
    general = parse_column("cell", kind, **options)  # type: ignore[arg-type]
    read = frame.select(plain.alias("plain"), general.alias("general"))
    return read["plain"].to_list(), read["general"].to_list()


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_plain_cells_read_as_the_general_reading_reads_them(data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(list(PLAIN)))
    cells = data.draw(st.lists(st.one_of(st.none(), CELLS[kind]), min_size=1, max_size=30))
    options: dict[str, object] = {}
    if kind in (Kind.MONEY, Kind.FRACTION):
        options["scale"] = data.draw(SCALES)
    if kind is Kind.DATE:
        options["serial"] = data.draw(st.booleans())
        options["order"] = data.draw(st.sampled_from([None, "mdy", "dmy"]))
    plain, general = _both_ways(cells, kind, **options)
    assert plain == general


def test_the_edges_read_alike() -> None:
    edges = {
        Kind.MONEY: ["-0", "007.50", "1234.56785", "99999999999999.9999", "100000000000000"],
        Kind.FRACTION: ["0.15", "15", "0.000049", "-0.00005"],
        Kind.INT: ["-0", "0012", "99999999999999999999"],
        Kind.DATE: ["2026-02-29", "2028-02-29", "0999-12-31", "1000-01-01", "2026-1-5"],
    }
    for kind, cells in edges.items():
        plain, general = _both_ways(cells, kind, scale=Decimal("0.01"))
        assert plain == general, kind
        assert any(value is not None for value in plain), kind


def test_a_column_is_plain_only_when_every_cell_is() -> None:
    orders = TABLES["orders"]
    columns = [orders.column(name) for name in ("revenue", "order_date", "line_no", "region")]
    frame = pl.DataFrame(
        {
            "revenue": ["1200.50", None, "-3"],
            "order_date": ["2026-11-03", "2026/11/04", None],
            "line_no": ["1", "2", "1,000"],
            "region": ["华东", "华北", "华南"],
        }
    )
    assert plain_columns(frame, columns) == {"revenue"}
    # a digit of another script is not plain: the general reading decides what it is
    assert plain_columns(frame.with_columns(revenue=pl.lit("１２")), columns) == set()

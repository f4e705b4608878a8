"""The lookups over every line (first lines, names, lines per month, payment data) read
``customer_months``, kept per month: after an upsert into an old month, a new month and
an undo they hold what the lines say, worked by hand, for the company and a scoped reader
(issue 15: a write no longer scans the lake for them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sales_dash.access import Access, Role
from sales_dash.engine.db import run_query
from sales_dash.ingest import ingest_bytes, undo_upload
from sales_dash.lake import Lake

LINES = "order_id,line_no,order_date,customer_id,customer_name,rep_id,rep_name,region,revenue"
PAID = f"{LINES},paid_amount,paid_date"
"""An export with payment data (a blank paid amount is 0 paid), and one without (unknown)."""
FIRST = [
    (PAID, "SO1,1,2026-01-10,C1,Alice Co,R1,Wang,East,100,100,2026-01-12\n"),
    (
        LINES,
        "SO2,1,2026-01-20,C2,Bob Ltd,R2,Li,West,50\n"
        "SO3,1,2026-02-05,C1,Alice Company,R1,Wang Wei,East,30\n",
    ),
]
# SO1 again (an upsert into January, renamed), an earlier January line of C2, and March
SECOND = [
    (
        PAID,
        "SO1,1,2026-01-10,C1,A Co,R1,Wang,East,100,100,2026-01-12\n"
        "SO0,1,2026-01-05,C2,Bob L,R2,Li,West,10,10,2026-01-06\n",
    ),
    (LINES, "SO4,1,2026-03-01,C3,Carol,R2,Li Na,West,70\n"),
]


def _upload(lake: Lake, exports: list[tuple[str, str]]) -> list[str]:
    done = []
    for header, rows in exports:
        result = ingest_bytes(f"{header}\n{rows}".encode(), "orders.csv", "orders", lake)
        assert result.upload_id is not None, result
        done.append(result.upload_id)
    return done


def _lookups(lake: Lake) -> dict[str, object]:
    first = run_query(lake, "customer_first_lines").sort("customer_id")
    months = run_query(lake, "table_months").filter(table_name="orders").sort("month")
    sources = run_query(lake, "collection_sources").row(0, named=True)
    return {
        "first": first.select("customer_id", "order_date", "region", "rep_id").rows(),
        "names": sorted(run_query(lake, "customer_names").rows()),
        "reps": sorted(run_query(lake, "rep_names").rows()),
        "months": months.select("month", "row_count").rows(),
        "sources": (
            sources["line_customers"],
            sources["unknown_amount"],
            sources["unknown_lines"],
        ),
    }


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


AFTER_FIRST = {
    "first": [("C1", day("2026-01-10"), "East", "R1"), ("C2", day("2026-01-20"), "West", "R2")],
    # the name on the latest line: C1's February line renamed it
    "names": [("C1", "Alice Company"), ("C2", "Bob Ltd")],
    "reps": [("R1", "Wang Wei"), ("R2", "Li")],
    "months": [("2026-01", 2), ("2026-02", 1)],
    # C1 pays by its lines (SO1); SO2 50 and SO3 30 have no payment data
    "sources": (1, Decimal("80"), 2),
}


def test_the_lookups_follow_an_upsert_a_new_month_and_an_undo(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    _upload(lake, FIRST)
    assert _lookups(lake) == AFTER_FIRST
    second = _upload(lake, SECOND)
    assert _lookups(lake) == {
        # C2's first line is now the earlier SO0; C3 is new
        "first": [
            ("C1", day("2026-01-10"), "East", "R1"),
            ("C2", day("2026-01-05"), "West", "R2"),
            ("C3", day("2026-03-01"), "West", "R2"),
        ],
        # SO1's new name is older than C1's February line; SO0's than SO2's
        "names": [("C1", "Alice Company"), ("C2", "Bob Ltd"), ("C3", "Carol")],
        "reps": [("R1", "Wang Wei"), ("R2", "Li Na")],
        "months": [("2026-01", 3), ("2026-02", 1), ("2026-03", 1)],
        # C1 and C2 pay by their lines; SO2 50, SO3 30 and SO4 70 have no payment data
        "sources": (2, Decimal("150"), 3),
    }
    for upload_id in reversed(second):
        undo_upload(lake, upload_id)
    assert _lookups(lake) == AFTER_FIRST


def test_a_scoped_readers_lookups_count_its_own_lines(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    _upload(lake, [*FIRST, SECOND[1]])  # with C3's March line
    east = lake.scoped(Access(Role.REGION_MANAGER, regions=frozenset({"East"})))
    found = _lookups(east)
    assert found["names"] == [("C1", "Alice Company")]
    assert found["reps"] == [("R1", "Wang Wei")]
    assert found["months"] == [("2026-01", 1), ("2026-02", 1)]
    assert found["sources"] == (1, Decimal("30"), 1)
    # a first line is the company's (new to the company), of which the scope sees its own
    assert found["first"] == [("C1", day("2026-01-10"), "East", "R1")]

"""A customer's ledger read from its kept copy (``ledger_entries``, sql/_ledger_entries.sql)
equals the ledger read from the lines themselves, after partial uploads, a customer who
starts paying by receipts, a line moved between customers, a month replaced, an undo and a
restart of the process; and the copy is kept sorted by customer (branch ledger, issue 15)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from sales_dash.engine import db, rollups
from sales_dash.engine.customers import ledger_entries
from sales_dash.engine.db import run_sql
from sales_dash.ingest import ingest_bytes, undo_upload
from sales_dash.ingest.merge import Mode
from sales_dash.lake import Lake
from tests.engine.conftest import forget_databases

LINES_LEDGER = """
with entries as (
    select order_date as entry_date, if(revenue < 0, 1, 0) as day_order,
        if(revenue < 0, 'return', 'line') as entry, order_id as document, line_no,
        revenue::decimal(38, 4) as billed, null::decimal(38, 4) as received
    from orders
    where is_booked(status) and customer_id = $customer and order_date <= $as_of
        and (paid_amount is not null
            or coalesce(customer_id in (select customer_id from payers), false))
    union all
    select payment_date, 2, if(amount < 0, 'refund', 'receipt'), payment_id, null, null,
        amount::decimal(38, 4)
    from payments
    where customer_id = $customer and payment_date <= $as_of
    union all
    select payment_date, 2, 'line_paid', order_id, line_no, null, amount::decimal(38, 4)
    from settled
    where source = 'line' and customer_id = $customer and payment_date <= $as_of
)
select entry_date, entry, document, line_no, billed, received,
    sum(coalesce(billed, 0) - coalesce(received, 0)) over (
        order by entry_date, day_order, document, line_no
        rows between unbounded preceding and current row
    )::decimal(38, 4) as balance
from entries
order by entry_date, day_order, document, line_no
"""
"""The ledger as sql/customer_ledger.sql read it before the kept copy: from the order
lines, the payments and settled."""

ORDERS = (
    "order_id,line_no,order_date,customer_id,rep_id,region,revenue,paid_amount,paid_date,"
    "status,due_date"
)
PAYMENTS = "payment_id,payment_date,customer_id,amount,order_id"
CUSTOMERS = ("C1", "C2", "C3")
DATES = (dt.date(2026, 1, 31), dt.date(2026, 2, 14), dt.date(2026, 12, 31))

JANUARY_FEBRUARY = """\
SO1,1,2026-01-05,C1,R1,华东,100,100,2026-01-20,,2026-02-04
SO1,2,2026-01-05,C1,R1,华东,200,50,,,2026-02-14
SO2,1,2026-01-12,C2,R2,华南,300,,,,
SO3,1,2026-01-15,C1,R1,华东,-30,-30,2026-01-15,,
SO4,1,2026-02-03,C3,R2,华南,80,0,,,
SO5,1,2026-02-10,C1,R1,华东,60,,,cancelled,
SO6,1,2026-02-11,C2,R2,华南,90,,,,
SO9,1,2026-02-12,C1,R1,华东,10,10,2026-02-12,,
"""
MARCH = "SO7,1,2026-03-02,C1,R1,华东,40,40,2026-03-09,,\n"
UNPAID_ORDERS = "order_id,line_no,order_date,customer_id,rep_id,region,revenue"
UNKNOWN_PAID = "SO10,1,2026-03-15,C3,R2,华南,55\n"
RECEIPTS = "P1,2026-01-31,C2,250,SO2\nP2,2026-03-05,C2,-20,\n"
MOVE = "SO1,2,2026-01-05,C3,R2,华南,200,50,,,2026-02-14\n"
FEBRUARY_AGAIN = "SO8,1,2026-02-20,C3,R2,华南,70,70,2026-02-25,,\n"


def _ingest(
    lake: Lake, table: str, rows: str, mode: Mode = Mode.UPSERT, header: str | None = None
) -> str:
    header = header or (ORDERS if table == "orders" else PAYMENTS)
    payload = f"{header}\n{rows}".encode()
    result = ingest_bytes(payload, f"{table}.csv", table, lake, mode=mode, accept_moves=True)
    assert result.upload_id is not None
    return result.upload_id


def _restart() -> None:
    """As a new process: nothing in memory, the kept tables on disk."""
    forget_databases()
    db.clear_result_cache()


def assert_ledgers_equal_the_lines(lake: Lake) -> None:
    for customer in CUSTOMERS:
        for as_of in DATES:
            kept = ledger_entries(lake, customer, as_of)
            lines = run_sql(lake, LINES_LEDGER, customer=customer, as_of=as_of)
            assert kept.drop("entries").equals(lines), (customer, as_of)
            assert kept["entries"].to_list() == [lines.height] * lines.height
            # a screen's latest entries: the last rows, each with its balance in the whole
            latest = ledger_entries(lake, customer, as_of, latest=3)
            assert latest.drop("entries").equals(lines.tail(3)), (customer, as_of)
            assert latest["entries"].to_list() == [lines.height] * min(3, lines.height)


def _rows(frame: pl.DataFrame) -> list[tuple[object, ...]]:
    return frame.select("entry", "document", "line_no", "billed", "received", "balance").rows()


def d(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.0001"))


def test_the_kept_ledger_equals_the_lines_after_partial_uploads_and_an_undo(
    tmp_path: Path,
) -> None:
    lake = Lake(tmp_path / "lake")
    _ingest(lake, "orders", JANUARY_FEBRUARY)
    assert_ledgers_equal_the_lines(lake)
    # C1 by hand, as of 02-14: SO1/1 100 billed, SO1/2 200, SO3/1 the return of -30 on
    # 01-15 (paid -30: its own paid column gives the money back), SO1/1's 100 paid 01-20,
    # SO9/1 10 billed and paid 02-12, SO1/2's 50 paid without a date, dated its due date
    # 02-14; the cancelled SO5 is no entry. Each day: lines, returns, then money.
    c1 = ledger_entries(lake, "C1", dt.date(2026, 2, 14))
    assert _rows(c1) == [
        ("line", "SO1", 1, d("100"), None, d("100")),
        ("line", "SO1", 2, d("200"), None, d("300")),
        ("return", "SO3", 1, d("-30"), None, d("270")),
        ("line_paid", "SO3", 1, None, d("-30"), d("300")),
        ("line_paid", "SO1", 1, None, d("100"), d("200")),
        ("line", "SO9", 1, d("10"), None, d("210")),
        ("line_paid", "SO9", 1, None, d("10"), d("200")),
        ("line_paid", "SO1", 2, None, d("50"), d("150")),
    ]
    # C2 paid nothing yet (an empty paid cell of a file with payment data is 0)
    assert _rows(ledger_entries(lake, "C2", DATES[-1])) == [
        ("line", "SO2", 1, d("300"), None, d("300")),
        ("line", "SO6", 1, d("90"), None, d("390")),
    ]
    _ingest(lake, "orders", MARCH)  # a month of its own: January and February kept as they are
    assert_ledgers_equal_the_lines(lake)
    # a file without payment data: the line's collection is unknown, no entry
    _ingest(lake, "orders", UNKNOWN_PAID, header=UNPAID_ORDERS)
    assert_ledgers_equal_the_lines(lake)
    assert "SO10" not in ledger_entries(lake, "C3", DATES[-1])["document"].to_list()
    _ingest(lake, "payments", RECEIPTS)  # C2 becomes a payer: its lines are entries now
    assert_ledgers_equal_the_lines(lake)
    c2 = ledger_entries(lake, "C2", dt.date(2026, 12, 31))
    assert _rows(c2) == [
        ("line", "SO2", 1, d("300"), None, d("300")),
        ("receipt", "P1", None, None, d("250"), d("50")),
        ("line", "SO6", 1, d("90"), None, d("140")),
        ("refund", "P2", None, None, d("-20"), d("160")),
    ]
    _ingest(lake, "orders", MOVE)  # SO1/2 moves from C1 to C3: both ledgers change
    assert_ledgers_equal_the_lines(lake)
    assert ("SO1", 2) in {(r[1], r[2]) for r in _rows(ledger_entries(lake, "C3", DATES[-1]))}
    replaced = _ingest(lake, "orders", FEBRUARY_AGAIN, Mode.REPLACE_MONTHS)
    assert_ledgers_equal_the_lines(lake)
    assert "SO6" not in ledger_entries(lake, "C2", DATES[-1])["document"].to_list()
    undo_upload(lake, replaced)
    assert_ledgers_equal_the_lines(lake)
    assert "SO6" in ledger_entries(lake, "C2", DATES[-1])["document"].to_list()
    _restart()  # a new process reads the kept copy from its files
    assert_ledgers_equal_the_lines(lake)
    cursor = db._database(lake).cursor()
    assert "ledger_entries" in rollups.lazy_tables(cursor)


def test_the_kept_copy_is_sorted_by_customer(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    _ingest(lake, "orders", JANUARY_FEBRUARY)
    folder = lake.root / "_derived" / rollups.MONTHLY_DIR
    files = rollups.Built.from_json((folder / rollups.STATE).read_bytes()).files
    january = pl.read_parquet(folder / files["ledger_entries"]["2026-01"])
    assert january["customer_id"].to_list() == ["C1"] * 6 + ["C2"]
    february = pl.read_parquet(folder / files["ledger_entries"]["2026-02"])
    assert february.select("customer_id", "document", "entry").rows() == [
        ("C1", "SO9", "line"),
        ("C1", "SO9", "line_paid"),
        ("C2", "SO6", "line"),
        ("C3", "SO4", "line"),
    ]


def test_a_screens_latest_entries_open_the_files_of_their_months_alone(tmp_path: Path) -> None:
    """The latest entries sum the account's earlier whole months from ``ledger_months``
    and read the entries of the last months alone, from the files of the order months
    that hold them (rollups.FILE_MONTH): a month file they do not need is never opened
    (here: unreadable), and they are still the whole ledger's last rows with its
    balances."""
    lake = Lake(tmp_path / "lake")
    rows = []
    for month in range(1, 6):  # three lines a month, each paid in part the day it is booked
        for n in range(1, 4):
            day = f"2026-0{month}-0{n}"
            rows.append(f"SO{month}{n},1,{day},C1,R1,华东,{month}{n}0,{n}0,{day},,")
    rows.append("SO99,1,2026-01-09,C1,R1,华东,500,500,2026-05-06,,")  # January's, paid in May
    rows.append("SO98,1,2026-05-25,C1,R1,华东,70,70,2026-05-26,,")  # after as-of
    _ingest(lake, "orders", "\n".join(rows) + "\n")
    as_of = dt.date(2026, 5, 20)
    whole = ledger_entries(lake, "C1", as_of)
    lines = run_sql(lake, LINES_LEDGER, customer="C1", as_of=as_of)
    assert whole.drop("entries").equals(lines)
    # April's whole month holds 6 entries: the 4 latest are read from April on, from
    # the files of April, May and January (SO99's payment), not February's or March's;
    # the months before are summed (7 entries in January, 6 in February and March)
    folder = lake.root / "_derived" / rollups.MONTHLY_DIR
    files = rollups.Built.from_json((folder / rollups.STATE).read_bytes()).files
    for month in ("2026-02", "2026-03"):
        (folder / files["ledger_entries"][month]).write_bytes(b"not parquet")
    _restart()
    latest = ledger_entries(lake, "C1", as_of, latest=4)
    with pytest.raises(duckdb.Error):  # the whole ledger opens them
        ledger_entries(lake, "C1", dt.date(2026, 5, 21))
    assert latest.equals(whole.tail(4))
    assert latest["entries"].to_list() == [lines.height] * 4
    assert latest["document"].to_list() == ["SO52", "SO53", "SO53", "SO99"]
    assert latest["entries"][0] == 7 + 6 + 6 + 6 + 7  # May to the 20th: 3 lines, 3 paid, SO99's
    # billed (300 × m + 60) in month m, 4,800, and SO99's 500; received 60 a month and 500:
    # 4,500 at the end, before it 4,500 + 500 (SO99 paid), before that + 30 − 530 (SO53)
    assert latest["balance"].to_list() == [d("4500"), d("5030"), d("5000"), d("4500")]


def test_a_new_process_builds_the_tables_again_when_a_kept_file_is_gone(tmp_path: Path) -> None:
    """A kept file deleted behind the app's back: a new process builds the derived tables
    from the lines instead of failing (it had left the views it made before the missing
    file, and the build then met them)."""
    lake = Lake(tmp_path / "lake")
    _ingest(lake, "orders", JANUARY_FEBRUARY)
    assert_ledgers_equal_the_lines(lake)
    folder = lake.root / "_derived" / rollups.MONTHLY_DIR
    files = rollups.Built.from_json((folder / rollups.STATE).read_bytes()).files
    (folder / files["ledger_entries"]["2026-02"]).unlink()
    _restart()
    assert_ledgers_equal_the_lines(lake)

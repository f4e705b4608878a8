"""A scoped reader's ledger (branch sledger, docs/row-level-security.md): customers who buy
in two regions, with partial payments, a refund, credit applied to a later line, a return
whose credit settles another region's line, a receipt naming its region, a receipt of 0
and a customer settled by its lines' paid columns. The company's ledger is as before; each
region's ends at its outstanding less the credit it holds; the regions add up to it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from sales_dash.access import Access, Role
from sales_dash.engine.customers import ledger_entries
from sales_dash.engine.metrics import compute_metric
from sales_dash.filters import Filters
from sales_dash.ingest import ingest_bytes, undo_upload
from sales_dash.lake import Lake

AS_OF = dt.date(2026, 6, 30)
CUSTOMERS = ("A", "B", "C", "D", "E", "F")
REGIONS = ("East", "West", "")  # "": lines without a region (未分配)

# A: SO1 East, SO2 West, SO3 East, SO4 West (its owner: the latest line's region, West).
#    P1 250 settles SO1 100 and SO2 150; the refund P2 -30 reverses 30 of SO2 (the latest
#    application); P3 200 settles SO2 80 and SO3 80, 40 is credit, of which SO4 takes 30
#    when booked on 05-10 (credit 10 left). The receipts name no region: West's.
# B: SO5 West, SO6 East, the return SO7 East -50 (its credit settles 50 of SO5, West),
#    P4 200 naming East settles SO5 70 and SO6 60, 70 is credit, taken by SO8 (West, 100)
#    on 04-10. Owner West (SO8): the return's credit is West's to hold, P4 East's.
# C: East only: SO9 100, P5 40 (partial), P6 0 (a receipt of 0).
# D: no receipt, paid on its lines: SO10 East 90 paid 90, SO11 West 40 paid 10.
# E: buys in West only (SO12 70), pays with P7 naming East: East holds P7, all of which
#    settled West's line, so East's ledger has none of it.
# F: SO13 without a region (unassigned, R1) and SO14 East (its owner), paid by P8 100
#    naming no region: East holds it, 40 of it settled the unassigned line.
RECEIPT_LINES = (
    "order_id,line_no,order_date,customer_id,rep_id,region,revenue,due_date\n"
    "SO1,1,2026-01-10,A,R1,East,100,2026-01-10\n"
    "SO2,1,2026-02-10,A,R2,West,200,2026-02-10\n"
    "SO3,1,2026-03-05,A,R1,East,80,2026-03-05\n"
    "SO4,1,2026-05-10,A,R2,West,30,2026-05-10\n"
    "SO5,1,2026-01-05,B,R2,West,120,2026-01-05\n"
    "SO6,1,2026-02-01,B,R1,East,60,2026-02-01\n"
    "SO7,1,2026-02-20,B,R1,East,-50,2026-02-20\n"
    "SO8,1,2026-04-10,B,R2,West,100,2026-04-10\n"
    "SO9,1,2026-03-01,C,R1,East,100,2026-03-01\n"
    "SO12,1,2026-02-01,E,R2,West,70,2026-02-01\n"
    "SO13,1,2026-03-01,F,R1,,40,2026-03-01\n"
    "SO14,1,2026-04-01,F,R1,East,60,2026-04-01\n"
)
PAID_LINES = (
    "order_id,line_no,order_date,customer_id,rep_id,region,revenue,paid_amount,paid_date\n"
    "SO10,1,2026-01-15,D,R1,East,90,90,2026-02-01\n"
    "SO11,1,2026-03-01,D,R2,West,40,10,2026-03-10\n"
)
RECEIPTS = (
    "payment_id,payment_date,customer_id,amount,region\n"
    "P1,2026-02-15,A,250,\n"
    "P2,2026-03-20,A,-30,\n"
    "P3,2026-04-01,A,200,\n"
    "P4,2026-03-01,B,200,East\n"
    "P5,2026-03-15,C,40,\n"
    "P6,2026-04-01,C,0,\n"
    "P7,2026-02-10,E,70,East\n"
    "P8,2026-04-15,F,100,\n"
)


def d(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.0001"))


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(f"2026-{text}")


Row = tuple[dt.date, str, str, int | None, Decimal | None, Decimal | None, Decimal]


def _rows(frame: pl.DataFrame) -> list[Row]:
    columns = ("entry_date", "entry", "document", "line_no", "billed", "received", "balance")
    return frame.select(columns).rows()  # type: ignore[return-value]


# The company's ledgers as sql/customer_ledger.sql gave them before this branch, by hand:
# each day its lines, then returns, then money; the balance runs billed - received.
COMPANY: dict[str, list[Row]] = {
    "A": [
        (day("01-10"), "line", "SO1", 1, d("100"), None, d("100")),
        (day("02-10"), "line", "SO2", 1, d("200"), None, d("300")),
        (day("02-15"), "receipt", "P1", None, None, d("250"), d("50")),
        (day("03-05"), "line", "SO3", 1, d("80"), None, d("130")),
        (day("03-20"), "refund", "P2", None, None, d("-30"), d("160")),
        (day("04-01"), "receipt", "P3", None, None, d("200"), d("-40")),
        (day("05-10"), "line", "SO4", 1, d("30"), None, d("-10")),
    ],
    "B": [
        (day("01-05"), "line", "SO5", 1, d("120"), None, d("120")),
        (day("02-01"), "line", "SO6", 1, d("60"), None, d("180")),
        (day("02-20"), "return", "SO7", 1, d("-50"), None, d("130")),
        (day("03-01"), "receipt", "P4", None, None, d("200"), d("-70")),
        (day("04-10"), "line", "SO8", 1, d("100"), None, d("30")),
    ],
    "C": [
        (day("03-01"), "line", "SO9", 1, d("100"), None, d("100")),
        (day("03-15"), "receipt", "P5", None, None, d("40"), d("60")),
        (day("04-01"), "receipt", "P6", None, None, d("0"), d("60")),
    ],
    "D": [
        (day("01-15"), "line", "SO10", 1, d("90"), None, d("90")),
        (day("02-01"), "line_paid", "SO10", 1, None, d("90"), d("0")),
        (day("03-01"), "line", "SO11", 1, d("40"), None, d("40")),
        (day("03-10"), "line_paid", "SO11", 1, None, d("10"), d("30")),
    ],
    "E": [
        (day("02-01"), "line", "SO12", 1, d("70"), None, d("70")),
        (day("02-10"), "receipt", "P7", None, None, d("70"), d("0")),
    ],
    "F": [
        (day("03-01"), "line", "SO13", 1, d("40"), None, d("40")),
        (day("04-01"), "line", "SO14", 1, d("60"), None, d("100")),
        (day("04-15"), "receipt", "P8", None, None, d("100"), d("0")),
    ],
}
# Each region's, by hand: its lines; the money it holds, less what settled the other
# region's lines (dated when applied); what other money settled its own lines.
SCOPED: dict[tuple[str, str], list[Row]] = {
    # East holds none of A's receipts: P1's 100 and P3's 80 settled its lines
    ("East", "A"): [
        (day("01-10"), "line", "SO1", 1, d("100"), None, d("100")),
        (day("02-15"), "receipt", "P1", None, None, d("100"), d("0")),
        (day("03-05"), "line", "SO3", 1, d("80"), None, d("80")),
        (day("04-01"), "receipt", "P3", None, None, d("80"), d("0")),
    ],
    # West holds them: P1 250 - 100 (SO1), P2 -30 (reversed on SO2), P3 200 - 80 (SO3);
    # the 10 of credit left is West's
    ("West", "A"): [
        (day("02-10"), "line", "SO2", 1, d("200"), None, d("200")),
        (day("02-15"), "receipt", "P1", None, None, d("150"), d("50")),
        (day("03-20"), "refund", "P2", None, None, d("-30"), d("80")),
        (day("04-01"), "receipt", "P3", None, None, d("120"), d("-40")),
        (day("05-10"), "line", "SO4", 1, d("30"), None, d("-10")),
    ],
    # East holds P4: 200 less SO5's 70 on 03-01 and SO8's 70 from credit on 04-10; its
    # return's credit went to West (the owner's to hold): -50 received
    ("East", "B"): [
        (day("02-01"), "line", "SO6", 1, d("60"), None, d("60")),
        (day("02-20"), "return_credit", "", None, None, d("-50"), d("110")),
        (day("02-20"), "return", "SO7", 1, d("-50"), None, d("60")),
        (day("03-01"), "receipt", "P4", None, None, d("130"), d("-70")),
        (day("04-10"), "receipt", "P4", None, None, d("-70"), d("0")),
    ],
    ("West", "B"): [
        (day("01-05"), "line", "SO5", 1, d("120"), None, d("120")),
        (day("02-20"), "return_credit", "", None, None, d("50"), d("70")),
        (day("03-01"), "receipt", "P4", None, None, d("70"), d("0")),
        (day("04-10"), "line", "SO8", 1, d("100"), None, d("100")),
        (day("04-10"), "receipt", "P4", None, None, d("70"), d("30")),
    ],
    ("East", "C"): COMPANY["C"],
    ("West", "C"): [],
    ("East", "D"): COMPANY["D"][:2],
    ("West", "D"): [
        (day("03-01"), "line", "SO11", 1, d("40"), None, d("40")),
        (day("03-10"), "line_paid", "SO11", 1, None, d("10"), d("30")),
    ],
    ("East", "E"): [],  # it holds P7, none of which is its own
    ("West", "E"): COMPANY["E"],
    ("East", "F"): [
        (day("04-01"), "line", "SO14", 1, d("60"), None, d("60")),
        (day("04-15"), "receipt", "P8", None, None, d("60"), d("0")),
    ],
    # the unassigned lines' scope: SO13 and what of P8 settled it; none of the receipts
    # of unknown region whose owners are East's or West's (A's, C's), which its payments
    # show it (``db._attribute_to_owners``), nor C's receipt of 0
    ("", "F"): [
        (day("03-01"), "line", "SO13", 1, d("40"), None, d("40")),
        (day("04-15"), "receipt", "P8", None, None, d("40"), d("0")),
    ],
}
"""The ledgers not listed are empty."""
HELD_CREDIT = {("West", "A"): d("10")}
"""The credit each region holds at AS_OF (A's unapplied 10, held where A's receipts are)."""


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    lake = Lake(tmp_path_factory.mktemp("sledger") / "lake")
    for table, text in (
        ("orders", RECEIPT_LINES),
        ("orders", PAID_LINES),
        ("payments", RECEIPTS),
    ):
        result = ingest_bytes(text.encode(), f"{table}.csv", table, lake, accept_moves=True)
        assert result.upload_id is not None
    return lake


def _region(lake: Lake, region: str) -> Lake:
    return lake.scoped(Access(Role.REGION_MANAGER, regions=frozenset({region})))


def _closing(frame: pl.DataFrame) -> Decimal:
    return frame["balance"].to_list()[-1] if frame.height else d("0")


def test_the_companys_ledger_is_as_before(lake: Lake) -> None:
    for customer in CUSTOMERS:
        assert _rows(ledger_entries(lake, customer, AS_OF)) == COMPANY[customer], customer


def test_each_regions_ledger_has_its_lines_and_its_money(lake: Lake) -> None:
    for region in REGIONS:
        for customer in CUSTOMERS:
            rows = _rows(ledger_entries(_region(lake, region), customer, AS_OF))
            assert rows == SCOPED.get((region, customer), []), (region, customer)


def test_a_regions_ledger_ends_at_its_outstanding_less_the_credit_it_holds(lake: Lake) -> None:
    for region in REGIONS:
        scoped = _region(lake, region)
        for customer in CUSTOMERS:
            filters = Filters(customers=(customer,))
            metric = compute_metric(scoped, "collection", AS_OF, AS_OF, AS_OF, filters=filters)
            outstanding = metric["outstanding"].fill_null(d("0")).sum()
            held = HELD_CREDIT.get((region, customer), d("0"))
            closing = _closing(ledger_entries(scoped, customer, AS_OF))
            assert closing == outstanding - held, (region, customer)


@pytest.mark.parametrize("as_of", ["02-14", "02-20", "03-01", "03-31", "04-10", "06-30"])
def test_the_regions_add_up_to_the_company_at_every_date(lake: Lake, as_of: str) -> None:
    """At each date, money applied later (credit on 04-10, 05-10) is still the holder's."""
    for customer in CUSTOMERS:
        company = _closing(ledger_entries(lake, customer, day(as_of)))
        regions = [
            _closing(ledger_entries(_region(lake, r), customer, day(as_of))) for r in REGIONS
        ]
        assert sum(regions) == company, customer


def test_a_scoped_ledgers_latest_entries_are_cut_from_it_with_its_count(lake: Lake) -> None:
    for region in REGIONS:
        scoped = _region(lake, region)
        for customer in CUSTOMERS:
            whole = ledger_entries(scoped, customer, AS_OF)
            for latest in range(1, whole.height + 2):
                cut = ledger_entries(scoped, customer, AS_OF, latest)
                assert cut.equals(whole.tail(latest)), (region, customer, latest)
                assert set(cut["entries"].to_list()) <= {whole.height}


# B's P4 names East but no rep, and B's owner is West's R2: P4 is East's with no rep
# (docs/metrics.md, cash collected), held by the scope of the unassigned rep. R1's and R2's
# lines receive what of it settled them, on the day it did: R2's SO8 takes 70 of its
# credit on 04-10. (Taking the owner's rep, as before 2026-11-30, had R2 hold a receipt
# of East's.) By hand, as above.
REPS_B = {
    "R1": [
        (day("02-01"), "line", "SO6", 1, d("60"), None, d("60")),
        (day("02-20"), "return_credit", "", None, None, d("-50"), d("110")),
        (day("02-20"), "return", "SO7", 1, d("-50"), None, d("60")),
        (day("03-01"), "receipt", "P4", None, None, d("60"), d("0")),
    ],
    "R2": [
        (day("01-05"), "line", "SO5", 1, d("120"), None, d("120")),
        (day("02-20"), "return_credit", "", None, None, d("50"), d("70")),
        (day("03-01"), "receipt", "P4", None, None, d("70"), d("0")),
        (day("04-10"), "line", "SO8", 1, d("100"), None, d("100")),
        (day("04-10"), "receipt", "P4", None, None, d("70"), d("30")),
    ],
    # the whole 200 less 60 + 70 settled on 03-01, less 70 applied to SO8 on 04-10
    "": [
        (day("03-01"), "receipt", "P4", None, None, d("70"), d("-70")),
        (day("04-10"), "receipt", "P4", None, None, d("-70"), d("0")),
    ],
}


def test_a_reps_ledger_is_its_share_of_the_money(lake: Lake) -> None:
    """Scopes of reps (R1 sells East, R2 West, and the unassigned rep) hold the money
    cash collected counts for them, and add up to the company."""
    for customer in CUSTOMERS:
        company = _closing(ledger_entries(lake, customer, AS_OF))
        reps = {}
        for rep, region in (("R1", "East"), ("R2", "West"), ("", None)):
            scoped = lake.scoped(Access(Role.REP, reps=frozenset({rep})))
            reps[rep] = _rows(ledger_entries(scoped, customer, AS_OF))
            if customer == "B":
                expected = REPS_B[rep]
            elif customer == "F":  # R1 sold both of F's lines and holds P8: F's whole ledger
                expected = COMPANY["F"] if rep == "R1" else []
            else:  # E's P7 names East alone and settled R2's line: nothing of it is left
                expected = SCOPED.get((region, customer), []) if region else []
            assert reps[rep] == expected, (rep, customer)
        assert sum(rows[-1][-1] for rows in reps.values() if rows) == company, customer


def test_a_scoped_ledger_follows_each_write_and_its_undo(tmp_path: Path) -> None:
    """The money a scope's ledger takes across its border is the current data's: a
    receipt uploaded after the scope was first read enters it, its undo takes it out."""
    lake = Lake(tmp_path / "lake")
    lines = (
        "order_id,line_no,order_date,customer_id,rep_id,region,revenue,due_date\n"
        "SO1,1,2026-01-10,A,R1,East,100,2026-01-10\n"
        "SO2,1,2026-02-10,A,R2,West,60,2026-02-10\n"
    )
    ingest_bytes(lines.encode(), "orders.csv", "orders", lake)
    header = RECEIPTS.splitlines()[0]
    # P0, a receipt of 0, makes A's lines settled by receipts; it is West's, A's owner's
    ingest_bytes(f"{header}\nP0,2026-01-01,A,0,\n".encode(), "payments.csv", "payments", lake)
    east, west = _region(lake, "East"), _region(lake, "West")
    assert [r[2] for r in _rows(ledger_entries(east, "A", AS_OF))] == ["SO1"]  # read before
    # P1 120 (no region: West's, A's owner): SO1 100, SO2 20
    receipt = ingest_bytes(
        f"{header}\nP1,2026-03-01,A,120,\n".encode(),
        "payments.csv",
        "payments",
        lake,
    ).upload_id
    assert receipt is not None
    assert _rows(ledger_entries(east, "A", AS_OF))[-1] == (
        day("03-01"),
        "receipt",
        "P1",
        None,
        None,
        d("100"),
        d("0"),
    )
    assert _rows(ledger_entries(west, "A", AS_OF))[-1] == (
        day("03-01"),
        "receipt",
        "P1",
        None,
        None,
        d("20"),
        d("40"),
    )
    undo_upload(lake, receipt)
    assert [r[2] for r in _rows(ledger_entries(east, "A", AS_OF))] == ["SO1"]
    assert [r[2] for r in _rows(ledger_entries(west, "A", AS_OF))] == ["P0", "SO2"]


def test_a_receipt_held_by_a_scope_of_a_region_and_a_rep_that_its_payments_do_not_show(
    tmp_path: Path,
) -> None:
    """G's owner is (West, R1); P9 names East and no rep: R1's scope in East holds it (East,
    and the owner's rep). Its payments showed it not while the owner was looked up among
    the scope's own (outside the scope); the company's owners now choose them
    (``db._attribute_to_owners``). Its ledger has P9 less what settled SO16."""
    lake = Lake(tmp_path / "lake")
    lines = (
        "order_id,line_no,order_date,customer_id,rep_id,region,revenue,due_date\n"
        "SO15,1,2026-01-10,G,R1,East,50,2026-01-10\n"
        "SO16,1,2026-02-10,G,R1,West,30,2026-02-10\n"
    )
    ingest_bytes(lines.encode(), "orders.csv", "orders", lake)
    receipt = f"{RECEIPTS.splitlines()[0]}\nP9,2026-03-01,G,80,East\n"
    ingest_bytes(receipt.encode(), "payments.csv", "payments", lake)

    def of(region: str) -> list[Row]:
        scope = Access(Role.REP, regions=frozenset({region}), reps=frozenset({"R1"}))
        return _rows(ledger_entries(lake.scoped(scope), "G", AS_OF))

    assert of("East") == [
        (day("01-10"), "line", "SO15", 1, d("50"), None, d("50")),
        (day("03-01"), "receipt", "P9", None, None, d("50"), d("0")),
    ]
    assert of("West") == [
        (day("02-10"), "line", "SO16", 1, d("30"), None, d("30")),
        (day("03-01"), "receipt", "P9", None, None, d("30"), d("0")),
    ]

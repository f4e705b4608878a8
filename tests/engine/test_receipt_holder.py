"""Whose a receipt is when it names only part of its region and rep: what it names is
its own, and what it leaves out is its customer's owner's only where the owner agrees
with what it names (docs/metrics.md, cash collected). A receipt naming 华南 whose
customer's owner is 华东's rep R1 is 华南's, with no rep: counting it for R1, as once,
showed R1 collecting in a region R1 does not sell in, and R1's own view counted it.
The company's view, a region's and a rep's agree, and the scopes that partition the
company add up to it. Hand-worked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from sales_dash.access import Access, Role
from sales_dash.engine.metrics import compute_metric
from sales_dash.ingest import ingest_bytes
from sales_dash.lake import Lake

LINES = (
    "order_id,line_no,order_date,customer_id,rep_id,region,revenue,due_date\n"
    "SO1,1,2026-01-05,C1,R1,华东,100,2026-01-05\n"  # C1's owner: 华东, R1
)
RECEIPTS = (
    "payment_id,payment_date,customer_id,amount,region,rep_id\n"
    "P1,2026-02-01,C1,1,,\n"  # names nothing: the owner's, 华东 R1
    "P2,2026-02-02,C1,20,华南,\n"  # names 华南, the owner is 华东's: 华南, no rep
    "P3,2026-02-03,C1,300,华东,\n"  # names 华东, the owner's region: 华东 R1
    "P4,2026-02-04,C1,4000,,R2\n"  # names R2, the owner is R1: R2, no region
    "P5,2026-02-05,C1,50000,,R1\n"  # names R1, the owner: 华东 R1
    "P6,2026-02-06,C2,600000,,\n"  # C2 has no line, so no owner: unassigned
)
FEBRUARY = (dt.date(2026, 2, 1), dt.date(2026, 2, 28), dt.date(2026, 2, 28))
BY_REGION = {"华东": Decimal(50301), "华南": Decimal(20), "": Decimal(604000)}
BY_REP = {"R1": Decimal(50301), "R2": Decimal(4000), "": Decimal(600020)}
TOTAL = Decimal(654321)


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    lake = Lake(Path(tmp_path_factory.mktemp("holder")) / "lake")
    ingest_bytes(LINES.encode(), "orders.csv", "orders", lake)
    ingest_bytes(RECEIPTS.encode(), "payments.csv", "payments", lake)
    return lake


def _cash(lake: Lake, by: str | None = None) -> dict[str | None, Decimal]:
    frame = compute_metric(lake, "cash", *FEBRUARY, by=by)
    key = {"region": "region", "rep": "rep_id", None: None}[by]
    keys = frame[key].to_list() if key else [None]
    return dict(zip(keys, frame["cash_collected"].to_list(), strict=True))


def test_the_company_counts_each_receipt_for_what_it_names_and_an_owner_who_agrees(
    lake: Lake,
) -> None:
    assert _cash(lake) == {None: TOTAL}
    assert _cash(lake, "region") == BY_REGION
    assert _cash(lake, "rep") == BY_REP


@pytest.mark.parametrize(
    ("access", "expected"),
    [
        (Access(Role.REGION_MANAGER, regions=frozenset({"华东"})), BY_REGION["华东"]),
        (Access(Role.REGION_MANAGER, regions=frozenset({"华南"})), BY_REGION["华南"]),
        (Access(Role.REGION_MANAGER, regions=frozenset({""})), BY_REGION[""]),
        (Access(Role.REP, reps=frozenset({"R1"})), BY_REP["R1"]),
        (Access(Role.REP, reps=frozenset({"R2"})), BY_REP["R2"]),
        (Access(Role.REP, reps=frozenset({""})), BY_REP[""]),
    ],
    ids=["华东", "华南", "no-region", "R1", "R2", "no-rep"],
)
def test_a_scope_holds_what_the_company_counts_for_it(
    lake: Lake, access: Access, expected: Decimal
) -> None:
    assert _cash(lake.scoped(access)) == {None: expected}

"""A small lake for the engine's modules, written by the tests through the real upload path.

Orders (the cancelled A5 must vanish everywhere):
    A1  2026-01-10  C1 Acme   R1 Alice  East   Alpha Hardware   100.00  cost 60.00
    A2  2026-01-20  C2 Birch  R2 Bob    North  Gamma Software   200.00  cost unknown
    A3  2026-02-05  C1 Acme   R1 Alice  East   Beta  Hardware   300.00  cost 100.00
    A4  2026-02-25  (no customer) R1    East   Alpha Hardware    50.00  cost 20.00
    A5  2026-02-26  C3 Cedar  R2 Bob    North  Alpha Hardware   400.00  cancelled
Quotas: R1 East 310.00 in January and 280.00 in February; R3 Carol West 560.00 in
February (a rep with a quota and no sales).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sales_dash.engine import db
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake

ORDERS_CSV = """\
order_id,line_no,order_date,customer_id,customer_name,rep_id,rep_name,region,product,category,\
quantity,discount_rate,revenue,cost,due_date,paid_amount,paid_date,status
A1,1,2026-01-10,C1,Acme,R1,Alice,East,Alpha,Hardware,1,0,100.00,60.00,,,,
A2,1,2026-01-20,C2,Birch,R2,Bob,North,Gamma,Software,1,0,200.00,,,,,
A3,1,2026-02-05,C1,Acme,R1,Alice,East,Beta,Hardware,1,0.20,300.00,100.00,,,,
A4,1,2026-02-25,,,R1,Alice,East,Alpha,Hardware,1,0,50.00,20.00,,,,
A5,1,2026-02-26,C3,Cedar,R2,Bob,North,Alpha,Hardware,1,0,400.00,300.00,,,,cancelled
"""

QUOTAS_CSV = """\
month,rep_id,rep_name,region,revenue_quota,expense_budget,visit_target
2026-01,R1,Alice,East,310.00,31.00,3
2026-02,R1,Alice,East,280.00,,2
2026-02,R3,Carol,West,560.00,56.00,4
"""


def write_lake(folder: Path, tables: dict[str, str]) -> Lake:
    """A lake of ``tables`` (name -> CSV text), each uploaded as a clerk would."""
    lake = Lake(folder / "lake")
    for table, text in tables.items():
        path = folder / f"{table}.csv"
        path.write_text(text, encoding="utf-8")
        result = ingest_file(path, table, lake)
        assert result.rejected_rows == 0, table
    return lake


@pytest.fixture(scope="module")
def small_lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    return write_lake(
        tmp_path_factory.mktemp("small"), {"orders": ORDERS_CSV, "quotas": QUOTAS_CSV}
    )


def forget_databases() -> None:
    """As a new process starts: no database in memory. Under the engine's lock, as a
    loader thread of an earlier test may walk them (``db._release_readers``)."""
    with db._databases_lock:
        db._databases.clear()

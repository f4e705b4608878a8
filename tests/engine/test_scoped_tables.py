"""A scoped reader's derived tables: views of its rows of the company's kept files, the
line-level ones (settled, the open spans, the ledger's lines) for good and the rollups
until loaded in the background, and always the company's rows of the scope, across an
upload and an undo."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sales_dash.access import Access, Role
from sales_dash.engine import db, rollups
from sales_dash.engine.db import run_sql
from sales_dash.ingest import ingest_bytes, undo_upload
from sales_dash.lake import Lake

HEADER = "order_id,line_no,order_date,customer_id,rep_id,region,revenue,due_date"
LINES = (
    "SO1,1,2026-01-05,C1,R1,East,100,2026-02-05\n"
    "SO2,1,2026-01-06,C2,R2,West,40,2026-02-06\n"
    "SO3,1,2026-02-07,C1,R1,East,30,2026-03-07\n"
    "SO4,1,2026-02-08,C3,,,20,2026-03-08\n"
)
PAYMENTS = "payment_id,payment_date,customer_id,amount\nP1,2026-02-01,C1,60\n"
EAST = Access(Role.REGION_MANAGER, regions=frozenset({"East"}))


def _ingest(lake: Lake, table: str, text: str) -> str:
    result = ingest_bytes(text.encode(), f"{table}.csv", table, lake)
    assert result.upload_id is not None
    return result.upload_id


def _rows(lake: Lake, table: str, where: str = "true") -> pl.DataFrame:
    return run_sql(lake, f"select * from {table} where {where} order by all")


def _assert_east_reads_the_companys_east_rows(lake: Lake) -> None:
    east = lake.scoped(EAST)
    for table in sorted(rollups.FROM_FILES):
        expected = _rows(lake, table, "region = 'East'")
        assert _rows(east, table).equals(expected), table
    connection = db._database(east).connection
    # views of the company's files at first, the rollups loaded in the background
    assert set(rollups.lazy_tables(connection)) <= set(rollups.KEPT) - db.COMPANY_ONLY
    assert db.wait_loaded(timeout=60)
    assert set(rollups.lazy_tables(connection)) == rollups.FROM_FILES  # views, not copies
    for table in sorted(set(rollups.KEPT) - db.COMPANY_ONLY):
        assert _rows(east, table).equals(_rows(lake, table, "region = 'East'")), table


def test_a_scoped_reader_views_the_companys_files(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    _ingest(lake, "orders", f"{HEADER}\n{LINES}")
    _ingest(lake, "payments", PAYMENTS)
    _assert_east_reads_the_companys_east_rows(lake)
    # hand-worked: East's lines SO1 100 (60 of P1 applied) and SO3 30, open 40 + 30
    east = lake.scoped(EAST)
    open_now = _rows(east, "open_spans", "valid_to = date '9999-12-31'")
    assert sorted(open_now["open_amount"].cast(pl.Float64).to_list()) == [30.0, 40.0]

    upload = _ingest(lake, "orders", f"{HEADER}\nSO1,1,2026-01-05,C1,R1,East,90,2026-02-05\n")
    _assert_east_reads_the_companys_east_rows(lake)
    open_now = _rows(east, "open_spans", "valid_to = date '9999-12-31'")
    assert sorted(open_now["open_amount"].cast(pl.Float64).to_list()) == [30.0, 30.0]

    undo_upload(lake, upload)
    _assert_east_reads_the_companys_east_rows(lake)

"""DuckDB reads and writes the lake's folder only (issue 13, hardening): whatever a query
says, no other file, no extension, no network, and no setting that could lift that."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from sales_dash.engine.db import run_sql
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from tests.conftest import write_csv


@pytest.fixture
def loaded(lake: Lake, tmp_path: Path) -> Lake:
    csv = "订单号,订单日期,销售额\nSO1,2026-10-03,100\n"
    ingest_file(write_csv(tmp_path, "o.csv", csv), "orders", lake)
    return lake


def test_the_lake_is_read(loaded: Lake) -> None:
    assert run_sql(loaded, "select count(*) as n from orders")["n"].to_list() == [1]


@pytest.mark.parametrize(
    "statement",
    [
        "select * from read_csv('/etc/passwd')",
        "select * from read_parquet('{outside}')",
        "copy (select 1) to '{written}'",
        "install httpfs",
        "select * from read_csv('http://127.0.0.1:9/x.csv')",
    ],
)
def test_nothing_outside_the_lake_is_reached(loaded: Lake, tmp_path: Path, statement: str) -> None:
    outside = tmp_path / "outside.parquet"
    pl.DataFrame({"secret": [1]}).write_parquet(outside)
    written = tmp_path / "written.csv"
    sql = statement.format(outside=outside, written=written)
    with pytest.raises(duckdb.Error):
        run_sql(loaded, sql)
    assert not written.exists()


def test_the_confinement_cannot_be_lifted(loaded: Lake) -> None:
    for setting in ("enable_external_access = true", "allowed_directories = ['/']"):
        with pytest.raises(duckdb.Error, match="locked"):
            run_sql(loaded, f"set {setting}")

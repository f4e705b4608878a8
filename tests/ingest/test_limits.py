"""Skipping invalid rows, table detection, and the caps that stop a hostile file."""

from __future__ import annotations

import dataclasses
import threading
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from sales_dash.ingest import (
    Mode,
    Problem,
    RejectedUpload,
    ingest_bytes,
    ingest_file,
    prepare_upload,
    rejects_table,
)
from sales_dash.ingest.headers import guess_table
from sales_dash.ingest.limits import Limits
from sales_dash.ingest.problems import describe
from sales_dash.lake import Lake
from tests.conftest import write_csv

HEADER = "order_id,line_no,order_date,customer_id,rep_id,region,revenue,cost"
MIXED = f"""
{HEADER}
SO1,1,2026-10-03,C1,R1,华东,100,60
SO2,1,2026-10-33,C1,R1,华东,100,60
SO3,1,2026-10-05,C1,R1,华东,abc,60
SO4,1,2026-10-06,C1,R1,华东,100,60
SO4,1,2026-10-07,C1,R1,华东,120,60
"""
LIMITS = Limits(
    max_bytes=10_000_000, max_rows=1000, max_columns=50, seconds=60, lock_wait=5, max_problems=100
)


def test_skip_invalid_writes_the_valid_rows_and_lists_the_rest(lake: Lake, tmp_path: Path) -> None:
    result = ingest_file(write_csv(tmp_path, "mixed.csv", MIXED), "orders", lake, skip_invalid=True)
    assert lake.read_table("orders")["order_id"].to_list() == ["SO1"]
    assert result.skipped == [3, 4, 5, 6]
    assert result.rejected_rows == 4
    assert result.prepared is not None
    # the file's text is kept for the rejected rows alone (not a second copy of the file)
    assert result.prepared.raw is not None
    assert result.prepared.raw.frame["_row"].to_list() == [3, 4, 5, 6]
    rejects = rejects_table(result.prepared, lambda p: describe(p, "en"))
    assert rejects.select("_row", "order_id", "revenue").rows() == [
        (3, "SO2", "100"),
        (4, "SO3", "abc"),
        (5, "SO4", "100"),
        (6, "SO4", "120"),
    ]
    assert rejects["_problem"].to_list() == [
        "Row 3, column order_date, value '2026-10-33': is not a valid date (use 2026-11-03, "
        "2026/11/3, 2026.11.3 or 2026年11月3日).",
        "Row 4, column revenue, value 'abc': is not a number.",
        "Row 5, column order_id, value 'SO4 / 1': its key is repeated in row 6.",
        "Row 6, column order_id, value 'SO4 / 1': repeats the key of row 5.",
    ]


def test_without_skip_invalid_nothing_is_written(lake: Lake, tmp_path: Path) -> None:
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(write_csv(tmp_path, "mixed.csv", MIXED), "orders", lake)
    assert [p.row for p in caught.value.problems] == [3, 4, 6]
    assert lake.version == 0


def test_skip_invalid_cannot_skip_a_wrong_total(lake: Lake, tmp_path: Path) -> None:
    content = f"""
    {HEADER}
    SO1,1,2026-10-03,C1,R1,华东,100,60
    合计,,,,,,999,60
    """
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(write_csv(tmp_path, "t.csv", content), "orders", lake, skip_invalid=True)
    assert caught.value.problems == [Problem(3, "revenue", "999", "total_mismatch", "100.00")]


def test_replace_months_keeps_the_stored_row_of_an_invalid_one(lake: Lake, tmp_path: Path) -> None:
    stored = f"""
    {HEADER}
    SO1,1,2026-10-03,C1,R1,华东,100,60
    SO2,1,2026-10-04,C1,R1,华东,100,60
    SO3,1,2026-10-05,C1,R1,华东,100,60
    """
    ingest_file(write_csv(tmp_path, "oct.csv", stored), "orders", lake)
    again = f"""
    {HEADER}
    SO1,1,2026-10-03,C1,R1,华东,110,60
    SO2,1,2026-10-04,C1,R1,华东,bad,60
    """
    result = ingest_file(
        write_csv(tmp_path, "again.csv", again),
        "orders",
        lake,
        mode=Mode.REPLACE_MONTHS,
        skip_invalid=True,
    )
    assert (result.updated, result.deleted) == (1, 1)
    stored_rows = lake.read_table("orders").sort("order_id").select("order_id", "revenue").rows()
    assert stored_rows == [("SO1", Decimal("110.00")), ("SO2", Decimal("100.00"))]


@pytest.mark.parametrize(
    ("headers", "table"),
    [
        ("订单号,订单日期,客户编号,业务员编号,区域,销售额,成本", "orders"),
        ("拜访编号,拜访日期,业务员编号,客户编号,费用", "visits"),
        ("月份,业务员编号,区域,销售指标", "quotas"),
        ("月份,区域,品类,市场容量", "market"),
        ("备注,说明", None),
    ],
)
def test_the_table_is_guessed_from_the_headers(headers: str, table: str | None) -> None:
    assert guess_table(headers.split(",")) == table


def test_ingest_without_a_table_uses_the_guess(lake: Lake) -> None:
    payload = "月份,区域,市场容量\n2026-10,华东,100\n".encode()
    result = ingest_bytes(payload, "m.csv", None, lake)
    assert (result.table, result.inserted) == ("market", 1)


def test_a_file_over_the_size_cap_is_refused_unread(lake: Lake, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "big.csv", MIXED)
    small = dataclasses.replace(LIMITS, max_bytes=100)
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(path, "orders", lake, limits=small)
    assert caught.value.problems == [Problem(0, "", "", "too_large", "0")]


def test_a_file_over_the_row_cap_is_refused(lake: Lake, tmp_path: Path) -> None:
    rows = "\n".join(f"SO{i},1,2026-10-03,C1,R1,华东,1,1" for i in range(20))
    path = write_csv(tmp_path, "rows.csv", f"{HEADER}\n{rows}")
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(path, "orders", lake, limits=dataclasses.replace(LIMITS, max_rows=10))
    assert caught.value.problems == [Problem(0, "", "", "too_many_rows", "10")]


def test_a_file_with_too_many_columns_is_refused(lake: Lake) -> None:
    payload = (",".join(f"c{i}" for i in range(60)) + "\n").encode()
    with pytest.raises(RejectedUpload) as caught:
        ingest_bytes(payload, "wide.csv", "orders", lake, limits=LIMITS)
    assert caught.value.problems == [Problem(0, "", "", "too_many_columns", "50")]


def test_an_upload_over_the_time_limit_is_stopped(lake: Lake, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "mixed.csv", MIXED)
    with pytest.raises(RejectedUpload) as caught:
        ingest_file(path, "orders", lake, limits=dataclasses.replace(LIMITS, seconds=0))
    assert caught.value.problems == [Problem(0, "", "", "time_limit", "0")]
    assert lake.version == 0


def test_many_problems_are_capped_in_the_listing_not_in_the_count(lake: Lake) -> None:
    rows = "\n".join(f"SO{i},1,bad,C1,R1,华东,1,1" for i in range(300))
    payload = f"{HEADER}\n{rows}\n".encode()
    with pytest.raises(RejectedUpload) as caught:
        ingest_bytes(payload, "bad.csv", "orders", lake, limits=LIMITS)
    assert (len(caught.value.problems), caught.value.total) == (100, 300)


def test_a_busy_lake_makes_a_second_upload_fail_clearly(lake: Lake, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "mixed.csv", MIXED)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lake.write_lock():
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(5)
    try:
        with pytest.raises(RejectedUpload) as caught:
            ingest_file(
                path,
                "orders",
                lake,
                skip_invalid=True,
                limits=dataclasses.replace(LIMITS, lock_wait=0.2),
            )
    finally:
        release.set()
        holder.join()
    assert caught.value.problems == [Problem(0, "", "", "lake_busy", "0.2")]


def test_prepare_never_raises_for_bad_data() -> None:
    prepared = prepare_upload(b"\x00\x01garbage", "x.csv", "orders")
    assert prepared.fatal and prepared.raw is None
    assert prepared.problems.rows() == [(0, "", "", "binary_file", "")]


def test_visit_regions_come_from_the_reps_home(lake: Lake, tmp_path: Path) -> None:
    ingest_file(
        write_csv(tmp_path, "q.csv", "month,rep_id,region,revenue_quota\n2026-10,R1,华东,1"),
        "quotas",
        lake,
    )
    visits = "visit_id,visit_date,rep_id,customer_id\nV1,2026-10-05,R1,C1\nV2,2026-10-05,R2,C1"
    ingest_file(write_csv(tmp_path, "v.csv", visits), "visits", lake)
    stored = lake.read_table("visits").sort("visit_id")
    assert stored.select("visit_id", "region").rows() == [("V1", "华东"), ("V2", None)]
    assert stored.schema["expense"] == pl.Decimal(18, 4)


def test_skip_invalid_with_no_valid_row_left_is_a_rejection(lake: Lake) -> None:
    payload = f"{HEADER}\nSO1,1,bad,C1,R1,华东,1,1\n".encode()
    with pytest.raises(RejectedUpload) as caught:
        ingest_bytes(payload, "bad.csv", "orders", lake, skip_invalid=True)
    assert caught.value.problems == [Problem(2, "order_date", "bad", "not_a_date")]

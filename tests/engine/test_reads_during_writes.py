"""A read that runs while another thread brings the tables to an upload sees the data
before the upload or after it, whole: never the lines of one and the rollups of the other
(``db._Database.gate``). Real threads, a real upload, the real engine: no seam."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sales_dash.access import Access, Role
from sales_dash.engine import db
from sales_dash.engine.db import run_sql
from sales_dash.ingest import ingest_bytes
from sales_dash.lake import DataChanged, Lake
from tests.engine.conftest import forget_databases

HEADER = "order_id,line_no,order_date,customer_id,rep_id,region,revenue,cost,paid_amount,paid_date"
MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
REGIONS = ("East", "North")

TOTALS = """
select
    (select coalesce(sum(revenue), 0) from orders_daily) as rolled_revenue,
    (select coalesce(sum(lines), 0) from orders_daily)::bigint as rolled_lines,
    (select coalesce(sum(revenue), 0) from orders) as line_revenue,
    (select count(*) from orders) as line_count,
    (select coalesce(sum(amount), 0) from applied_daily) as rolled_applied,
    (select coalesce(sum(amount), 0) from applied_facts_lines) as line_applied
"""
"""Each pair (a rollup's sum, the same sum over the lines) is equal in any whole state."""


def _orders(months: list[str], seed: int) -> bytes:
    """300 lines a month, their amounts drawn from ``seed``: a month uploaded again with
    another seed changes every line of it."""
    return "\n".join([HEADER, *(row for month in months for row in _lines(month, seed))]).encode()


def _lines(month: str, seed: int) -> list[str]:
    draw = random.Random(seed)
    rows = []
    for n in range(300):
        revenue = draw.randint(100, 9_000)
        paid = draw.choice(["", str(revenue), str(revenue // 2)])
        rows.append(
            f"{month}-{n}-{seed},1,{month}-{1 + n % 28:02d},C{n % 40},R{n % 6},"
            f"{REGIONS[n % 2]},{revenue}.00,{revenue // 2}.00,{paid},"
            f"{f'{month}-28' if paid else ''}"
        )
    return rows


def _pairs_equal(row: tuple[object, ...]) -> bool:
    return row[0] == row[2] and row[1] == row[3] and row[4] == row[5]


def _read_while_writing(lake: Lake, readers: list[Lake]) -> tuple[int, list[tuple[object, ...]]]:
    """Upload a month anew, again and again, while each of ``readers`` reads the totals in
    a loop of its own; the reads made, and those whose pairs differed."""
    stop = threading.Event()
    seen: list[tuple[object, ...]] = []
    count = [0]
    failures: list[BaseException] = []

    def read(reader: Lake) -> None:
        try:
            while not stop.is_set():
                seen.append(run_sql(reader, TOTALS).row(0))
                count[0] += 1
        except BaseException as error:  # a failed read fails the test, not the thread alone
            failures.append(error)

    threads = [threading.Thread(target=read, args=(reader,)) for reader in readers]
    for thread in threads:
        thread.start()
    try:
        for seed, month in enumerate(MONTHS * 2, start=100):
            result = ingest_bytes(_orders([month], seed), f"{month}.csv", "orders", lake)
            assert result.rejected_rows == 0
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not failures, failures
    return count[0], [row for row in seen if not _pairs_equal(row)]


def _lake(tmp_path: Path) -> Lake:
    forget_databases()
    lake = Lake(tmp_path / "lake")
    ingest_bytes(_orders(MONTHS, 0), "2026.csv", "orders", lake)
    assert _pairs_equal(run_sql(lake, TOTALS).row(0))
    return lake


def test_a_read_during_an_upload_sees_one_whole_state(tmp_path: Path) -> None:
    lake = _lake(tmp_path)
    reads, mixed = _read_while_writing(lake, [lake, lake])
    assert reads > 20  # the reads ran beside the uploads
    assert mixed == []


def test_a_scoped_read_during_an_upload_sees_one_whole_state(tmp_path: Path) -> None:
    lake = _lake(tmp_path)
    east, north = (
        lake.scoped(Access(Role.REGION_MANAGER, regions=frozenset({region}))) for region in REGIONS
    )
    rep = lake.scoped(Access(Role.REP, reps=frozenset({"R1"})))
    reads, mixed = _read_while_writing(lake, [lake, east, north, rep])
    assert reads > 20
    assert mixed == []


def test_a_query_under_way_holds_back_the_upload_s_refresh(tmp_path: Path) -> None:
    """The other order, one step at a time: a query holds the company's database reading
    when an upload lands; the tables are brought to the upload once it is done, not
    under it. A page run's read that came meanwhile, at the data before the upload
    (``Lake.held``), waits for the refresh and then is refused (``DataChanged``: its run
    starts again), not answered from the new data."""
    lake = _lake(tmp_path)
    held = lake.held()
    database = db._database(lake)
    before = database.stamp
    uploaded = threading.Event()
    held_reads: list[object] = []

    def upload() -> None:
        ingest_bytes(_orders([MONTHS[0]], 99), "again.csv", "orders", lake)
        uploaded.set()

    def read_held() -> None:
        try:
            held_reads.append(run_sql(held, TOTALS).row(0))
        except DataChanged as changed:
            held_reads.append(changed)

    with database.gate.reading():
        writer = threading.Thread(target=upload)
        writer.start()
        assert not uploaded.wait(3.0)  # the upload's refresh waits for the query
        assert database.stamp == before
        reader = threading.Thread(target=read_held)
        reader.start()
        reader.join(1.0)  # waits at the gate behind the refresh
    writer.join(60)
    reader.join(60)
    assert uploaded.is_set()
    assert database.stamp == lake.data_stamp() != before
    assert _pairs_equal(run_sql(lake, TOTALS).row(0))
    [held_read] = held_reads
    assert isinstance(held_read, DataChanged)


def _upload_elsewhere(lake: Lake, tmp_path: Path, seed: int) -> None:
    """Another process uploads a month anew (an administrator's ``sales-dash ingest``):
    this process's database stays at the data before it until it next reads."""
    export = tmp_path / f"again-{seed}.csv"
    export.write_bytes(_orders([MONTHS[0]], seed))
    command = ["ingest", str(export), "--table", "orders", "--data", str(lake.root)]
    subprocess.run(
        [sys.executable, "-m", "sales_dash", *command],
        check=True,
        capture_output=True,
    )


def test_a_held_lake_reads_its_version_while_it_is_current(tmp_path: Path) -> None:
    """A page run holds the data as of its start (``Lake.held``). Once a write has
    replaced it (here another process's), a read of it is refused (``DataChanged``: the run
    starts again), as it is when this process has brought its tables to the write: never
    the new data under the old version's key, beside results of the old."""
    lake = _lake(tmp_path)
    region = lake.scoped(Access(Role.REGION_MANAGER, regions=frozenset({"East"})))
    held, held_region = lake.held(), region.held()
    before = run_sql(held, TOTALS).row(0)
    assert run_sql(held, TOTALS).row(0) == before == run_sql(lake, TOTALS).row(0)
    assert _pairs_equal(run_sql(held_region, TOTALS).row(0))

    _upload_elsewhere(lake, tmp_path, 77)
    assert lake.data_stamp() != held.data_stamp()
    for reader in (held, held_region):
        with pytest.raises(DataChanged):
            run_sql(reader, TOTALS)
    after = run_sql(lake, TOTALS).row(0)  # a live reader brings the tables to the write
    assert after != before and _pairs_equal(after)
    for reader in (held, held_region):
        with pytest.raises(DataChanged):
            run_sql(reader, TOTALS)
    assert run_sql(lake.held(), TOTALS).row(0) == after
    assert _pairs_equal(run_sql(region.held(), TOTALS).row(0))


def test_a_held_lake_is_not_written_through(tmp_path: Path) -> None:
    lake = _lake(tmp_path)
    with pytest.raises(TypeError, match="read-only"):
        ingest_bytes(_orders([MONTHS[0]], 5), "again.csv", "orders", lake.held())
    assert lake.held().manifest() == lake.manifest()

"""The lake: staged writes invisible until the manifest swap, the write lock, old manifests."""

from __future__ import annotations

import json
import threading
import time

import polars as pl
import pytest

from sales_dash.lake import Lake, LakeBusy, Manifest
from sales_dash.schema import TABLES


def quota_rows(month: str, quota: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "month": [month],
            "rep_id": ["R1"],
            "rep_name": [None],
            "region": ["华东"],
            "revenue_quota": [quota],
            "expense_budget": [0],
            "visit_target": [0],
        },
        schema=TABLES["quotas"].polars_schema,
    )


def test_staged_partitions_are_invisible_until_published(lake: Lake) -> None:
    lake.commit({"quotas": {"2026-10": quota_rows("2026-10", 1)}})
    staged = lake.stage({"quotas": {"2026-10": quota_rows("2026-10", 2)}})
    assert lake.read_table("quotas")["revenue_quota"].to_list() == [1]
    assert staged.version == lake.version + 1
    lake.write_manifest(staged)
    assert lake.read_table("quotas")["revenue_quota"].to_list() == [2]


def test_superseded_files_stay_for_undo(lake: Lake) -> None:
    first = lake.commit({"quotas": {"2026-10": quota_rows("2026-10", 1)}})
    lake.commit({"quotas": {"2026-10": quota_rows("2026-10", 2)}})
    old = lake.root / first.partitions["quotas"]["2026-10"]
    assert old.exists()


def test_a_manifest_without_uploads_still_reads(lake: Lake) -> None:
    lake.root.mkdir(parents=True)
    (lake.root / "_manifest.json").write_text(json.dumps({"version": 3, "partitions": {}}))
    assert lake.manifest() == Manifest(version=3, partitions={}, uploads={})


def test_uploads_are_published_with_the_data(lake: Lake) -> None:
    staged = lake.stage({"quotas": {"2026-10": quota_rows("2026-10", 1)}})
    lake.write_manifest(Manifest(staged.version, staged.partitions, {"1": "applied"}))
    assert lake.manifest().uploads == {"1": "applied"}


def test_the_write_lock_gives_up_after_its_timeout(lake: Lake) -> None:
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lake.write_lock():
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(5)
    started = time.monotonic()
    try:
        with pytest.raises(LakeBusy), lake.write_lock(timeout=0.3):
            pass
    finally:
        release.set()
        holder.join()
    assert 0.25 < time.monotonic() - started < 3
    with lake.write_lock(timeout=1):
        pass


def test_a_lake_rebuilt_at_the_same_path_is_not_served_from_cache(tmp_path) -> None:
    """Versions start again in a new lake: caches key on the manifest file too."""
    import shutil

    from sales_dash.engine.db import run_query
    from sales_dash.ingest import ingest_file
    from tests.conftest import write_csv

    root = tmp_path / "lake"
    header = "order_id,order_date,customer_id,rep_id,region,revenue,cost"
    first = write_csv(tmp_path, "a.csv", f"{header}\nSO1,2026-10-03,C1,R1,华东,100,60")
    second = write_csv(tmp_path, "b.csv", f"{header}\nSO1,2026-11-09,C1,R1,华东,100,60")
    ingest_file(first, "orders", Lake(root))
    stamp = Lake(root).data_stamp()
    assert run_query(Lake(root), "latest_order_date")["latest"][0].isoformat() == "2026-10-03"
    shutil.rmtree(root)
    ingest_file(second, "orders", Lake(root))
    assert Lake(root).version == 1
    assert Lake(root).data_stamp() != stamp
    assert run_query(Lake(root), "latest_order_date")["latest"][0].isoformat() == "2026-11-09"


def test_a_partition_is_written_sorted_unless_the_caller_vouches_for_its_order(tmp_path) -> None:
    lake = Lake(tmp_path / "lake")
    rows = pl.concat([quota_rows("2026-03", 2), quota_rows("2026-03", 1)]).with_columns(
        rep_id=pl.Series(["R2", "R1"])
    )
    sorted_file = lake.write_partition("quotas", "2026-03", rows, 1)
    assert pl.read_parquet(lake.root / sorted_file)["rep_id"].to_list() == ["R1", "R2"]
    # ordered=True: the demo's lines come already sorted, the write keeps what it is given
    as_given = lake.write_partition("quotas", "2026-03", rows, 2, ordered=True)
    assert pl.read_parquet(lake.root / as_given)["rep_id"].to_list() == ["R2", "R1"]


def test_a_manifest_replaced_after_its_stat_is_not_read_under_the_old_identity(tmp_path) -> None:
    """The stat/read race of ``data_stamp``: a write replaces the manifest between the
    stat and the read. The new file's version is never kept under the old file's identity
    (which would pair the old manifest's stamp with the new version)."""
    from sales_dash.lake import MANIFEST, _Replaced, _version_of

    lake = Lake(tmp_path / "lake")
    lake.commit({"quotas": {"2026-11": quota_rows("2026-11", 100)}})
    path = lake.root / MANIFEST
    before = path.stat()
    lake.commit({"quotas": {"2026-12": quota_rows("2026-12", 100)}})  # the write between
    for _ in range(2):  # refused each time: nothing was kept
        with pytest.raises(_Replaced):
            _version_of(str(path), before.st_ino, before.st_mtime_ns)
    now = path.stat()
    assert lake.data_stamp() == (2, now.st_ino, now.st_mtime_ns) == lake.state()[0]

"""Two uploads at once are serialised, never interleaved; readers never see a half merge."""

from __future__ import annotations

import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from sales_dash.ingest import ingest_file, upload_history
from sales_dash.lake import Lake
from tests.ingest.test_crash import orders_csv

pytestmark = pytest.mark.slow


def test_two_simultaneous_uploads_apply_one_after_the_other(lake: Lake, tmp_path: Path) -> None:
    ingest_file(orders_csv(tmp_path / "base.csv", 0, 20_000, 100), "orders", lake)
    first = orders_csv(tmp_path / "a.csv", 10_000, 20_000, 200)  # SO10000-SO29999 at 200
    second = orders_csv(tmp_path / "b.csv", 15_000, 20_000, 300)  # SO15000-SO34999 at 300
    valid = {
        0: 100 * 20_000,
        1: 100 * 10_000 + 200 * 20_000,  # after a only
        2: 100 * 15_000 + 300 * 20_000,  # after b only
        3: -1,  # after both: depends on the order, checked below
    }
    seen: set[int] = set()
    stop = threading.Event()

    def read_all_along() -> None:
        while not stop.is_set():
            total = lake.read_table("orders")["revenue"].sum()
            seen.add(int(total))

    reader = threading.Thread(target=read_all_along)
    reader.start()
    command = [sys.executable, "-m", "sales_dash", "ingest", "--table", "orders"]
    processes = [
        subprocess.Popen(
            [*command, str(path), "--data", str(lake.root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for path in (first, second)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    stop.set()
    reader.join()
    assert [p.returncode for p in processes] == [0, 0], outputs

    history = upload_history(lake)
    assert history.height == 3
    later, earlier = history["file"].to_list()[:2]
    assert {later, earlier} == {"a.csv", "b.csv"}
    if later == "b.csv":  # b last: b's rows win where both wrote, a keeps SO10000-SO14999
        final = 100 * 10_000 + 200 * 5_000 + 300 * 20_000
        counts = {"a.csv": (10_000, 10_000), "b.csv": (5_000, 15_000)}
    else:
        final = 100 * 10_000 + 200 * 20_000 + 300 * 5_000
        counts = {"b.csv": (15_000, 5_000), "a.csv": (0, 20_000)}
    stored = lake.read_table("orders")
    assert stored.height == 35_000
    assert stored["revenue"].sum() == Decimal(final)
    assert history.filter(pl.col("file") != "base.csv").select(
        "file", "inserted", "updated"
    ).rows() == [(name, *counts[name]) for name in (later, earlier)]
    valid[3] = final
    assert seen <= set(valid.values()), "a reader saw a half-merged lake"

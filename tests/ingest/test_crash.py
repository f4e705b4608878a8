"""kill -9 at random moments of an upload (and of an undo) leaves the lake before or after.

Each round copies a lake, starts ``sales-dash ingest`` on it in a subprocess, kills the
process at a random moment of a run's span, and checks what a reader then sees: every row
and the history are exactly those of before the upload or of after it. The rounds are
seeded, bounded in number and in time.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from sales_dash.ingest import Mode, ingest_file, undo_upload, upload_history
from sales_dash.lake import Lake

pytestmark = pytest.mark.slow

ROUNDS = 8
SEED = 20261123
HEADER = "order_id,line_no,order_date,customer_id,rep_id,region,revenue,cost"


def orders_csv(path: Path, start: int, count: int, revenue: int) -> Path:
    """``count`` order lines from SO<start>, spread over three months."""
    frame = pl.DataFrame({"i": range(start, start + count)}).select(
        pl.format("SO{}", pl.col("i")).alias("order_id"),
        pl.lit(1).alias("line_no"),
        pl.format("2026-{}-{}", pl.col("i") % 3 + 9, pl.col("i") % 28 + 1).alias("order_date"),
        pl.format("C{}", pl.col("i") % 500).alias("customer_id"),
        pl.format("R{}", pl.col("i") % 20).alias("rep_id"),
        pl.lit("华东").alias("region"),
        pl.lit(revenue).alias("revenue"),
        pl.lit(1).alias("cost"),
    )
    frame.write_csv(path)
    return path


def snapshot(lake: Lake) -> tuple[list[tuple], list[tuple]]:
    """What a reader sees: every stored row, and the history without its clock."""
    rows = lake.read_table("orders").sort("order_id", "line_no").rows()
    history = upload_history(lake).drop("uploaded_at").rows()
    return rows, history


def run_cli(*argv: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "sales_dash", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Lake, Path]:
    folder = tmp_path_factory.mktemp("crash")
    lake = Lake(folder / "lake")
    ingest_file(orders_csv(folder / "base.csv", 0, 100_000, 100), "orders", lake)
    update = orders_csv(folder / "update.csv", 50_000, 100_000, 250)
    return lake, update


def parquet_files(lake: Lake) -> int:
    return sum(1 for _ in lake.root.rglob("*parquet"))


def copy_of(lake: Lake, folder: Path) -> Lake:
    shutil.copytree(lake.root, folder)
    return Lake(folder)


def test_a_killed_upload_leaves_the_lake_before_or_after(
    base: tuple[Lake, Path], tmp_path: Path
) -> None:
    lake, update = base
    before = snapshot(lake)
    finished = copy_of(lake, tmp_path / "finished")
    started = time.monotonic()
    argv = ("ingest", str(update), "--table", "orders", "--mode", "replace-months")
    assert run_cli(*argv, "--data", str(finished.root)).wait(120) == 0
    span = time.monotonic() - started
    after = snapshot(finished)
    assert after != before

    rng = random.Random(SEED)
    outcomes = []
    deadline = time.monotonic() + 90
    for round_ in range(ROUNDS):
        if time.monotonic() > deadline:
            break
        victim = copy_of(lake, tmp_path / f"round{round_}")
        files = parquet_files(victim)
        process = run_cli(*argv, "--data", str(victim.root))
        if round_ % 2:
            # somewhere in the run: reading, checking, planning or writing
            time.sleep(rng.uniform(0.1, 1.05) * span)
        else:
            # inside the commit: once the first new partition file shows up
            while parquet_files(victim) == files and process.poll() is None:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.1))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        seen = snapshot(victim)
        assert seen in (before, after), f"round {round_}: a half-written lake"
        outcomes.append(seen == after)
        # the lock died with the process: the next upload goes through
        result = ingest_file(update, "orders", victim, mode=Mode.REPLACE_MONTHS)
        assert snapshot(victim)[0] == after[0]
        assert result.noop == (seen == after)
    assert len(outcomes) >= 3


def test_a_killed_undo_leaves_the_upload_done_or_undone(
    base: tuple[Lake, Path], tmp_path: Path
) -> None:
    lake, update = base
    uploaded = copy_of(lake, tmp_path / "uploaded")
    upload_id = ingest_file(update, "orders", uploaded).upload_id
    assert upload_id is not None
    done = snapshot(uploaded)
    undone_lake = copy_of(uploaded, tmp_path / "undone")
    undo_upload(undone_lake, upload_id)
    undone = snapshot(undone_lake)

    rng = random.Random(SEED + 1)
    for round_ in range(4):
        victim = copy_of(uploaded, tmp_path / f"undo{round_}")
        process = run_cli("undo", upload_id, "--data", str(victim.root))
        time.sleep(rng.uniform(0.3, 1.5))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert snapshot(victim) in (done, undone)

"""Hostile inputs at the edges of the lake (issue 13, Hardening): each is refused with a
clear message in zh and en, no traceback, and the lake left byte-identical."""

from __future__ import annotations

import datetime as dt
import os
import time
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from sales_dash.cli import main
from sales_dash.engine.date_window import DateWindow
from sales_dash.ingest import RejectedUpload, ingest_file, undo_upload
from sales_dash.ingest.history import RECORDS, read_record
from sales_dash.ingest.problems import ROW, describe
from sales_dash.ingest.window import date_window_problems
from sales_dash.lake import UPLOAD_RECORDS, Lake
from sales_dash.periods import month_end
from sales_dash.schema import TABLES
from tests.conftest import write_csv

ORDERS = """
order_id,order_date,customer_id,rep_id,rep_name,region,revenue,cost
SO1,2026-10-03,C1,R1,张三,华东,1000.00,600.00
SO2,2026-10-20,C2,R2,李四,华南,500.50,300.00
"""


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the lake with its bytes (the lock file is only ever opened)."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# --- symlinks are not followed


def test_a_symlinked_upload_is_refused_without_reading_its_target(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    link = tmp_path / "orders.csv"
    link.symlink_to(secret)
    lake = Lake(tmp_path / "lake")
    with pytest.raises(RejectedUpload) as rejected:
        ingest_file(link, "orders", lake)
    [problem] = rejected.value.problems
    assert problem.reason == "symlink"
    for language in ("zh", "en"):
        said = describe(problem, language)
        assert "root:x" not in said and "secret" not in said
    assert describe(problem, "en").startswith("this is a symbolic link")
    assert "符号链接" in describe(problem, "zh")
    assert not lake.root.exists()


def test_a_symlink_to_a_good_export_is_refused_too(tmp_path: Path) -> None:
    """Even a link to a valid export: what is read must be the file named, nothing else."""
    target = write_csv(tmp_path, "real.csv", ORDERS)
    link = tmp_path / "orders.csv"
    link.symlink_to(target)
    with pytest.raises(RejectedUpload) as rejected:
        ingest_file(link, "orders", Lake(tmp_path / "lake"))
    assert [p.reason for p in rejected.value.problems] == ["symlink"]


def test_the_command_refuses_a_symlink_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "lake"
    good = write_csv(tmp_path, "good.csv", ORDERS)
    assert main(["ingest", str(good), "--table", "orders", "--data", str(root)]) == 0
    before = snapshot(root)
    (tmp_path / "secret.txt").write_text("order_id,top secret line\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "secret.txt")
    for language, phrase in (("en", "symbolic link"), ("zh", "符号链接")):
        monkeypatch.setenv("SALES_DASH_LANGUAGE", language)
        code, _, err = run(capsys, "ingest", str(link), "--table", "orders", "--data", str(root))
        assert code == 1 and phrase in err
        assert "top secret" not in err and "secret.txt" not in err
    assert snapshot(root) == before


def test_a_pipe_is_not_a_file(tmp_path: Path) -> None:
    """A FIFO would block the reader forever; it is refused before any read."""
    fifo = tmp_path / "orders.csv"
    os.mkfifo(fifo)
    with pytest.raises(RejectedUpload) as rejected:
        ingest_file(fifo, "orders", Lake(tmp_path / "lake"))
    assert [p.reason for p in rejected.value.problems] == ["not_a_file"]


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(RejectedUpload) as rejected:
        ingest_file(tmp_path, "orders", Lake(tmp_path / "lake"))
    assert [p.reason for p in rejected.value.problems] == ["not_a_file"]


# --- demo refuses a lake that holds uploads


def test_demo_refuses_a_lake_holding_uploads_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "lake"
    good = write_csv(tmp_path, "good.csv", ORDERS)
    assert main(["ingest", str(good), "--table", "orders", "--data", str(root)]) == 0
    capsys.readouterr()
    before = snapshot(root)
    for language, phrase in (("en", "holds 1 upload(s)"), ("zh", "已有 1 次上传")):
        monkeypatch.setenv("SALES_DASH_LANGUAGE", language)
        code, out, err = run(capsys, "demo", "--rows", "500", "--data", str(root))
        assert (code, out) == (1, "")
        assert phrase in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert snapshot(root) == before
    code, out, _ = run(capsys, "demo", "--rows", "500", "--force", "--data", str(root))
    assert code == 0 and str(root) in out
    assert Lake(root).manifest().uploads == {}  # replaced, as asked
    assert "SO1" not in Lake(root).read_table("orders")["order_id"].to_list()


def test_demo_rebuilds_a_demo_lake_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A lake holding only demo data (no uploads) is the demo's to replace."""
    root = str(tmp_path / "lake")
    assert run(capsys, "demo", "--rows", "500", "--data", root)[0] == 0
    assert run(capsys, "demo", "--rows", "500", "--seed", "3", "--data", root)[0] == 0


# --- leftovers of a crashed write are cleaned at the next write

OCTOBER_AGAIN = """
order_id,order_date,customer_id,rep_id,rep_name,region,revenue,cost
SO1,2026-10-03,C1,R1,张三,华东,1200.00,600.00
"""
NOVEMBER = """
order_id,order_date,customer_id,rep_id,rep_name,region,revenue,cost
SO3,2026-11-05,C1,R1,张三,华东,300.00,100.00
"""


def _age(root: Path, seconds: float) -> None:
    """Make every file of the lake ``seconds`` old, as if the crash was that long ago."""
    then = time.time() - seconds
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


def test_leftovers_of_a_crash_are_cleaned_and_undo_still_works(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    first = ingest_file(write_csv(tmp_path, "a.csv", ORDERS), "orders", lake)
    second = ingest_file(write_csv(tmp_path, "b.csv", OCTOBER_AGAIN), "orders", lake)
    after_second = lake.read_table("orders")
    # a crash mid-upload: partitions staged but never published, temporary files of the
    # manifest, of a record and of a partition half-written
    with lake.write_lock():
        staged = lake.stage({"orders": {"2026-10": lake.read_table("orders")}})
    orphan = staged.partitions["orders"]["2026-10"]
    temporary = [
        lake.root / ".tmp-0123abcd-_manifest.json",
        lake.root / "_uploads" / ".tmp-0123abcd-9.json",
        lake.root / "orders" / "month=2026-10" / ".tmp-v000009-0123abcd.parquet",
    ]
    for path in temporary:
        path.write_bytes(b"half")
    _age(lake.root, 2 * 3600)  # older than the grace, and so is every file undo needs
    young = lake.root / "orders" / "month=2026-10" / ".tmp-v000010-fedcba98.parquet"
    young.write_bytes(b"a write under way elsewhere")
    needed = {
        path for upload in (first, second) for path in _record_paths(lake, str(upload.upload_id))
    }
    assert (lake.root / orphan).exists() and needed

    third = ingest_file(write_csv(tmp_path, "c.csv", NOVEMBER), "orders", lake)

    assert not (lake.root / orphan).exists()
    assert not any(path.exists() for path in temporary)
    assert young.exists(), "within the grace period: left alone"
    assert all((lake.root / path).exists() for path in needed)
    undo_upload(lake, str(third.upload_id))
    assert lake.read_table("orders").equals(after_second)
    undo_upload(lake, str(second.upload_id))  # needs the first upload's October file
    assert lake.read_table("orders")["revenue"].to_list() == [Decimal("1000.00"), Decimal("500.50")]


def test_clean_up_keeps_every_file_when_a_record_is_unreadable(tmp_path: Path) -> None:
    """Undo's needs are unknown then: only temporary files go, no partition on a guess."""
    lake = Lake(tmp_path / "lake")
    upload = ingest_file(write_csv(tmp_path, "a.csv", ORDERS), "orders", lake)
    with lake.write_lock():
        orphan = lake.stage({"orders": {"2026-10": lake.read_table("orders")}})
    (lake.root / "_uploads" / f"{upload.upload_id}.json").write_text("{broken", encoding="utf-8")
    (lake.root / ".tmp-0123abcd-_manifest.json").write_bytes(b"half")
    _age(lake.root, 2 * 3600)
    with lake.write_lock():
        removed = lake.clean_leftovers()
    assert removed == [".tmp-0123abcd-_manifest.json"]
    assert (lake.root / orphan.partitions["orders"]["2026-10"]).exists()


def test_the_lake_knows_where_history_keeps_its_records() -> None:
    assert UPLOAD_RECORDS == RECORDS


def _record_paths(lake: Lake, upload_id: str) -> set[str]:
    record = read_record(lake, upload_id)
    return {p for p in (*record.before.values(), *record.after.values()) if p}


# --- dates outside the window are rejected at upload

HOSTILE_DATES = """
order_id,order_date,customer_id,rep_id,rep_name,region,revenue,cost,due_date
SO1,2026-10-03,C1,R1,张三,华东,1000.00,600.00,2026-11-02
SO2,9999-12-31,C2,R2,李四,华南,500.50,300.00,
SO3,1989-12-31,C2,R2,李四,华南,500.50,300.00,
SO4,2026-10-04,C2,R2,李四,华南,500.50,300.00,9999-12-31
"""


def test_dates_outside_the_window_are_rejected_with_row_column_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "lake"
    assert main(["ingest", str(write_csv(tmp_path, "a.csv", ORDERS)), "--table", "orders",
                 "--data", str(root)]) == 0  # fmt: skip
    before = snapshot(root)
    path = write_csv(tmp_path, "dates.csv", HOSTILE_DATES)
    with pytest.raises(RejectedUpload) as rejected:
        ingest_file(path, "orders", Lake(root))
    found = [(p.row, p.column, p.value, p.reason) for p in rejected.value.problems]
    assert found == [
        (3, "order_date", "9999-12-31", "date_out_of_window"),
        (4, "order_date", "1989-12-31", "date_out_of_window"),
        (5, "due_date", "9999-12-31", "date_out_of_window"),
    ]
    capsys.readouterr()
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    code, _, err = run(capsys, "ingest", str(path), "--table", "orders", "--data", str(root))
    assert code == 1
    assert (
        "Row 3, column order_date, value '9999-12-31': is outside the dates accepted (1990-01-01 – "
        in err
    )
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "zh")
    code, _, err = run(capsys, "ingest", str(path), "--table", "orders", "--data", str(root))
    assert (
        code == 1
        and "第 4 行，列 order_date，值“1989-12-31”：日期超出允许范围（1990-01-01 – " in err
    )
    assert snapshot(root) == before


def test_the_window_edges() -> None:
    """Today 2026-11-23: orders up to 2027-11-23, due dates up to 2031-11-23, from 1990."""
    today = dt.date(2026, 11, 23)
    orders = pl.DataFrame(
        {
            ROW: [2, 3, 4, 5, 6, 7],
            "order_date": [
                dt.date(1990, 1, 1), dt.date(1989, 12, 31), dt.date(2027, 11, 23),
                dt.date(2027, 11, 24), None, dt.date(2026, 1, 1),
            ],
            "due_date": [
                dt.date(2031, 11, 23), None, None, None, dt.date(1990, 1, 1),
                dt.date(2031, 11, 24),
            ],
        }
    )  # fmt: skip
    problems = date_window_problems(orders, TABLES["orders"], today)
    assert problems.sort("row").select("row", "column", "value", "detail").rows() == [
        (3, "order_date", "1989-12-31", "1990-01-01 – 2027-11-23"),
        (5, "order_date", "2027-11-24", "1990-01-01 – 2027-11-23"),
        (7, "due_date", "2031-11-24", "1990-01-01 – 2031-11-23"),
    ]
    quotas = pl.DataFrame(
        {ROW: [2, 3, 4, 5], "month": ["1989-12", "1990-01", "2027-11", "2027-12"]}
    )
    problems = date_window_problems(quotas, TABLES["quotas"], today)
    assert problems.select("row", "value", "detail").rows() == [
        (2, "1989-12", "1990-01 – 2027-11"),
        (5, "2027-12", "1990-01 – 2027-11"),
    ]


def test_the_window_follows_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALES_DASH_DATE_WINDOW_START", "2020-01-01")
    monkeypatch.setenv("SALES_DASH_DATE_WINDOW_YEARS_AHEAD", "2")
    window = DateWindow.from_settings(dt.date(2024, 2, 29))
    assert (window.start, window.end, window.due_end) == (
        dt.date(2020, 1, 1), dt.date(2026, 2, 28), dt.date(2029, 2, 28),
    )  # fmt: skip


def test_month_end_of_the_last_month_there_is() -> None:
    assert month_end(dt.date(9999, 12, 5)) == dt.date(9999, 12, 31)

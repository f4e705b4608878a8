"""Upload history, re-uploads that change nothing, and undo restoring the lake exactly."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from sales_dash.ingest import (
    Mode,
    ReplaceScope,
    UndoRefused,
    ingest_file,
    undo_upload,
    upload_history,
)
from sales_dash.ingest.history import check_undo, read_record
from sales_dash.lake import Lake
from tests.conftest import write_csv
from tests.ingest.test_pipeline import lake_bytes

HEADER = "order_id,line_no,order_date,customer_id,rep_id,region,revenue,cost"
OCTOBER = f"""
{HEADER}
SO1,1,2026-10-03,C1,R1,华东,100.00,60.00
SO1,2,2026-10-04,C1,R1,华东,200.00,120.00
SO2,1,2026-10-05,C2,R2,华南,300.00,180.00
"""
OCTOBER_FIXED = f"""
{HEADER}
SO1,1,2026-10-03,C1,R1,华东,150.00,60.00
SO3,1,2026-10-09,C3,R1,华东,50.00,30.00
"""
NOVEMBER = f"""
{HEADER}
SO9,1,2026-11-02,C9,R9,华北,900.00,500.00
"""
NOON = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def upload(lake: Lake, folder: Path, name: str, content: str, **options: object):
    return ingest_file(write_csv(folder, name, content), "orders", lake, now=NOON, **options)


def state(lake: Lake) -> tuple[dict, list[tuple]]:
    """What a reader sees: which file holds each month, and every row."""
    rows = lake.read_table("orders").sort("order_id", "line_no").rows()
    return dict(lake.manifest().partitions), rows


def test_every_upload_is_recorded(lake: Lake, tmp_path: Path) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    history = upload_history(lake)
    assert history.schema == pl.Schema(
        {
            "upload_id": pl.String,
            "uploaded_at": pl.Datetime("us", "UTC"),
            "file": pl.String,
            "sha256": pl.String,
            "table": pl.String,
            "encoding": pl.String,
            "inserted": pl.Int64,
            "updated": pl.Int64,
            "deleted": pl.Int64,
            "skipped": pl.Int64,
            "undone": pl.Boolean,
            "undoes": pl.String,
            "user": pl.String,
        }
    )
    assert history.rows() == [
        (
            *(first.upload_id, NOON, "oct.csv", first.sha256, "orders", "utf-8"),
            *(3, 0, 0, 0, False, None, ""),
        )
    ]
    assert len(first.sha256) == 64


def test_history_is_newest_first(lake: Lake, tmp_path: Path) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    second = upload(lake, tmp_path, "fix.csv", OCTOBER_FIXED)
    third = upload(lake, tmp_path, "nov.csv", NOVEMBER)
    history = upload_history(lake)
    assert history["upload_id"].to_list() == [third.upload_id, second.upload_id, first.upload_id]
    assert history.select("file", "inserted", "updated").rows() == [
        ("nov.csv", 1, 0),
        ("fix.csv", 1, 1),
        ("oct.csv", 3, 0),
    ]


def test_same_content_again_is_a_no_op_that_says_so(lake: Lake, tmp_path: Path) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    before, version = lake_bytes(lake), lake.version
    again = upload(lake, tmp_path, "oct-copy.csv", OCTOBER)
    assert again.noop and again.upload_id is None
    assert again.same_as is not None and again.same_as.upload_id == first.upload_id
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert lake.version == version
    assert lake_bytes(lake) == before
    assert upload_history(lake).height == 1


def test_undo_restores_the_lake_exactly(lake: Lake, tmp_path: Path) -> None:
    upload(lake, tmp_path, "oct.csv", OCTOBER)
    upload(lake, tmp_path, "nov.csv", NOVEMBER)
    before = state(lake)
    # whole months: the file holds only 华东, and 华南's SO2 goes too (issue 11 §4)
    fix = upload(
        lake,
        tmp_path,
        "fix.csv",
        OCTOBER_FIXED,
        mode=Mode.REPLACE_MONTHS,
        replace_scope=ReplaceScope.MONTH,
    )
    assert (fix.inserted, fix.updated, fix.deleted) == (1, 1, 2)
    assert state(lake) != before

    record = undo_upload(lake, fix.upload_id)
    assert record.file == "fix.csv"
    assert state(lake) == before
    history = upload_history(lake)
    assert history.filter(pl.col("upload_id") == fix.upload_id)["undone"].to_list() == [True]
    assert history["undone"].sum() == 1


def test_undoing_the_first_upload_empties_its_months(lake: Lake, tmp_path: Path) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    undo_upload(lake, first.upload_id)
    assert lake.manifest().months("orders") == []
    assert lake.read_table("orders").is_empty()


def test_every_write_gets_a_new_version(lake: Lake, tmp_path: Path) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    version = lake.version
    undo_upload(lake, first.upload_id)
    assert lake.version == version + 1  # caches keyed on the version see the undo


def test_undo_is_refused_when_a_later_upload_changed_the_same_month(
    lake: Lake, tmp_path: Path
) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    fix = upload(lake, tmp_path, "fix.csv", OCTOBER_FIXED)
    with pytest.raises(UndoRefused) as refused:
        undo_upload(lake, first.upload_id)
    assert refused.value.key == "undo_conflict"
    assert refused.value.values == {
        "upload_id": first.upload_id,
        "months": "2026-10",
        "later": fix.upload_id,
    }
    undo_upload(lake, fix.upload_id)
    undo_upload(lake, first.upload_id)
    assert lake.read_table("orders").is_empty()


def test_undo_leaves_other_months_alone(lake: Lake, tmp_path: Path) -> None:
    october = upload(lake, tmp_path, "oct.csv", OCTOBER)
    upload(lake, tmp_path, "nov.csv", NOVEMBER)
    undo_upload(lake, october.upload_id)
    assert lake.read_table("orders")["order_id"].to_list() == ["SO9"]


def test_undo_of_an_unknown_or_undone_upload_is_refused(lake: Lake, tmp_path: Path) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    with pytest.raises(UndoRefused) as unknown:
        undo_upload(lake, "999")
    assert unknown.value.key == "undo_unknown"
    undo_upload(lake, first.upload_id)
    with pytest.raises(UndoRefused) as twice:
        undo_upload(lake, first.upload_id)
    assert twice.value.key == "undo_already"


def test_a_file_undone_can_be_uploaded_again(lake: Lake, tmp_path: Path) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    undo_upload(lake, first.upload_id)
    again = upload(lake, tmp_path, "oct.csv", OCTOBER)
    assert (again.noop, again.inserted) == (False, 3)
    history = upload_history(lake)
    assert history.select("upload_id", "undone", "undoes").rows() == [
        (again.upload_id, False, None),
        ("2", False, first.upload_id),  # the undo is an entry of its own
        (first.upload_id, True, None),
    ]


def test_an_upload_that_dies_before_its_manifest_leaves_no_trace(
    lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    upload(lake, tmp_path, "oct.csv", OCTOBER)
    before = state(lake)

    def die(self: Lake, manifest: object) -> None:
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(Lake, "write_manifest", die)
    with pytest.raises(KeyboardInterrupt):
        upload(lake, tmp_path, "fix.csv", OCTOBER_FIXED)
    monkeypatch.undo()
    assert state(lake) == before
    assert upload_history(lake).height == 1  # its record, written first, is not listed


def test_dry_run_counts_per_month_and_writes_nothing(lake: Lake, tmp_path: Path) -> None:
    upload(lake, tmp_path, "oct.csv", OCTOBER)
    before = lake_bytes(lake)
    content = f"""
    {HEADER}
    SO1,1,2026-10-03,C1,R1,华东,150.00,60.00
    SO9,1,2026-11-02,C9,R9,华北,900.00,500.00
    ,,,,,,,
    SO8,1,2026-11-30,C9,R9,华北,oops,1
    """
    result = upload(
        lake,
        tmp_path,
        "mixed.csv",
        content,
        mode=Mode.REPLACE_MONTHS,
        replace_scope=ReplaceScope.MONTH,
        dry_run=True,
        skip_invalid=True,
    )
    assert result.plan is not None
    assert result.plan.summary().rows() == [
        ("2026-10", 0, 1, 0, 2, 0),
        ("2026-11", 1, 0, 0, 0, 1),
        ("", 0, 0, 0, 0, 1),
    ]
    assert lake_bytes(lake) == before
    assert result.upload_id is None


def test_upsert_keeps_rows_the_file_lacks(lake: Lake, tmp_path: Path) -> None:
    upload(lake, tmp_path, "oct.csv", OCTOBER)
    result = upload(lake, tmp_path, "fix.csv", OCTOBER_FIXED)
    assert (result.inserted, result.updated, result.deleted) == (1, 1, 0)
    stored = lake.read_table("orders").sort("order_id", "line_no")
    assert stored.select("order_id", "line_no", "revenue").rows() == [
        ("SO1", 1, Decimal("150.00")),
        ("SO1", 2, Decimal("200.00")),
        ("SO2", 1, Decimal("300.00")),
        ("SO3", 1, Decimal("50.00")),
    ]


def test_undo_while_another_writer_holds_the_lake_is_refused_not_raised(
    lake: Lake, tmp_path: Path
) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    before = lake_bytes(lake)
    with lake.write_lock(), pytest.raises(UndoRefused) as busy:
        undo_upload(lake, first.upload_id, lock_wait=0.2)
    assert busy.value.key == "undo_busy"
    assert lake_bytes(lake) == before


def test_undo_with_a_lost_record_is_refused_not_raised(lake: Lake, tmp_path: Path) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    for record in lake.root.rglob(f"*{first.upload_id}*.json"):
        record.unlink()
    with pytest.raises(UndoRefused) as lost:
        undo_upload(lake, first.upload_id)
    assert lost.value.key == "undo_unreadable"


def current_files(lake: Lake) -> tuple[dict, dict[str, bytes]]:
    """What the data is: the manifest's partitions and the bytes of every file they name."""
    partitions = {t: dict(parts) for t, parts in lake.manifest().partitions.items()}
    files = {
        path: (lake.root / path).read_bytes()
        for parts in partitions.values()
        for path in parts.values()
    }
    return partitions, files


LATER = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


def test_an_undo_is_recorded_as_an_entry_with_the_counts_turned_round(
    lake: Lake, tmp_path: Path
) -> None:
    upload(lake, tmp_path, "oct.csv", OCTOBER)
    fix = upload(
        lake,
        tmp_path,
        "fix.csv",
        OCTOBER_FIXED,
        mode=Mode.REPLACE_MONTHS,
        replace_scope=ReplaceScope.MONTH,
    )
    undo = undo_upload(lake, fix.upload_id, now=LATER)
    # fix inserted SO3, updated SO1/1 and deleted SO1/2 and SO2: its undo deletes SO3,
    # updates SO1/1 back and inserts the two deleted lines again
    assert (undo.inserted, undo.updated, undo.deleted, undo.undoes) == (2, 1, 1, fix.upload_id)
    assert undo.upload_id == "3" and undo.mode == "undo"
    assert upload_history(lake).head(1).rows() == [
        ("3", LATER, "fix.csv", fix.sha256, "orders", "utf-8", 2, 1, 1, 0, False, "2", "")
    ]
    assert read_record(lake, "3") == undo


def test_undoing_an_undo_restores_the_upload_byte_for_byte(lake: Lake, tmp_path: Path) -> None:
    upload(lake, tmp_path, "oct.csv", OCTOBER)
    upload(lake, tmp_path, "nov.csv", NOVEMBER)
    before = current_files(lake)
    fix = upload(
        lake,
        tmp_path,
        "fix.csv",
        OCTOBER_FIXED,
        mode=Mode.REPLACE_MONTHS,
        replace_scope=ReplaceScope.MONTH,
    )
    uploaded = current_files(lake)
    uploaded_rows = state(lake)[1]

    undo = undo_upload(lake, fix.upload_id)
    assert current_files(lake) == before
    redo = undo_upload(lake, undo.upload_id)
    assert current_files(lake) == uploaded
    assert state(lake)[1] == uploaded_rows
    assert (redo.undoes, redo.inserted, redo.updated, redo.deleted) == (undo.upload_id, 1, 1, 2)

    history = upload_history(lake).select("upload_id", "file", "undone", "undoes")
    assert history.rows() == [
        (redo.upload_id, "fix.csv", False, undo.upload_id),
        (undo.upload_id, "fix.csv", True, fix.upload_id),
        (fix.upload_id, "fix.csv", False, None),  # in effect again
        ("2", "nov.csv", False, None),
        ("1", "oct.csv", False, None),
    ]
    # and round again: the upload can be undone once more (the redo then cannot: its
    # months are no longer as it left them), and that undo reversed
    again = undo_upload(lake, fix.upload_id)
    assert current_files(lake) == before
    with pytest.raises(UndoRefused) as refused:
        undo_upload(lake, redo.upload_id)
    assert (refused.value.key, refused.value.values["later"]) == ("undo_conflict", again.upload_id)
    undo_upload(lake, again.upload_id)
    assert current_files(lake) == uploaded


def test_undoing_the_redo_undoes_the_upload_again(lake: Lake, tmp_path: Path) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    undo = undo_upload(lake, first.upload_id)
    redo = undo_upload(lake, undo.upload_id)
    assert lake.read_table("orders").height == 3
    undo_upload(lake, redo.upload_id)
    assert lake.read_table("orders").is_empty()
    states = dict(upload_history(lake).select("upload_id", "undone").rows())
    assert states == {"4": False, "3": True, "2": False, "1": True}
    with pytest.raises(UndoRefused) as twice:
        undo_upload(lake, first.upload_id)
    assert twice.value.key == "undo_already"


def test_an_undo_cannot_be_reversed_once_a_later_upload_changed_its_months(
    lake: Lake, tmp_path: Path
) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    undo = undo_upload(lake, first.upload_id)
    fix = upload(lake, tmp_path, "fix.csv", OCTOBER_FIXED)
    before = lake_bytes(lake)
    with pytest.raises(UndoRefused) as refused:
        undo_upload(lake, undo.upload_id)
    assert refused.value.key == "undo_conflict"
    assert refused.value.values == {
        "upload_id": undo.upload_id,
        "months": "2026-10",
        "later": fix.upload_id,
    }
    assert lake_bytes(lake) == before


def test_check_undo_says_what_undo_would_refuse_and_writes_nothing(
    lake: Lake, tmp_path: Path
) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    fix = upload(lake, tmp_path, "fix.csv", OCTOBER_FIXED)
    before = lake_bytes(lake)
    assert check_undo(lake, fix.upload_id).file == "fix.csv"
    with pytest.raises(UndoRefused) as refused:
        check_undo(lake, first.upload_id)
    assert refused.value.key == "undo_conflict"
    assert lake_bytes(lake) == before


def test_a_redone_upload_is_what_the_same_file_is_compared_with(lake: Lake, tmp_path: Path) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    undo_upload(lake, undo_upload(lake, first.upload_id).upload_id)
    again = upload(lake, tmp_path, "oct-copy.csv", OCTOBER)
    assert again.noop
    assert again.same_as is not None and again.same_as.upload_id == first.upload_id


# branch auth: who uploaded and who undid
def test_history_records_who_uploaded_and_who_undid(lake: Lake, tmp_path: Path) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER, user="clerk-east")
    undo = undo_upload(lake, first.upload_id, now=NOON, user="admin")
    history = upload_history(lake).select("upload_id", "user").rows()
    assert history == [(undo.upload_id, "admin"), (first.upload_id, "clerk-east")]


def test_a_record_from_before_sign_in_has_no_user(lake: Lake, tmp_path: Path) -> None:
    first = upload(lake, tmp_path, "oct.csv", OCTOBER)
    path = lake.root / "_uploads" / f"{first.upload_id}.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    del raw["user"]
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert upload_history(lake).select("user").to_series().to_list() == [""]

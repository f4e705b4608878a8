"""Merges that cannot hurt what is stored (issue 11 §4): a regional replace touches its own
region only, a moving upsert waits for confirmation, absent columns keep stored values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from sales_dash.cli import main
from sales_dash.ingest import Mode, RejectedUpload, ReplaceScope, ingest_file
from sales_dash.ingest.merge import plan_merge
from sales_dash.lake import Lake
from sales_dash.schema import ORDERS
from tests.conftest import write_csv
from tests.ingest.test_pipeline import lake_bytes

HEADER = "order_id,line_no,order_date,customer_id,rep_id,region,revenue,cost"
STORED = f"""
{HEADER}
SO1,1,2026-10-03,C1,R1,华东,100.00,60.00
SO1,2,2026-10-03,C1,R1,华东,200.00,120.00
SO2,1,2026-10-05,C2,R2,华南,300.00,180.00
SO3,1,2026-10-06,C3,R3,华北,400.00,240.00
SO4,1,2026-11-02,C2,R2,华南,500.00,300.00
"""
EAST_OCTOBER = f"""
{HEADER}
SO1,1,2026-10-03,C1,R1,华东,150.00,60.00
SO5,1,2026-10-20,C1,R1,华东,70.00,40.00
"""
"""华东's October as its ERP exports it now: SO1/1 corrected, SO5 new, SO1/2 gone."""


def load(lake: Lake, folder: Path, name: str, content: str, **options: object):
    return ingest_file(write_csv(folder, name, content), "orders", lake, **options)


def rows_of(lake: Lake, regions: list[str]) -> pl.DataFrame:
    stored = lake.read_table("orders").filter(pl.col("region").is_in(regions))
    return stored.sort("order_id", "line_no")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")


# --- replace-months replaces what the file covers


def test_regional_replace_leaves_other_regions_byte_identical(lake: Lake, tmp_path: Path) -> None:
    load(lake, tmp_path, "all.csv", STORED)
    others = rows_of(lake, ["华南", "华北"])
    november = lake.manifest().partitions["orders"]["2026-11"]
    november_bytes = (lake.root / november).read_bytes()

    result = load(lake, tmp_path, "east.csv", EAST_OCTOBER, mode=Mode.REPLACE_MONTHS)

    assert (result.inserted, result.updated, result.deleted) == (1, 1, 1)
    assert result.plan is not None
    assert result.plan.deletions.rows() == [("2026-10", "华东", 1)]
    assert rows_of(lake, ["华南", "华北"]).equals(others)  # same values, same types
    assert lake.manifest().partitions["orders"]["2026-11"] == november  # month not rewritten
    assert (lake.root / november).read_bytes() == november_bytes
    east = rows_of(lake, ["华东"]).select("order_id", "line_no", "revenue").rows()
    assert east == [("SO1", 1, Decimal("150.00")), ("SO5", 1, Decimal("70.00"))]


def test_month_scope_deletes_across_regions_and_the_dry_run_says_where(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    load(lake, tmp_path, "all.csv", STORED)
    before = lake_bytes(lake)
    path = write_csv(tmp_path, "east.csv", EAST_OCTOBER)
    argv = ["ingest", str(path), "--table", "orders", "--data", str(lake.root)]
    argv += ["--mode", "replace-months", "--replace-scope", "month"]
    code, out, err = run(capsys, *argv, "--dry-run")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    start = lines.index(
        "Replace-months (scope: whole months in the file, every region) deletes these rows, "
        "by month and region:"
    )
    assert lines[start + 1 : start + 5] == [
        "Month    Region  Deleted",
        "2026-10  华东    1",
        "2026-10  华北    1",
        "2026-10  华南    1",
    ]
    assert lake_bytes(lake) == before

    code, out, _ = run(capsys, *argv)
    assert code == 0
    stored = lake.read_table("orders").sort("order_id", "line_no")
    # October holds the file's two lines only; November, absent from the file, is untouched
    assert stored.select("order_id", "line_no").rows() == [("SO1", 1), ("SO4", 1), ("SO5", 1)]


def test_region_scope_dry_run_lists_only_the_files_region(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    load(lake, tmp_path, "all.csv", STORED)
    path = write_csv(tmp_path, "east.csv", EAST_OCTOBER)
    code, out, _ = run(
        capsys,
        *("ingest", str(path), "--table", "orders", "--data", str(lake.root)),
        *("--mode", "replace-months", "--dry-run"),
    )
    assert code == 0
    lines = out.splitlines()
    start = lines.index(
        "Replace-months (scope: the months × regions in the file) deletes these rows, "
        "by month and region:"
    )
    assert lines[start + 1 : start + 3] == ["Month    Region  Deleted", "2026-10  华东    1"]
    assert "华南" not in "".join(lines[start + 3 :])


def test_a_null_region_is_a_region_of_its_own(lake: Lake) -> None:
    """Lines of unknown region are replaced only by a file whose lines have no region."""

    def line(order_id: str, region: str | None, revenue: str) -> dict[str, object]:
        return {
            "order_id": order_id,
            "line_no": 1,
            "order_date": dt.date(2026, 10, 3),
            "customer_id": "C1",
            "rep_id": "R1",
            "region": region,
            "revenue": Decimal(revenue),
            "cost": Decimal("1.00"),
        }

    def frame(*lines: dict[str, object]) -> pl.DataFrame:
        return pl.DataFrame(list(lines), schema=ORDERS.polars_schema)

    with lake.write_lock():
        lake.commit({"orders": {"2026-10": frame(line("A", None, "10"), line("B", "华东", "20"))}})
    unknown = plan_merge(lake, ORDERS, frame(line("C", None, "30")), Mode.REPLACE_MONTHS)
    assert unknown.deletions.rows() == [("2026-10", None, 1)]
    east = plan_merge(lake, ORDERS, frame(line("D", "华东", "40")), Mode.REPLACE_MONTHS)
    assert east.deletions.rows() == [("2026-10", "华东", 1)]


# --- an upsert that moves a stored line is a conflict

MOVING = f"""
{HEADER}
SO2,1,2026-10-05,C2,R1,华东,300.00,180.00
SO3,1,2026-11-01,C9,R3,华北,400.00,240.00
SO1,1,2026-10-09,C1,R1,华东,100.00,60.00
"""
"""SO2/1 to another rep and region, SO3/1 to another customer and month; SO1/1's date is
corrected inside its month (no move)."""


def test_the_plan_lists_every_move(lake: Lake, tmp_path: Path) -> None:
    load(lake, tmp_path, "all.csv", STORED)
    result = load(lake, tmp_path, "moving.csv", MOVING, dry_run=True)
    assert result.plan is not None
    assert result.plan.moved_lines == 2
    assert result.plan.moves.rows() == [
        ("SO2", 1, "region", "华南", "华东"),
        ("SO2", 1, "rep_id", "R2", "R1"),
        ("SO3", 1, "customer_id", "C3", "C9"),
        ("SO3", 1, "order_date", "2026-10-06", "2026-11-01"),
    ]
    assert result.plan.moves.columns == [
        "order_id",
        "line_no",
        "column",
        "stored",
        "incoming",
    ]


def test_a_moving_upsert_is_refused_without_confirmation(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    load(lake, tmp_path, "all.csv", STORED)
    before = lake_bytes(lake)  # every file and the manifest, byte for byte
    path = write_csv(tmp_path, "moving.csv", MOVING)
    argv = ["ingest", str(path), "--table", "orders", "--data", str(lake.root)]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "Upload rejected: 5 problem(s); nothing was written.",
        "the file would move 2 stored line(s) to another region, rep, customer or month, so "
        "nothing was written; check the rows below and, if they are right, upload again with "
        "--accept-moves (on the Upload page: tick 'accept the moves').",
        "Row 2, column region, value '华东': would move the stored line from '华南' to '华东'.",
        "Row 2, column rep_id, value 'R1': would move the stored line from 'R2' to 'R1'.",
        "Row 3, column customer_id, value 'C9': would move the stored line from 'C3' to 'C9'.",
        "Row 3, column order_date, value '2026-11-01': would move the stored line from "
        "'2026-10-06' to '2026-11-01'.",
    ]
    assert lake_bytes(lake) == before

    code, out, err = run(capsys, *argv, "--accept-moves")
    assert (code, err) == (0, "")
    assert "Moves accepted: 2 stored line(s) rewritten as the file has them." in out
    stored = lake.read_table("orders").sort("order_id", "line_no")
    assert stored.select("order_id", "order_date", "customer_id", "rep_id", "region").rows() == [
        ("SO1", dt.date(2026, 10, 9), "C1", "R1", "华东"),
        ("SO1", dt.date(2026, 10, 3), "C1", "R1", "华东"),
        ("SO2", dt.date(2026, 10, 5), "C2", "R1", "华东"),
        ("SO3", dt.date(2026, 11, 1), "C9", "R3", "华北"),
        ("SO4", dt.date(2026, 11, 2), "C2", "R2", "华南"),
    ]
    assert lake.read_table("orders", ["2026-10"])["order_id"].to_list().count("SO3") == 0


def test_the_refusal_speaks_chinese(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "zh")
    load(lake, tmp_path, "all.csv", STORED)
    path = write_csv(tmp_path, "moving.csv", MOVING)
    code, _, err = run(capsys, "ingest", str(path), "--table", "orders", "--data", str(lake.root))
    assert code == 1
    assert "文件会把 2 条已有的明细移到另一个区域、业务员、客户或月份" in err
    assert "第 2 行，列 region，值“华东”：会把已有的这条明细从“华南”改为“华东”" in err


def test_the_dry_run_prints_the_moves_and_writes_nothing(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    load(lake, tmp_path, "all.csv", STORED)
    before = lake_bytes(lake)
    path = write_csv(tmp_path, "moving.csv", MOVING)
    code, out, _ = run(
        capsys, "ingest", str(path), "--table", "orders", "--data", str(lake.root), "--dry-run"
    )
    assert code == 0
    lines = out.splitlines()
    start = lines.index(
        "Stored lines this file would move: 2 (to another region, rep, customer or month)"
    )
    assert lines[start + 1 : start + 7] == [
        "Key      Column       Stored      In the file",
        "SO2 / 1  region       华南        华东",
        "SO2 / 1  rep_id       R2          R1",
        "SO3 / 1  customer_id  C3          C9",
        "SO3 / 1  order_date   2026-10-06  2026-11-01",
        "Without --accept-moves this upload is rejected.",
    ]
    assert lake_bytes(lake) == before


def test_filling_in_an_unknown_is_no_move_but_erasing_a_known_value_is(lake: Lake) -> None:
    def frame(region: str | None) -> pl.DataFrame:
        row = {
            "order_id": "A",
            "line_no": 1,
            "order_date": dt.date(2026, 10, 3),
            "customer_id": "C1",
            "rep_id": "R1",
            "region": region,
            "revenue": Decimal("10"),
            "cost": Decimal("1"),
        }
        return pl.DataFrame([row], schema=ORDERS.polars_schema)

    with lake.write_lock():
        lake.commit({"orders": {"2026-10": frame(None)}})
    filled = plan_merge(lake, ORDERS, frame("华东"), Mode.UPSERT)
    assert (filled.total("updated"), filled.moved_lines) == (1, 0)
    with lake.write_lock():
        lake.commit({"orders": {"2026-10": frame("华东")}})
    erased = plan_merge(lake, ORDERS, frame(None), Mode.UPSERT)
    assert erased.moves.rows() == [("A", 1, "region", "华东", None)]


def test_a_region_the_file_does_not_carry_moves_nothing(lake: Lake) -> None:
    row = {
        "order_id": "A",
        "line_no": 1,
        "order_date": dt.date(2026, 10, 3),
        "customer_id": "C1",
        "rep_id": "R1",
        "region": "华东",
        "revenue": Decimal("10"),
        "cost": Decimal("1"),
    }
    with lake.write_lock():
        lake.commit({"orders": {"2026-10": pl.DataFrame([row], schema=ORDERS.polars_schema)}})
    incoming = pl.DataFrame([{**row, "region": None}], schema=ORDERS.polars_schema)
    carried = set(ORDERS.column_names) - {"region"}
    plan = plan_merge(lake, ORDERS, incoming, Mode.UPSERT, carried=carried)
    assert (plan.total("unchanged"), plan.moved_lines, plan.changes_anything) == (1, 0, False)


# --- absent columns never overwrite known values

FULL = f"""
{HEADER},category,quantity,paid_amount,paid_date
SO1,1,2026-10-03,C1,R1,华东,100.00,60.00,空调,2,100.00,2026-10-20
"""
WITHOUT_PAYMENTS = f"""
{HEADER}
SO1,1,2026-10-03,C1,R1,华东,120.00,60.00
"""
EMPTY_PAID_DATE = f"""
{HEADER},paid_date
SO1,1,2026-10-03,C1,R1,华东,120.00,60.00,
"""


def paid(lake: Lake) -> tuple:
    stored = lake.read_table("orders")
    return stored.select("revenue", "category", "quantity", "paid_amount", "paid_date").row(0)


def test_a_file_without_a_column_keeps_its_stored_values(lake: Lake, tmp_path: Path) -> None:
    load(lake, tmp_path, "full.csv", FULL)
    result = load(lake, tmp_path, "lean.csv", WITHOUT_PAYMENTS)
    assert result.updated == 1
    assert paid(lake) == (
        Decimal("120.00"),  # the file's new revenue
        "空调",  # absent: kept
        Decimal("2"),
        Decimal("100.00"),
        dt.date(2026, 10, 20),
    )
    again = load(lake, tmp_path, "lean-again.csv", WITHOUT_PAYMENTS)
    assert again.noop  # the same file twice changes nothing


def test_a_later_file_with_the_column_fills_it_in(lake: Lake, tmp_path: Path) -> None:
    load(lake, tmp_path, "lean.csv", WITHOUT_PAYMENTS)
    load(lake, tmp_path, "full.csv", FULL)
    assert paid(lake) == (
        Decimal("100.00"),
        "空调",
        Decimal("2"),
        Decimal("100.00"),
        dt.date(2026, 10, 20),
    )


def test_an_empty_cell_of_a_carried_column_says_unknown(lake: Lake, tmp_path: Path) -> None:
    load(lake, tmp_path, "full.csv", FULL)
    load(lake, tmp_path, "empty.csv", EMPTY_PAID_DATE)
    assert paid(lake)[4] is None  # the file carries paid_date and leaves it empty
    assert paid(lake)[3] == Decimal("100.00")  # paid_amount is not in that file


def test_a_refused_upload_raises_with_the_plan_of_moves(lake: Lake, tmp_path: Path) -> None:
    load(lake, tmp_path, "all.csv", STORED)
    with pytest.raises(RejectedUpload) as refused:
        load(lake, tmp_path, "moving.csv", MOVING)
    assert [p.reason for p in refused.value.problems][:2] == ["moves_refused", "moves_line"]
    accepted = load(lake, tmp_path, "moving.csv", MOVING, accept_moves=True)
    assert (accepted.updated, accepted.plan.moved_lines if accepted.plan else 0) == (3, 2)


def test_replace_scope_month_is_named_in_the_plan(lake: Lake, tmp_path: Path) -> None:
    load(lake, tmp_path, "all.csv", STORED)
    result = load(
        lake,
        tmp_path,
        "east.csv",
        EAST_OCTOBER,
        mode=Mode.REPLACE_MONTHS,
        replace_scope=ReplaceScope.MONTH,
        dry_run=True,
    )
    assert result.plan is not None
    assert result.plan.replace_scope is ReplaceScope.MONTH
    assert result.deleted == 3


def test_replace_scope_without_replace_months_is_a_usage_error(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path, "east.csv", EAST_OCTOBER)
    code, out, err = run(
        capsys,
        *("ingest", str(path), "--table", "orders", "--data", str(lake.root)),
        *("--replace-scope", "month"),
    )
    assert (code, out) == (2, "")
    assert err == "sales-dash: --replace-scope needs --mode replace-months.\n"
    assert not lake.root.exists()


def test_the_key_ranges_keep_every_stored_row_an_incoming_key_can_match() -> None:
    """The pre-filter of the stored rows (row groups skipped by their statistics) keeps
    both ends of each key's range, and leaves out a key column holding a null."""
    import polars as pl

    from sales_dash.ingest.merge import _key_ranges

    stored = pl.DataFrame(
        {"order_id": ["SO1", "SO2", "SO3", "SO4", None], "line_no": [1, 2, 3, 4, 5]}
    )
    incoming = pl.DataFrame({"order_id": ["SO2", "SO3"], "line_no": [2, 9]})
    kept = stored.filter(_key_ranges(incoming))
    assert kept.rows() == [("SO2", 2), ("SO3", 3)]
    with_null = pl.DataFrame({"order_id": ["SO2", None], "line_no": [2, 5]})
    # order_id holds a null: only line_no's range (2..5) applies
    assert stored.filter(_key_ranges(with_null))["line_no"].to_list() == [2, 3, 4, 5]
    assert stored.filter(_key_ranges(incoming.clear())).height == stored.height

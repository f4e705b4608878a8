"""`sales-dash ingest | history | undo`: what a clerk sees on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sales_dash.cli import main
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from tests.conftest import write_csv

HEADER = "订单号,订单日期,客户编号,业务员编号,区域,销售额,成本"
OCTOBER = f"""
{HEADER}
SO1,2026-10-03,C1,R1,华东,100,60
SO2,2026-11-04,C1,R1,华东,200,120
合计,,,,,300,180
"""


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_reports_what_it_read_and_did(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    path = write_csv(tmp_path, "oct.csv", OCTOBER)
    code, out, err = run(capsys, "ingest", str(path), "--table", "orders", "--data", str(lake.root))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "oct.csv: orders, encoding utf-8, header in row 1.",
        "Month       Inserted  Updated  Unchanged  Deleted  Skipped",
        "2026-10     1         0        0          0        0",
        "2026-11     1         0        0          0        0",
        "(no month)  0         0        0          0        1",
        "Total       2         0        0          0        1",
        "oct.csv: orders 2 inserted, 0 updated, 0 unchanged, 0 deleted, 1 skipped "
        "(encoding utf-8).",
        "Recorded as upload 1; to undo: sales-dash undo 1",
    ]


def test_dry_run_prints_the_months_and_writes_nothing(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path, "oct.csv", OCTOBER)
    code, out, _ = run(
        capsys, "ingest", str(path), "--table", "orders", "--data", str(lake.root), "--dry-run"
    )
    assert code == 0
    assert "2026-10     1     0     0     0     0" in out
    assert out.rstrip().endswith("（试运行，未写入）")
    assert lake.version == 0


def test_same_file_again_says_nothing_changed(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    path = write_csv(tmp_path, "oct.csv", OCTOBER)
    argv = ("ingest", str(path), "--table", "orders", "--data", str(lake.root))
    run(capsys, *argv)
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "Nothing to change: all 2 rows of the file are already in the data" in out
    assert "The content is identical to upload 1 (oct.csv) of " in out


def test_a_rejected_file_exits_1_with_row_column_value_reason(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = f"""
    {HEADER}
    SO1,2026-10-03,C1,R1,华东,1.23E+11,60
    SO2,2026/02/30,C1,R1,华东,200,120
    """
    path = write_csv(tmp_path, "bad.csv", content)
    code, out, err = run(capsys, "ingest", str(path), "--table", "orders", "--data", str(lake.root))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "上传被拒绝：2 个问题，未写入任何数据。",
        "第 2 行，列 销售额，值“1.23E+11”：是 Excel 缩写的科学计数法，精确数值已丢失；"
        "请把该列设为数值格式后重新导出",
        "第 3 行，列 订单日期，值“2026/02/30”：不是有效日期（可用 2026-11-03、2026/11/3、"
        "2026.11.3、2026年11月3日）",
    ]
    assert "Traceback" not in err


def test_a_whole_file_problem_is_one_sentence(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    code, _, err = run(capsys, "ingest", str(path), "--table", "orders", "--data", str(lake.root))
    assert code == 1
    assert err.splitlines() == [
        "Upload rejected: 1 problem(s); nothing was written.",
        "the file is empty.",
    ]


def test_skip_invalid_writes_a_rejects_csv(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    content = f"""
    {HEADER}
    SO1,2026-10-03,C1,R1,华东,100,60
    SO2,2026-10-99,C1,R1,华东,200,120
    """
    path = write_csv(tmp_path, "mixed.csv", content)
    code, out, _ = run(
        capsys,
        "ingest",
        str(path),
        "--table",
        "orders",
        "--data",
        str(lake.root),
        "--skip-invalid",
    )
    assert code == 0
    rejects = tmp_path / "mixed.rejects.csv"
    assert f"1 invalid row(s) skipped and written to {rejects}." in out
    text = rejects.read_bytes().decode("utf-8-sig")
    assert text.splitlines() == [
        "Row,订单号,订单日期,客户编号,业务员编号,区域,销售额,成本,Problems",
        "3,SO2,2026-10-99,C1,R1,华东,200,120,\"Row 3, column 订单日期, value '2026-10-99': "
        'is not a valid date (use 2026-11-03, 2026/11/3, 2026.11.3 or 2026年11月3日)."',
    ]
    assert lake.read_table("orders")["order_id"].to_list() == ["SO1"]


def test_history_and_undo(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    data = ("--data", str(lake.root))
    run(capsys, "ingest", str(write_csv(tmp_path, "oct.csv", OCTOBER)), "--table", "orders", *data)
    code, out, _ = run(capsys, "history", *data)
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == [
        "No.",
        "Uploaded",
        "at",
        "File",
        "Table",
        "Encoding",
        "Inserted",
        "Updated",
        "Deleted",
        "Skipped",
        "Undone",
        "Undoes",
        "By",
    ]
    assert lines[1].split()[0] == "1" and lines[1].split()[3:] == [
        "oct.csv",
        "orders",
        "utf-8",
        "2",
        "0",
        "0",
        "1",
        "—",  # no sign-in on the command line: the upload names no one
    ]
    code, out, _ = run(capsys, "undo", "1", *data)
    assert (code, out) == (
        0,
        "Upload 1 (oct.csv) undone: its months are back as they were before it.\n"
        "Recorded as 2; to reverse it: sales-dash undo 2\n",
    )
    assert lake.read_table("orders").is_empty()
    code, out, _ = run(capsys, "history", *data)
    undo_line, upload_line = out.splitlines()[1:]
    assert undo_line.split()[0] == "2" and undo_line.split()[3:] == [
        "oct.csv",
        "orders",
        "utf-8",
        "0",
        "0",
        "2",
        "0",
        "1",
        "—",
    ]
    assert upload_line.split()[-2:] == ["✓", "—"]
    code, _, err = run(capsys, "undo", "1", *data)
    assert (code, err) == (1, "sales-dash: Upload 1 has already been undone.\n")
    code, out, _ = run(capsys, "undo", "2", *data)  # undoing the undo puts the upload back
    assert (code, out) == (
        0,
        "Entry 2 (an undo) reversed: upload 1 (oct.csv) is in effect again.\n"
        "Recorded as 3; to reverse it: sales-dash undo 3\n",
    )
    assert lake.read_table("orders")["order_id"].sort().to_list() == ["SO1", "SO2"]
    code, _, err = run(capsys, "undo", "42", *data)
    assert (code, err) == (2, "sales-dash: There is no upload 42.\n")


def test_history_names_who_uploaded(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    """An upload made by a signed-in user (the Upload page) names them in the history."""
    ingest_file(write_csv(tmp_path, "oct.csv", OCTOBER), "orders", lake, user="clerk-east")
    code, out, _ = run(capsys, "history", "--data", str(lake.root))
    header, entry = out.splitlines()
    assert code == 0 and header.split()[-1] == "By" and entry.split()[-1] == "clerk-east"


def test_history_of_an_empty_lake(
    lake: Lake, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    # no data at all: the one sentence `sales-dash metrics` says, and exit 2
    assert run(capsys, "history", "--data", str(lake.root)) == (
        2,
        "",
        f"sales-dash: There is no order data in {lake.root} yet: sales-dash demo builds a "
        "demo company, sales-dash ingest FILE --table orders uploads an export.\n",
    )


def test_history_of_a_lake_with_data_but_no_uploads(
    demo_lake: Lake, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    # the demo writes its tables without uploading them: data, and no upload to list
    assert run(capsys, "history", "--data", str(demo_lake.root)) == (
        0,
        "No uploads yet: sales-dash ingest FILE --table orders uploads an export.\n",
        "",
    )


def test_rejects_needs_skip_invalid(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path, "oct.csv", OCTOBER)
    code, _, err = run(
        capsys,
        "ingest",
        str(path),
        "--table",
        "orders",
        "--rejects",
        "x.csv",
        "--data",
        str(lake.root),
    )
    assert (code, err) == (2, "sales-dash: --rejects needs --skip-invalid.\n")


def test_an_xlsx_sheet_is_chosen_by_name(
    lake: Lake, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    path = Path(__file__).parent / "ingest_corpus" / "excel_serial_dates.xlsx"
    code, out, _ = run(
        capsys,
        "ingest",
        str(path),
        "--table",
        "orders",
        "--sheet",
        "订单",
        "--data",
        str(lake.root),
    )
    assert code == 0
    assert out.splitlines()[0] == (
        "excel_serial_dates.xlsx: orders, encoding xlsx, header in row 4, sheet '订单'."
    )


def test_a_mapping_to_an_unknown_column_is_a_usage_error(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path, "oct.csv", OCTOBER)
    code, _, err = run(
        capsys,
        "ingest",
        str(path),
        "--table",
        "quotas",
        "--map",
        "销售额=revnue",
        "--data",
        str(lake.root),
    )
    assert code == 2
    assert err == (
        "sales-dash: --map: quotas has no column 'revnue'; choose one of month, rep_id, "
        "rep_name, region, revenue_quota, expense_budget, visit_target.\n"
    )


def test_a_column_can_be_left_out_with_a_dash(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = f"""
    {HEADER},备注
    SO1,2026-10-03,C1,R1,华东,100,60,
    """
    path = write_csv(tmp_path, "oct.csv", content.replace(",备注", ",客户名称"))
    code, _, _ = run(
        capsys,
        "ingest",
        str(path),
        "--table",
        "orders",
        "--map",
        "客户名称=-",
        "--data",
        str(lake.root),
    )
    assert code == 0
    assert lake.read_table("orders")["customer_name"].to_list() == [None]

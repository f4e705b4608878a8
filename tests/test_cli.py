"""The `sales-dash` command: output formats, exit codes 0/1/2, one-sentence errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sales_dash.cli import main
from sales_dash.engine import db
from sales_dash.lake import Lake
from tests.conftest import write_csv

ORDERS = """
order_id,order_date,customer_id,rep_id,rep_name,region,revenue,cost
SO1,2026-10-03,C1,R1,张三,华东,1000.00,600.00
SO2,2026-10-20,C2,R2,李四,华南,500.50,300.00
"""
QUOTAS = """
month,rep_id,rep_name,region,revenue_quota
2026-10,R1,张三,华东,2000
2026-10,R2,李四,华南,1000
"""


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    root = tmp_path / "lake"
    for table, content in (("orders", ORDERS), ("quotas", QUOTAS)):
        path = write_csv(tmp_path, f"{table}.csv", content)
        assert main(["ingest", str(path), "--table", table, "--data", str(root)]) == 0
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_metrics_csv_by_region(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "metrics", "attainment", "--start", "2026-10-01", "--end", "2026-10-31",
        "--as-of", "2026-10-31", "--by", "region", "--data", str(loaded),
    )  # fmt: skip
    assert (code, err) == (0, "")
    # 华东 1000 / 2000 = 0.5; 华南 500.50 / 1000 = 0.5005; closed period: progress 1
    assert out.splitlines() == [
        "region,revenue,quota,attainment,time_progress,pacing_gap,forecast,forecast_attainment",
        "华东,1000.00,2000.00,0.5,1.0,-0.5,1000.00,0.5",
        "华南,500.50,1000.00,0.5005,1.0,-0.4995,500.50,0.5005",
    ]


def test_metrics_reads_one_version_when_an_upload_lands_mid_way(
    loaded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An upload (another user's, here made as the command's first query ends) doubles
    华东's revenue: the command starts again on the new data (``cli.ONE_VERSION``) and
    prints its attainment, never the old revenue over the quotas read after it."""
    raised = write_csv(tmp_path, "raised.csv", ORDERS.replace("1000.00,600.00", "2000.00,600.00"))
    uploads: list[str] = []

    def upload_once(name: str, params: object, elapsed: float) -> None:
        if not uploads:
            uploads.append(name)
            assert main(["ingest", str(raised), "--table", "orders", "--data", str(loaded)]) == 0

    stop = db.observe(upload_once)
    try:
        code, out, _ = run(
            capsys,
            "metrics", "attainment", "--start", "2026-10-01", "--end", "2026-10-31",
            "--as-of", "2026-10-31", "--by", "region", "--data", str(loaded),
        )  # fmt: skip
    finally:
        stop()
    assert uploads == ["order_totals"]  # it landed after the revenue was read
    # the upload's own report is printed first; then the metric's rows, of the new data
    assert code == 0
    assert [line for line in out.splitlines() if line.startswith("华东,")] == [
        "华东,2000.00,2000.00,1.0,1.0,0.0,2000.00,1.0"
    ]


def test_metrics_json(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "metrics", "margin", "--start", "2026-10-01", "--end", "2026-10-31",
        "--by", "rep", "--format", "json", "--data", str(loaded),
    )  # fmt: skip
    assert code == 0
    # R1: 1000 − 600 = 400, 400 / 1000 = 0.4; R2: 500.50 − 300 = 200.50, / 500.50
    assert json.loads(out) == [
        {"rep_id": "R1", "rep_name": "张三", "revenue": 1000.0, "cost": 600.0,
         "gross_profit": 400.0, "gross_margin": 0.4},
        {"rep_id": "R2", "rep_name": "李四", "revenue": 500.5, "cost": 300.0,
         "gross_profit": 200.5, "gross_margin": round(200.5 / 500.5, 10)},
    ]  # fmt: skip


def test_metrics_averages_by_month(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """branch catalogue: 客单价 and 人均销售额 from the command line."""
    code, out, err = run(
        capsys,
        "metrics", "averages", "--start", "2026-09-01", "--end", "2026-10-31",
        "--as-of", "2026-10-31", "--by", "month", "--data", str(loaded),
    )  # fmt: skip
    assert (code, err) == (0, "")
    # September: nothing, so no average (empty cells). October: 1000 + 500.50 = 1500.50
    # over SO1 and SO2 = 750.25; two reps: 750.25 each.
    assert out.splitlines() == [
        "month,revenue,orders,reps,rep_revenue,average_order_value,revenue_per_rep",
        "2026-09,0.00,0,0,0.00,,",
        "2026-10,1500.50,2,2,1500.50,750.25,750.25",
    ]


def test_metrics_filters(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "metrics", "margin", "--start", "2026-10-01", "--end", "2026-10-31",
        "--region", "华南", "--data", str(loaded),
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[1] == f"500.50,300.00,200.50,{round(200.5 / 500.5, 10)}"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["metrics", "bogus", "--start", "2026-10-01", "--end", "2026-10-31"],
            "sales-dash: Unknown metric 'bogus'; choose one of: attainment, margin, "
            "collection, cash, expense, market_share, activity, over_authority, averages, abc.",
        ),
        (
            ["metrics", "margin", "--start", "2026-13-01", "--end", "2026-10-31"],
            "sales-dash: Argument --start: '2026-13-01' is not a date (expected YYYY-MM-DD).",
        ),
        (
            ["metrics", "attainment", "--start", "2026-10-01", "--end", "2026-10-31",
             "--by", "customer"],
            "sales-dash: Metric attainment cannot be grouped by 'customer'; "
            "allowed: region, rep, month, week.",
        ),
        (
            ["metrics", "margin", "--start", "2026-10-31", "--end", "2026-10-01"],
            "sales-dash: The start date 2026-10-31 is after the end date 2026-10-01.",
        ),
        (
            ["metrics", "margin", "--start", "2026-10-01"],
            "sales-dash: The following arguments are required: --end.",
        ),
        (["ingest", "/no/such/file.csv", "--table", "orders"],
         "sales-dash: File not found: /no/such/file.csv."),
        (["frobnicate"], None),
    ],
)  # fmt: skip
def test_usage_errors_exit_2_with_one_sentence(
    argv: list[str], message: str | None, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *argv, "--data", str(loaded))
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("sales-dash: ")
    if message is not None:
        assert lines[0] == message


def test_rejected_upload_exits_1_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_csv(
        tmp_path,
        "bad.csv",
        """
        order_id,order_date,customer_id,rep_id,region,revenue,cost
        SO1,2026-10-03,C1,R1,华东,1000.00,600.00
        SO2,2026-10-32,C2,R2,华南,abc,300.00
        """,
    )
    root = tmp_path / "lake"
    code, _, err = run(capsys, "ingest", str(bad), "--table", "orders", "--data", str(root))
    assert code == 1
    assert err.splitlines() == [
        "Upload rejected: 2 problem(s); nothing was written.",
        "Row 3, column order_date, value '2026-10-32': is not a valid date "
        "(use 2026-11-03, 2026/11/3, 2026.11.3 or 2026年11月3日).",
        "Row 3, column revenue, value 'abc': is not a number.",
    ]
    assert Lake(root).version == 0


def test_rejection_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "zh")
    bad = write_csv(
        tmp_path,
        "bad.csv",
        """
        order_id,order_date,customer_id,rep_id,region,revenue,cost
        SO1,,C1,R1,华东,1000.00,600.00
        """,
    )
    code, _, err = run(capsys, "ingest", str(bad), "--table", "orders", "--data", str(tmp_path))
    assert code == 1
    # customer_id is optional since issue 11: the order date is the required value missing
    assert err.splitlines()[1] == "第 2 行，列 order_date，值“”：必填项为空"


def test_ingest_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path, "orders.csv", ORDERS)
    root = str(tmp_path / "lake")
    code, out, _ = run(capsys, "ingest", str(path), "--table", "orders", "--data", root)
    assert code == 0
    assert "2 inserted, 0 updated, 0 unchanged, 0 deleted, 0 skipped" in out
    code, out, _ = run(capsys, "ingest", str(path), "--table", "orders", "--data", root)
    assert "0 inserted, 0 updated, 2 unchanged" in out


def test_module_entry_point_runs(tmp_path: Path) -> None:
    """`python -m sales_dash` is the same command, and a bad argument is not a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "sales_dash", "metrics", "margin", "--start", "x", "--end", "y"],
        capture_output=True,
        text=True,
        check=False,
        env={"SALES_DASH_LANGUAGE": "en", "SALES_DASH_DATA": str(tmp_path), "PATH": ""},
    )
    assert done.returncode == 2
    assert done.stderr.startswith("sales-dash: Argument --start: 'x' is not a date")
    assert "Traceback" not in done.stderr


def test_unknown_option_is_a_usage_error(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys,
        "metrics", "margin", "--start", "2026-10-01", "--end", "2026-10-31", "--bogus",
        "--data", str(loaded),
    )  # fmt: skip
    assert code == 2
    assert err == "sales-dash: Unrecognized arguments: --bogus.\n"


def test_metrics_on_a_lake_without_data_says_how_to_get_some(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    lake = tmp_path / "empty"
    code = main(
        ["metrics", "margin", "--start", "2026-10-01", "--end", "2026-10-31", "--data", str(lake)]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == (
        f"sales-dash: There is no order data in {lake} yet: sales-dash demo builds a demo "
        "company, sales-dash ingest FILE --table orders uploads an export.\n"
    )


def test_argparse_speaks_the_users_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "zh")
    assert main(["metrics", "margin"]) == 2
    assert capsys.readouterr().err == "sales-dash: 缺少必需的参数：--start, --end。\n"
    assert main(["ingest", "x.csv", "--table", "nope"]) == 2
    assert "无效的选项 'nope'（可选：" in capsys.readouterr().err
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    assert main(["metrics", "margin"]) == 2
    err = capsys.readouterr().err
    assert err == "sales-dash: The following arguments are required: --start, --end.\n"

"""Dates as the world writes them: the order of day and month decided from the whole
column, refused once when the column cannot tell, chosen with ``date_format``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from sales_dash.cli import main
from sales_dash.ingest import Problem, ingest_file, prepare_upload
from sales_dash.ingest.dates import parse_date
from sales_dash.ingest.problems import describe
from sales_dash.lake import Lake
from tests.conftest import write_csv

HEADER = "订单号,订单日期,客户编号,业务员编号,区域,销售额,成本"


def orders(*dates: str) -> bytes:
    lines = [HEADER, *(f"SO{i},{d},C1,R1,华东,100,60" for i, d in enumerate(dates, start=1))]
    return ("\n".join(lines) + "\n").encode()


def order_dates(payload: bytes, date_format: str | None = None) -> list[dt.date]:
    prepared = prepare_upload(payload, "orders.csv", "orders", date_format=date_format)
    assert prepared.problems.is_empty(), prepared.problems.rows()
    return prepared.rows["order_date"].to_list()


def problems(payload: bytes, date_format: str | None = None) -> list[tuple]:
    return prepare_upload(payload, "o.csv", "orders", date_format=date_format).problems.rows()


def test_a_second_field_above_12_proves_month_first() -> None:
    # a US export: 6/16/2017 can only be 16 June, so 11/8/2018 is 8 November
    dates = order_dates(orders("11/8/2018", "6/16/2017", "1/2/2018"))
    assert dates == [dt.date(2018, 11, 8), dt.date(2017, 6, 16), dt.date(2018, 1, 2)]


def test_a_first_field_above_12_proves_day_first() -> None:
    dates = order_dates(orders("3/11/2026", "13/2/2026", "01.12.2026", "28-02-2026"))
    assert dates == [
        dt.date(2026, 11, 3),
        dt.date(2026, 2, 13),
        dt.date(2026, 12, 1),
        dt.date(2026, 2, 28),
    ]


def test_a_column_that_never_decides_is_refused_once_not_per_row() -> None:
    payload = orders("11/8/2018", "1/2/2018", "2026-11-03", "12/12/2018")
    problem = Problem(0, "订单日期", "11/8/2018", "date_order_ambiguous", "订单日期")
    assert problems(payload) == [
        (problem.row, problem.column, problem.value, problem.reason, problem.detail)
    ]
    assert describe(problem, "en") == (
        "the dates of column '订单日期' (such as 11/8/2018) read as month/day/year and as "
        "day/month/year, and no date in the column tells which; choose the order: "
        "--date-format mdy (month/day/year) or --date-format dmy (day/month/year), "
        "or the date order on the Upload page."
    )
    assert describe(problem, "zh").startswith("“订单日期”列的日期（如 11/8/2018）既可读作 月/日/年")


def test_the_user_chooses_the_order_of_an_undecided_column() -> None:
    payload = orders("11/8/2018", "1/2/2018", "2026-11-03", "12/12/2018 14:30:00")
    assert order_dates(payload, "mdy") == [
        dt.date(2018, 11, 8),
        dt.date(2018, 1, 2),
        dt.date(2026, 11, 3),
        dt.date(2018, 12, 12),
    ]
    assert order_dates(payload, "dmy") == [
        dt.date(2018, 8, 11),
        dt.date(2018, 2, 1),
        dt.date(2026, 11, 3),
        dt.date(2018, 12, 12),
    ]


def test_a_forced_order_overrides_what_the_column_proves() -> None:
    # the user said dmy: 6/16/2017 has no month 16 and is a bad date, not a reason to flip
    assert problems(orders("11/8/2018", "6/16/2017"), "dmy") == [
        (3, "订单日期", "6/16/2017", "not_a_date", "")
    ]


def test_ymd_refuses_dates_with_the_year_last() -> None:
    assert problems(orders("2026-11-03", "11/8/2018"), "ymd") == [
        (3, "订单日期", "11/8/2018", "not_a_date", "")
    ]


def test_a_column_that_proves_both_orders_names_a_row_of_each() -> None:
    payload = orders("1/1/2026", "13/2/2026", "2/14/2026", "25/2/2026")
    assert problems(payload) == [
        (
            0,
            "订单日期",
            "3: 13/2/2026; 4: 2/14/2026",
            "date_order_conflict",
            "订单日期",
        )
    ]
    problem = Problem(
        0, "order_date", "3: 13/2/2026; 4: 2/14/2026", "date_order_conflict", "订单日期"
    )
    assert describe(problem, "en") == (
        "the dates of column '订单日期' contradict each other (row: date): "
        "3: 13/2/2026; 4: 2/14/2026; the first can only be day/month/year, the second only "
        "month/day/year; correct the file, or choose the order with --date-format mdy or dmy."
    )


def test_an_unknown_date_format_is_a_clear_problem() -> None:
    assert problems(orders("2026-11-03"), "yyyy-mm-dd") == [
        (0, "", "yyyy-mm-dd", "unknown_date_format", "")
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2020-02-21 00:00:00", dt.date(2020, 2, 21)),
        ("2020/2/21 8:05", dt.date(2020, 2, 21)),
        ("2020-02-21T08:05:00", dt.date(2020, 2, 21)),
        ("2020-02-21T23:59:59.123Z", dt.date(2020, 2, 21)),
        ("2020-02-21T08:05:00+08:00", dt.date(2020, 2, 21)),
        ("2020年2月21日 08:05", dt.date(2020, 2, 21)),
        ("2026-11-03", dt.date(2026, 11, 3)),
        ("2026/11/3", dt.date(2026, 11, 3)),
        ("2026.11.3", dt.date(2026, 11, 3)),
        ("2026年11月3日", dt.date(2026, 11, 3)),
        ("11/8/2018 14:30:00", dt.date(2018, 11, 8)),
        ("11/8/2018 2:30 PM", dt.date(2018, 11, 8)),
        ("8-Nov-2018", dt.date(2018, 11, 8)),
        ("8 November 2018", dt.date(2018, 11, 8)),
        ("Nov 8, 2018", dt.date(2018, 11, 8)),
        ("Sep 30 2026 10:00 AM", dt.date(2026, 9, 30)),
        ("2/29/2024", dt.date(2024, 2, 29)),
        ("2/29/2023", None),
        ("13/13/2026", None),
        ("11/8/18", None),
        ("2026-13-01", None),
    ],
)
def test_each_written_form_gives_its_date(cell: str, expected: dt.date | None) -> None:
    frame = pl.DataFrame({"cell": [cell]})
    assert frame.select(parse_date(pl.col("cell"), order="mdy"))["cell"][0] == expected


def test_date_times_of_an_online_shop_report_give_their_date(lake: Lake, tmp_path: Path) -> None:
    content = f"""
    {HEADER}
    T1,2020-02-21 00:00:00,C1,R1,华东,100,60
    T2,2020/2/21 8:05,C1,R1,华东,100,60
    T3,2020-02-22T23:59:59,C1,R1,华东,100,60
    """
    ingest_file(write_csv(tmp_path, "shop.csv", content), "orders", lake)
    stored = lake.read_table("orders").sort("order_id")
    assert stored["order_date"].to_list() == [
        dt.date(2020, 2, 21),
        dt.date(2020, 2, 21),
        dt.date(2020, 2, 22),
    ]


def test_each_date_column_decides_for_itself() -> None:
    header = HEADER + ",应收日期"
    lines = [header, "SO1,6/16/2017,C1,R1,华东,100,60,1/2/2018", "SO2,6/1/2017,C1,R1,华东,1,1,"]
    payload = ("\n".join(lines) + "\n").encode()
    assert problems(payload) == [
        (0, "应收日期", "1/2/2018", "date_order_ambiguous", "应收日期"),
    ]
    prepared = prepare_upload(payload, "o.csv", "orders", date_format="mdy")
    assert prepared.rows.select("order_date", "due_date").rows() == [
        (dt.date(2017, 6, 16), dt.date(2018, 1, 2)),
        (dt.date(2017, 6, 1), None),  # no payment data in the file: due date unknown
    ]


def test_month_columns_take_every_written_form(lake: Lake, tmp_path: Path) -> None:
    content = """
    月份,业务员编号,区域,销售指标
    2026-11,R1,华东,100
    2026/12,R2,华东,100
    2027年1月,R3,华东,100
    11/2026,R4,华东,100
    2027.2,R5,华东,100
    """
    ingest_file(write_csv(tmp_path, "quotas.csv", content), "quotas", lake)
    stored = lake.read_table("quotas").sort("rep_id")
    assert stored["month"].to_list() == ["2026-11", "2026-12", "2027-01", "2026-11", "2027-02"]


def test_the_command_line_takes_the_date_format(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    path = tmp_path / "us.csv"
    path.write_bytes(orders("11/8/2018", "1/2/2018"))
    common = ["ingest", str(path), "--table", "orders", "--data", str(lake.root)]
    assert main(common) == 1
    _, err = capsys.readouterr()
    assert err.splitlines() == [
        "Upload rejected: 1 problem(s); nothing was written.",
        "the dates of column '订单日期' (such as 11/8/2018) read as month/day/year and as "
        "day/month/year, and no date in the column tells which; choose the order: "
        "--date-format mdy (month/day/year) or --date-format dmy (day/month/year), "
        "or the date order on the Upload page.",
    ]
    assert main([*common, "--date-format", "mdy"]) == 0
    capsys.readouterr()
    stored = lake.read_table("orders").sort("order_id")["order_date"].to_list()
    assert stored == [dt.date(2018, 11, 8), dt.date(2018, 1, 2)]
    assert main([*common, "--date-format", "ydm"]) == 2


def test_the_bi_export_dates_read_as_the_user_says() -> None:
    # its four lines never tell the order (no field above 12): refused until chosen
    from sales_dash.ingest.parse import parse_rows
    from sales_dash.ingest.read import read_export
    from sales_dash.schema import TABLES
    from tests.ingest.test_encodings import BI_HEADER, BI_MAP, BI_ROWS, text_of

    raw = read_export(text_of(BI_HEADER, *BI_ROWS).encode("cp1252"), "orders", BI_MAP)
    labels = {column: header for header, column in raw.mapping.items()}
    _, found = parse_rows(raw.frame, TABLES["orders"], labels=labels)
    assert found.rows() == [(0, "order_date", "11/8/2018", "date_order_ambiguous", "Order Date")]
    typed, found = parse_rows(raw.frame, TABLES["orders"], date_format="mdy", labels=labels)
    assert found.is_empty()
    assert typed["order_date"].to_list() == [
        dt.date(2018, 11, 8),
        dt.date(2018, 11, 8),
        dt.date(2017, 10, 11),
        dt.date(2016, 6, 12),
    ]

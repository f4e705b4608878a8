"""Real-shaped exports go in with only their truly ambiguous choices, and the totals the
engine reports equal the file's own exact sums (computed in tests/real_exports.py from the
cell texts with ``decimal``, never by the code under test)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import polars as pl
import pytest

from sales_dash.cli import main
from sales_dash.engine.metrics import compute_metric
from sales_dash.lake import Lake
from tests import real_exports
from tests.real_exports import Export

WHOLE_RANGE = (dt.date(2015, 1, 1), dt.date(2030, 12, 31))
AS_OF = dt.date(2030, 12, 31)

EXPORTS: dict[str, Callable[[Path], Export]] = {
    "bi_utf8_bom": lambda folder: real_exports.bi_export(folder, "utf-8-sig"),
    "bi_windows_1252": lambda folder: real_exports.bi_export(folder, "cp1252"),
    "cn_workbook_xlsx": real_exports.cn_workbook,
    "cn_workbook_xls": real_exports.cn_workbook_xls,
    "online_shop": real_exports.shop_export,
    "utf16_tab": real_exports.utf16_export,
    "big5": real_exports.big5_export,
    "erp_wanyuan_gbk": real_exports.wanyuan_export,
}


def ingest(capsys: pytest.CaptureFixture[str], export: Export, lake: Lake) -> tuple[int, str]:
    argv = ["ingest", str(export.path), "--table", export.table, "--data", str(lake.root)]
    if export.choices:
        argv += ["--map", *export.choices]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out + err


def margin(lake: Lake, by: str | None = None) -> pl.DataFrame:
    return compute_metric(lake, "margin", *WHOLE_RANGE, as_of=AS_OF, by=by)


def exact(value: object) -> Decimal:
    return Decimal(str(value))


def cents(value: Decimal) -> Decimal:
    """A sum as the screen shows it: to the cent, half away from zero (as Excel rounds)."""
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.mark.parametrize("name", list(EXPORTS))
def test_export_goes_in_and_totals_equal_the_files_exact_sums(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    export = EXPORTS[name](tmp_path)
    lake = Lake(tmp_path / "lake")
    code, said = ingest(capsys, export, lake)
    assert code == 0, said
    total = margin(lake).row(0, named=True)
    assert exact(total["revenue"]) == cents(export.revenue)
    if export.profit is not None:
        assert exact(total["gross_profit"]) == cents(export.profit)
    else:  # no cost, no profit: margin is unknown, never 100 %
        assert total["gross_margin"] is None
    lines = compute_metric(lake, "over_authority", *WHOLE_RANGE, as_of=AS_OF).row(0, named=True)
    if export.over_limit is not None:
        assert lines["lines"] == export.over_limit
    # nothing in these files says what was paid or what the targets were
    if name not in {"utf16_tab"}:
        collection = compute_metric(lake, "collection", *WHOLE_RANGE, as_of=AS_OF)
        assert collection["collection_rate"].to_list() == [None]
    attainment = compute_metric(lake, "attainment", *WHOLE_RANGE, as_of=AS_OF)
    assert attainment["quota"].to_list() == [None]
    assert attainment["attainment"].to_list() == [None]


@pytest.mark.parametrize("name", ["bi_utf8_bom", "online_shop", "erp_wanyuan_gbk"])
def test_without_the_choices_the_upload_is_refused_naming_them(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    export = EXPORTS[name](tmp_path)
    lake = Lake(tmp_path / "lake")
    export.choices = []
    code, said = ingest(capsys, export, lake)
    assert code == 1
    assert "--map" in said
    assert not lake.files("orders")


def test_bi_sample_keeps_its_regions_and_customers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = real_exports.bi_export(tmp_path)
    lake = Lake(tmp_path / "lake")
    assert ingest(capsys, export, lake)[0] == 0
    regions = margin(lake, by="region")
    expected = export.extra["region_revenue"]
    assert isinstance(expected, dict)
    assert {r: exact(v) for r, v in regions.select("region", "revenue").rows()} == {
        region: cents(total) for region, total in expected.items()
    }


def test_online_shop_orders_group_by_province_and_have_no_customers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = real_exports.shop_export(tmp_path)
    lake = Lake(tmp_path / "lake")
    assert ingest(capsys, export, lake)[0] == 0
    assert margin(lake, by="region")["region"].to_list() == export.extra["provinces"]
    activity = compute_metric(lake, "activity", *WHOLE_RANGE, as_of=AS_OF)
    assert activity["new_customers"].to_list() == [None]


def test_uploading_the_same_export_twice_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = real_exports.bi_export(tmp_path, "cp1252")
    lake = Lake(tmp_path / "lake")
    assert ingest(capsys, export, lake)[0] == 0
    before = margin(lake)
    assert ingest(capsys, export, lake)[0] == 0
    assert margin(lake).equals(before)

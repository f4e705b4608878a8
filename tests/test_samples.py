"""The sample exports shipped in data/samples/ (what a manager can try the upload with)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from sales_dash.settings import PROJECT_ROOT

SAMPLES = PROJECT_ROOT / "data" / "samples"


@pytest.mark.parametrize(
    ("name", "table", "rows", "encoding"),
    [
        ("订单明细_华东_2026-10.csv", "orders", 200, "gbk"),
        ("销售指标_华东_2026Q4.xlsx", "quotas", 27, "xlsx"),
        ("visits_east_2026-10.csv", "visits", 91, "utf-8-sig"),
    ],
)
def test_sample_exports_ingest(
    tmp_path: Path, name: str, table: str, rows: int, encoding: str
) -> None:
    result = ingest_file(SAMPLES / name, table, Lake(tmp_path / "lake"))
    assert (result.inserted, result.encoding) == (rows, encoding)

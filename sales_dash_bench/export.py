"""Time the ingest of a large orders export: ``python -m sales_dash_bench.export [ROWS]``.

The export looks like the real ones: Chinese headers, a title row, quoted thousands
separators, currency signs, dates written three ways, and a 合计 row that must reconcile.
Not a test: it prints seconds for a first upload and for a repeat (which changes nothing).
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import polars as pl

from sales_dash.ingest import ingest_file
from sales_dash.ingest.limits import Limits
from sales_dash.lake import Lake

HEADERS = (
    "订单号,行号,订单日期,客户编号,客户名称,业务员编号,业务员,区域,产品,品类,数量,折扣率,"
    "销售额,成本,应收日期,已回款,回款日期,状态"
)
REGIONS = ["华东", "华南", "华北", "西南", "东北"]
CATEGORIES = ["空调", "冰箱", "洗衣机", "电视"]


def export_text(rows: int, seed: int = 1) -> bytes:
    """``rows`` order lines as a UTF-8 CSV export, with a title row and a 合计 row."""
    rng = np.random.default_rng(seed)
    day = rng.integers(0, 365, rows)
    cents = rng.integers(10_000, 5_000_000, rows)
    frame = pl.DataFrame(
        {
            "order": pl.int_range(0, rows, eager=True) // 3,
            "line": pl.int_range(0, rows, eager=True) % 3 + 1,
            "day": day,
            "customer": rng.integers(1, 5_000, rows),
            "rep": rng.integers(1, 200, rows),
            "region": rng.integers(0, len(REGIONS), rows),
            "category": rng.integers(0, len(CATEGORIES), rows),
            "quantity": rng.integers(1, 20, rows),
            "cents": cents,
            "style": rng.integers(0, 3, rows),
        }
    )
    date = pl.date(2026, 1, 1) + pl.duration(days=pl.col("day"))
    shown = pl.col("cents").map_elements(lambda c: f'"¥{c / 100:,.2f}"', return_dtype=pl.String)
    cost = (pl.col("cents") * 6 // 10).map_elements(
        lambda c: f"{c / 100:.2f}", return_dtype=pl.String
    )
    columns = [
        pl.format("SO{}", pl.col("order").cast(pl.String).str.zfill(8)),
        pl.col("line"),
        pl.when(pl.col("style") == 0)
        .then(date.dt.strftime("%Y-%m-%d"))
        .when(pl.col("style") == 1)
        .then(date.dt.strftime("%Y/%-m/%-d"))
        .otherwise(date.dt.strftime("%Y年%m月%d日")),
        pl.format("C{}", pl.col("customer").cast(pl.String).str.zfill(5)),
        pl.format("客户{}", pl.col("customer")),
        pl.format("R{}", pl.col("rep").cast(pl.String).str.zfill(3)),
        pl.format("业务员{}", pl.col("rep")),
        pl.col("region").replace_strict(dict(enumerate(REGIONS)), return_dtype=pl.String),
        pl.format("P{}", pl.col("category")),
        pl.col("category").replace_strict(dict(enumerate(CATEGORIES)), return_dtype=pl.String),
        pl.col("quantity"),
        pl.lit("5%"),
        shown,
        cost,
        pl.lit(""),
        pl.lit("0"),
        pl.lit(""),
        pl.lit(""),
    ]
    lines = frame.select(column.alias(f"c{i}") for i, column in enumerate(columns))
    total = frame["cents"].sum() / 100
    body = lines.write_csv(include_header=False, quote_style="never")
    title = "2026年订单明细（导出）\n"
    footer = f'合计,,,,,,,,,,,,"{total:,.2f}",,,,,\n'
    return (title + HEADERS + "\n" + body + footer).encode("utf-8")


def main(rows: int = 1_000_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "orders.csv"
        started = time.perf_counter()
        path.write_bytes(export_text(rows))
        print(
            f"wrote {rows:,} lines ({path.stat().st_size / 1e6:.0f} MB) "
            f"in {time.perf_counter() - started:.1f}s"
        )
        lake = Lake(Path(folder) / "lake")
        # it times the ingest, not the memory budget (which refuses a CSV past ~45 MB)
        limits = replace(Limits.from_settings(), max_memory=sys.maxsize)
        for attempt in ("first upload", "same file again"):
            started = time.perf_counter()
            result = ingest_file(path, "orders", lake, limits=limits)
            seconds = time.perf_counter() - started
            print(
                f"{attempt}: {seconds:.2f}s — inserted {result.inserted:,}, "
                f"unchanged {result.unchanged:,}, skipped {len(result.skipped)}"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)

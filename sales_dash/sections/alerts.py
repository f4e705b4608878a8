"""The overview's alerts: regions and reps behind time, collecting too little, overspending.

Thresholds come from settings: ``pacing_alert`` (a pacing gap in ratio points, default
−0.10), ``collection_target`` (0–1) and the expense budget itself (usage above 100%,
or projected above it by the run rate of an open period).
"""

from __future__ import annotations

import polars as pl

from sales_dash.engine.metrics import RATE_COLUMNS, compute_metric
from sales_dash.lake import Lake
from sales_dash.settings import setting
from sales_dash.view import View

ALERT_SCHEMA = pl.Schema(
    {
        "kind": pl.String(),
        "level": pl.String(),
        "key": pl.String(),
        "name": pl.String(),
        "value": pl.Float64(),
        "threshold": pl.Float64(),
    }
)
KINDS = ("pacing", "collection", "expense_overrun", "expense_projected")


def _named(frame: pl.DataFrame, level: str) -> pl.DataFrame:
    key = "region" if level == "region" else "rep_id"
    name = pl.col("rep_name").fill_null(pl.col("rep_id")) if level == "rep" else pl.col("region")
    return frame.with_columns(level=pl.lit(level), key=pl.col(key), name=name)


def _pick(
    frame: pl.DataFrame, kind: str, condition: pl.Expr, value: pl.Expr, threshold: float
) -> pl.DataFrame:
    return frame.filter(condition).select(
        kind=pl.lit(kind),
        level="level",
        key="key",
        name="name",
        value=value.cast(pl.Float64),
        threshold=pl.lit(threshold, pl.Float64),
    )


def alerts(lake: Lake, view: View) -> pl.DataFrame:
    """One row per alert: kind, level (region/rep), key, name, value, threshold."""
    pacing = float(setting("pacing_alert"))
    target = float(setting("collection_target"))
    found = []
    for level in ("region", "rep"):

        def grouped(name: str, level: str = level) -> pl.DataFrame:
            frame = compute_metric(
                lake,
                name,
                view.start,
                view.end,
                view.as_of,
                by=level,
                filters=view.filters,
                columns=RATE_COLUMNS.get(name),
            )
            return _named(frame, level)

        attainment = grouped("attainment")
        found.append(
            _pick(attainment, "pacing", pl.col("pacing_gap") < pacing, pl.col("pacing_gap"), pacing)
        )
        collection = grouped("collection")
        found.append(
            _pick(
                collection,
                "collection",
                pl.col("collection_rate") < target,
                pl.col("collection_rate"),
                target,
            )
        )
        expense = grouped("expense").join(
            attainment.select("key", "time_progress"), on="key", how="left"
        )
        found.append(
            _pick(
                expense, "expense_overrun", pl.col("budget_usage") > 1, pl.col("budget_usage"), 1.0
            )
        )
        if view.is_open:
            projected = pl.col("budget_usage") / pl.col("time_progress")
            found.append(
                _pick(
                    expense,
                    "expense_projected",
                    (pl.col("budget_usage") <= 1) & (projected > 1),
                    projected,
                    1.0,
                )
            )
    order = {kind: i for i, kind in enumerate(KINDS)}
    result = pl.concat(found) if found else pl.DataFrame(schema=ALERT_SCHEMA)
    return (
        result.with_columns(
            _kind=pl.col("kind").replace_strict(order, return_dtype=pl.Int32),
            _level=pl.col("level") == "rep",
            _severity=(pl.col("value") - pl.col("threshold")).abs(),
        )
        .sort("_kind", "_level", "_severity", descending=[False, False, True])
        .drop("_kind", "_level", "_severity")
    )

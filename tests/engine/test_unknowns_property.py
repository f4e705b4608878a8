"""Property (issue 11 §1): for any orders file that leaves a random set of optional columns
out, no metric anywhere reports 0, or raises an alert, where its inputs are absent.

The files go in through the real upload path (``ingest_file`` on a CSV the test writes), and
every family of the engine is read with every grouping it allows, then the alerts, the
overview's headline and the meeting's sentences. The lake holds orders only: quotas, visits
and market sizes are never loaded, so their metrics are unknown in every example.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sales_dash.engine.metrics import METRICS, compute_metric
from sales_dash.engine.unknowns import AFFECTS
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from sales_dash.schema import UNASSIGNED
from sales_dash.sections.alerts import alerts
from sales_dash.sections.headline import headline
from sales_dash.sections.margin import discount_section
from sales_dash.sections.meeting import headlines, meeting
from sales_dash.view import View

OPTIONAL = (
    "customer_id",
    "rep_id",
    "region",
    "cost",
    "quantity",
    "discount_rate",
    "paid_amount",
    "due_date",
)
START, END = dt.date(2026, 9, 1), dt.date(2026, 10, 31)


@st.composite
def order_lines(draw: st.DrawFn) -> list[dict[str, str]]:
    count = draw(st.integers(1, 8))
    lines = []
    for i in range(count):
        day = draw(st.dates(START, END))
        cents = draw(st.integers(1, 1_000_000))
        revenue = Decimal(cents) / 100
        lines.append(
            {
                "order_id": f"P-{i}",
                "order_date": day.isoformat(),
                "customer_id": draw(st.sampled_from(["C1", "C2", "C3"])),
                "rep_id": draw(st.sampled_from(["R1", "R2"])),
                "region": draw(st.sampled_from(["East", "North"])),
                "revenue": f"{revenue:.2f}",
                "cost": f"{revenue * Decimal(draw(st.integers(0, 100))) / 100:.2f}",
                "quantity": str(draw(st.integers(1, 9))),
                "discount_rate": f"{draw(st.integers(0, 40)) / 100:.2f}",
                "paid_amount": f"{revenue * Decimal(draw(st.integers(0, 100))) / 100:.2f}",
                "due_date": (day + dt.timedelta(days=draw(st.integers(0, 60)))).isoformat(),
            }
        )
    return lines


def _ingested(folder: Path, lines: list[dict[str, str]], absent: frozenset[str]) -> Lake:
    columns = [c for c in lines[0] if c not in absent]
    path = folder / "orders.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(lines)
    lake = Lake(folder / "lake")
    ingest_file(path, "orders", lake)
    return lake


def _assert_covered(frame: pl.DataFrame, where: str) -> None:
    """Where a coverage column is 0, every figure it speaks for is null (unknown)."""
    for column, figures in AFFECTS.items():
        if column not in frame.columns:
            continue
        unknown = frame.filter(pl.col(column) == 0.0)
        for figure in figures & set(frame.columns):
            assert unknown[figure].null_count() == unknown.height, (where, column, figure)


def _assert_unknown(frame: pl.DataFrame, figures: list[str], where: str) -> None:
    """Every row of ``frame`` has ``figures`` null: none is reported as 0."""
    for figure in figures:
        assert frame[figure].null_count() == frame.height, (where, figure, frame)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(lines=order_lines(), absent=st.frozensets(st.sampled_from(OPTIONAL)))
def test_no_metric_reports_zero_or_alerts_on_absent_inputs(
    lines: list[dict[str, str]], absent: frozenset[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        lake = _ingested(Path(folder), lines, absent)
        as_of = max(dt.date.fromisoformat(line["order_date"]) for line in lines)
        view = View(START, END, as_of)
        frames: dict[tuple[str, str | None], pl.DataFrame] = {}
        for name, metric in METRICS.items():
            for by in (None, *metric.groupings):
                frame = compute_metric(lake, name, START, END, as_of, by=by, coverage=True)
                _assert_covered(frame, f"{name} by {by}")
                frames[name, by] = frame

        # never loaded in this lake: quotas, visits, market sizes
        quota = ["quota", "attainment", "pacing_gap", "forecast_attainment"]
        for by in (None, "region", "rep", "month", "week"):
            _assert_unknown(frames["attainment", by], quota, f"attainment by {by}")
            expense = ["expense", "expense_ratio", "expense_budget", "budget_usage"]
            _assert_unknown(frames["expense", by], expense, f"expense by {by}")
            _assert_unknown(frames["activity", by], ["visits", "visits_per_week"], f"by {by}")
        for by in (None, "region", "category", "month"):
            _assert_unknown(frames["market_share", by], ["market_size", "market_share"], "market")

        # the lines exist: the one-row answers say unknown where the file said nothing
        if "cost" in absent:
            for by in METRICS["margin"].groupings:
                rows = frames["margin", by].filter(pl.col("cost_coverage").is_not_null())
                _assert_unknown(rows, ["cost", "gross_profit", "gross_margin"], f"margin {by}")
            _assert_unknown(frames["margin", None], ["cost", "gross_margin"], "margin")
        if "paid_amount" in absent:
            collection = [c for c in METRICS["collection"].columns]
            for by in (None, *METRICS["collection"].groupings):
                _assert_unknown(frames["collection", by], collection, f"collection by {by}")
        if "discount_rate" in absent:
            _assert_unknown(frames["over_authority", None], ["lines", "revenue"], "over")
            assert discount_section(lake, view).discounts.is_empty()
        if "customer_id" in absent:
            _assert_unknown(frames["activity", None], ["new_customers", "retention_rate"], "cust")
            assert frames["abc", None].is_empty()
        for column, by in (("rep_id", "rep"), ("region", "region")):
            if column in absent:  # one group: unassigned
                assert frames["margin", by][column].to_list() == [UNASSIGNED]

        # alerts: no pacing (no quotas), no expense (no visits), no collection without payments
        found = alerts(lake, view)
        kinds = set(found["kind"].to_list())
        assert not kinds & {"pacing", "expense_overrun", "expense_projected"}, found
        if "paid_amount" in absent:
            assert "collection" not in kinds, found

        top = headline(lake, START, END, as_of)
        assert (top.quota, top.attainment, top.pacing_gap, top.market_share) == (None,) * 4
        assert top.expense_ratio is None
        if "cost" in absent:
            assert top.gross_margin is None
        if "paid_amount" in absent:
            assert top.collection_rate is None
        data = meeting(lake, view)
        if "paid_amount" in absent:
            assert not data.overdue_known and data.worst_overdue.is_empty()
        said = headlines(data, "en")
        assert "No quotas loaded." in said
        assert not any("0.0%" in line and "attain" in line.lower() for line in said), said

"""Drill-down: region → its reps → a rep's customers → a customer's order lines.

A ``DrillPath`` is where the user stands; ``drill_level`` computes the rows of the next
level down with the page's metric (or revenue where the metric has no such grouping,
e.g. market share per rep), each row keyed for the next click.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sales_dash.engine.lines import order_lines
from sales_dash.engine.metrics import METRICS, compute_metric
from sales_dash.engine.options import name_and_id
from sales_dash.lake import Lake
from sales_dash.view import View

LEVELS = ("region", "rep", "customer", "lines")


@dataclass(frozen=True)
class DrillPath:
    region: str | None = None
    rep: str | None = None
    customer: str | None = None

    @property
    def level(self) -> str:
        """The level whose rows are shown: the one below the deepest choice."""
        if self.region is None:
            return "region"
        if self.rep is None:
            return "rep"
        if self.customer is None:
            return "customer"
        return "lines"

    def view(self, view: View) -> View:
        """The page's view narrowed to the path."""
        narrowed = {}
        if self.region is not None:
            narrowed["regions"] = (self.region,)
        if self.rep is not None:
            narrowed["reps"] = (self.rep,)
        if self.customer is not None:
            narrowed["customers"] = (self.customer,)
        return view.narrowed(**narrowed)


@dataclass(frozen=True)
class DrillSpec:
    """What a page drills on: a metric and the column its bars show."""

    metric: str
    column: str
    last: str = "lines"
    """What the chosen customer opens on: its order lines, or (branch collect2, the
    collections page) its ledger, ``receivables.ledger_level``."""


REVENUE = DrillSpec("margin", "revenue")
"""The fallback where the page's metric cannot be grouped at a level."""


@dataclass(frozen=True)
class DrillLevel:
    level: str
    spec: DrillSpec
    rows: pl.DataFrame
    """Columns ``key`` and ``label`` (the next click) and the metric's columns."""
    total_lines: int = 0


def spec_at(spec: DrillSpec, level: str) -> DrillSpec:
    by = "customer" if level == "customer" else level
    return spec if by in METRICS[spec.metric].groupings else REVENUE


def _key_and_label(level: str) -> tuple[pl.Expr, pl.Expr]:
    if level == "region":
        return pl.col("region"), pl.col("region")
    if level == "rep":
        return pl.col("rep_id"), name_and_id("rep_name", "rep_id")
    return pl.col("customer_id"), name_and_id("customer_name", "customer_id")


def keyed_level(frame: pl.DataFrame, level: str, spec: DrillSpec) -> DrillLevel:
    """A metric's rows grouped ``by=level`` as a drill level (``key``, ``label`` first)."""
    if level == "customer":
        # a rep's customers are those with activity for the metric; drop empty rows
        frame = frame.filter(pl.col(spec.column).is_not_null())
    key, label = _key_and_label(level)
    # one step: on a frame of a few rows a step costs a query plan (branch marg)
    return DrillLevel(level, spec, frame.select(key.alias("key"), label.alias("label"), pl.all()))


def drill_level(lake: Lake, view: View, path: DrillPath, spec: DrillSpec) -> DrillLevel:
    """The rows below ``path``: regions, a region's reps, a rep's customers, or lines."""
    narrowed = path.view(view)
    level = path.level
    if level == "lines":
        lines = order_lines(lake, narrowed)
        total = int(lines["total_lines"][0]) if lines.height else 0
        return DrillLevel(level, REVENUE, lines.drop("total_lines"), total)
    used = spec_at(spec, level)
    frame = compute_metric(
        lake,
        used.metric,
        narrowed.start,
        narrowed.end,
        narrowed.as_of,
        by=level,
        filters=narrowed.filters,
    )
    return keyed_level(frame, level, used)

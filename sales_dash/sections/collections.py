"""The collections page (回款): the total with receivables aging and the top overdue
customers; aging as it stood at any date, each month's collections as they stood at its
end, 回款周期 and DSO against their targets (issue 16), and one customer's ledger."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from sales_dash.engine.aggregates import MONEY
from sales_dash.engine.customers import (
    account_owners,
    ledger_entries,
    lines_by_basis,
    oldest_overdue,
)
from sales_dash.engine.metrics import AGING, CASH, RATE_COLUMNS
from sales_dash.engine.scope import DIMENSIONS
from sales_dash.i18n import text
from sales_dash.lake import Lake
from sales_dash.sections.drill import DrillLevel, DrillPath, DrillSpec
from sales_dash.sections.metric import view_metric
from sales_dash.sections.windows import trailing_year
from sales_dash.view import View

TOP_OVERDUE = 20


@dataclass(frozen=True)
class CollectionSection:
    total: pl.DataFrame
    top_overdue: pl.DataFrame


def overdue_customers(lake: Lake, view: View, limit: int = TOP_OVERDUE) -> pl.DataFrame:
    """The customers with the most money past due at as-of, how long the oldest is, the rep
    who owns the account and the date of the customer's last receipt by then."""
    by_customer = view_metric(lake, "collection", view, "customer")
    # the aging the metric just read (a cache hit) also knows each customer's oldest line
    days = oldest_overdue(lake, view)
    owners = account_owners(lake, view.as_of)
    overdue = pl.col("outstanding") - pl.col("not_due")
    return (
        by_customer.with_columns(overdue=overdue)
        # lines without a customer are not a customer to chase
        .filter((pl.col("overdue") > 0) & pl.col("customer_id").is_not_null())
        .join(days, on="customer_id", how="left")
        .join(owners, on="customer_id", how="left")
        .sort(["overdue", "customer_id"], descending=[True, False])
        .head(limit)
        .select(
            "customer_id",
            "customer_name",
            "rep_id",
            "rep_name",
            "overdue",
            "days_overdue",
            "last_receipt",
            "outstanding",
            "d1_30",
            "d31_60",
            "d61_90",
            "d90_plus",
            "collection_rate",
        )
    )


def collection_section(lake: Lake, view: View) -> CollectionSection:
    """回款: the total with receivables aging, and the top overdue customers (the rates by
    region and rep are the page's tabs, computed when opened)."""
    return CollectionSection(
        total=view_metric(lake, "collection", view, coverage=True),
        top_overdue=overdue_customers(lake, view),
    )


LEDGER_ENTRIES = ("line", "return", "receipt", "refund", "line_paid", "return_credit")
LEDGER_SHOWN = 200
"""A ledger's entries on screen, the newest (where its balance stands); a big customer's
whole account runs to thousands, which its download holds."""
"""The kinds of a ledger entry (sql/customer_ledger.sql); ``ledger_<kind>`` is its label."""


def aging_at(lake: Lake, view: View, as_of: dt.date, by: str) -> pl.DataFrame:
    """Receivables and their aging as they stood at ``as_of``, per region or rep, with the
    coverage that says how much of the scope carries payment data."""
    frame = view_metric(lake, "collection", view, by, as_of=as_of, columns=AGING, coverage=True)
    return frame.select(*DIMENSIONS[by], *AGING, "receivable_coverage")


def collections_by(lake: Lake, view: View, by: str) -> pl.DataFrame:
    """The collection family per region or rep, with each group's cash collected,
    回款周期 and DSO beside it (those of the groups the collection family has)."""
    frame = view_metric(lake, "collection", view, by)
    key = DIMENSIONS[by][0]
    cash = view_metric(lake, "cash", view, by).select(key, *CASH)
    return frame.join(cash, on=key, how="left", nulls_equal=True)


def monthly_collections(lake: Lake, view: View) -> pl.DataFrame:
    """Each of the 12 months ending with the period: what fell due in it and what had been
    collected on that by the month's end (as it stood then, so the trend does not drift
    when later money arrives), the money received in it, 回款周期 and DSO."""
    start, end = trailing_year(view)
    columns = RATE_COLUMNS["collection"]
    rates = view_metric(
        lake, "collection", view, "month", start=start, end=end, columns=columns,
        at_period_ends=True,
    ).select("month", *columns)  # fmt: skip
    cash = view_metric(lake, "cash", view, "month", start=start, end=end)
    return rates.join(cash, on="month", how="left")


def customer_ledger(lake: Lake, customer: str, as_of: dt.date, language: str) -> pl.DataFrame:
    """One customer's account up to ``as_of``: its lines and returns (billed), the money it
    paid (received), and the running balance (owed, less its credit), in cents; each
    entry's kind in ``language``."""
    return _ledger_shown(ledger_entries(lake, customer, as_of), language)


def latest_ledger(
    lake: Lake, customer: str, as_of: dt.date, language: str, latest: int
) -> tuple[pl.DataFrame, int]:
    """The last ``latest`` entries of ``customer_ledger`` (a screen's, each with the
    balance it has in the whole account), and how many entries the account holds."""
    frame = ledger_entries(lake, customer, as_of, latest)
    entries = int(frame.select(pl.col("entries").max()).item()) if frame.height else 0
    return _ledger_shown(frame, language), entries


def _ledger_shown(frame: pl.DataFrame, language: str) -> pl.DataFrame:
    kinds = {kind: text(f"ledger_{kind}", language) for kind in LEDGER_ENTRIES}
    return frame.drop("entries").with_columns(
        pl.col("entry").replace_strict(kinds, return_dtype=pl.String),
        pl.col("billed", "received", "balance").round(2, mode="half_away_from_zero").cast(MONEY),
    )


def ledger_level(
    lake: Lake, view: View, path: DrillPath, spec: DrillSpec, language: str
) -> DrillLevel:
    """The drill-down's last level on the collections page: the chosen customer's ledger
    up to the view's as-of (its whole account, as far as the reader's scope holds it: a
    ledger is not split by the drilled region or rep)."""
    if path.customer is None:
        raise ValueError("a ledger is the level below a chosen customer")
    rows = customer_ledger(lake, path.customer, view.as_of, language)
    return DrillLevel("ledger", spec, rows, rows.height)


BASES = ("receipts", "line", "unknown")
"""Where a line's collections come from (sql/collection_basis.sql), in the order named."""


def collection_basis(lake: Lake, view: View, language: str) -> str:
    """Which source the view's collections come from, for the page to say: the count of
    booked lines up to as-of settled by receipts, by their own paid columns, or unknown."""
    lines = lines_by_basis(lake, view)
    parts = [
        text("collection_basis_part", language, basis=text(f"collection_basis_{basis}", language),
             count=f"{lines[basis]:,}")
        for basis in BASES
        if lines.get(basis)
    ]  # fmt: skip
    return text("collection_basis_note", language, as_of=view.as_of, parts=" · ".join(parts))

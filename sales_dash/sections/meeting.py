"""The weekly meeting (周例会): this week against last week, month-to-date pacing per
region, the best and worst reps, the week's biggest orders, the worst overdue accounts,
and headline sentences written from those numbers in the chosen language.

The meeting always looks at the week and the month holding the as-of date; the sidebar's
region, rep, category and product filters still apply, and the headlines name that scope
(``scope_name``): "整体" / "Company" only for an unfiltered meeting of a reader who sees
the whole company.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from sales_dash.access import Access
from sales_dash.engine.lines import top_orders
from sales_dash.engine.metrics import compute_metric
from sales_dash.engine.options import key_label
from sales_dash.engine.unknowns import none_known
from sales_dash.filters import Filters
from sales_dash.i18n import format_money, format_percent, text
from sales_dash.lake import Lake
from sales_dash.periods import month_end, month_start
from sales_dash.sections.collections import overdue_customers
from sales_dash.sections.overview import relative_change
from sales_dash.view import View, iso_week

SECTIONS = ("headlines", "week", "pacing", "reps", "orders", "overdue")
TOP_REPS = 5
BIGGEST_ORDERS = 10
WORST_OVERDUE = 10


@dataclass(frozen=True)
class Week:
    start: dt.date
    end: dt.date
    revenue: Any
    gross_margin: float | None
    visits: int | None
    new_customers: int | None
    """None when no line of the week names its customer (unknown, not 0)."""


@dataclass(frozen=True)
class Meeting:
    as_of: dt.date
    this_week: Week
    last_week: Week
    week_by_region: pl.DataFrame
    month_view: View
    """The month holding as-of, under the sidebar's filters (pacing and drill-down)."""
    month: pl.DataFrame
    regions: pl.DataFrame
    top_reps: pl.DataFrame
    bottom_reps: pl.DataFrame
    worst_overdue: pl.DataFrame
    overdue_known: bool = True
    """False when no line of the month's scope carries payment data: the overdue list is
    then unknown, not empty."""


def _week(lake: Lake, view: View, start: dt.date, end: dt.date) -> Week:
    margin = compute_metric(lake, "margin", start, end, end, filters=view.filters).row(
        0, named=True
    )
    activity = compute_metric(
        lake,
        "activity",
        start,
        end,
        end,
        filters=view.filters,
        columns=["visits", "new_customers"],
    )
    return Week(
        start=start,
        end=end,
        revenue=margin["revenue"],
        gross_margin=margin["gross_margin"],
        visits=activity["visits"][0],
        new_customers=activity["new_customers"][0],
    )


def week_windows(as_of: dt.date) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    """This week from Monday to as-of, and the same weekdays of the week before."""
    monday, _ = iso_week(as_of)
    week = dt.timedelta(days=7)
    return (monday, as_of), (monday - week, as_of - week)


def meeting(lake: Lake, view: View) -> Meeting:
    """Everything the meeting page shows, for the week and month holding ``view.as_of``."""
    as_of = view.as_of
    (this_start, this_end), (last_start, last_end) = week_windows(as_of)
    by_week = []
    for start, end, column in (
        (this_start, this_end, "this_week"),
        (last_start, last_end, "last_week"),
    ):
        frame = compute_metric(lake, "margin", start, end, end, by="region", filters=view.filters)
        by_week.append(frame.select("region", pl.col("revenue").alias(column)))
    week_by_region = (
        by_week[0]
        .join(by_week[1], on="region", how="full", coalesce=True)
        .with_columns(pl.col("this_week", "last_week").fill_null(0))
        .sort("this_week", descending=True)
    )
    month = View(month_start(as_of), month_end(as_of), as_of, view.filters, view.comparison)

    def attainment(by: str | None) -> pl.DataFrame:
        return compute_metric(
            lake, "attainment", month.start, month.end, as_of, by=by, filters=view.filters
        )

    reps = attainment("rep").filter(pl.col("attainment").is_not_null())
    ranked = reps.sort(["attainment", "rep_id"], descending=[True, False])
    return Meeting(
        as_of=as_of,
        this_week=_week(lake, view, this_start, this_end),
        last_week=_week(lake, view, last_start, last_end),
        week_by_region=week_by_region,
        month_view=month,
        month=attainment(None),
        regions=attainment("region").sort("attainment", descending=True, nulls_last=True),
        top_reps=ranked.head(TOP_REPS),
        bottom_reps=ranked.tail(TOP_REPS).reverse(),
        worst_overdue=overdue_customers(lake, month, WORST_OVERDUE),
        overdue_known=not none_known(
            compute_metric(
                lake, "collection", month.start, month.end, as_of, filters=view.filters,
                coverage=True,
            ),
            "receivable_coverage",
        ),
    )  # fmt: skip


def biggest_orders(lake: Lake, view: View) -> pl.DataFrame:
    """This week's biggest orders (the orders section's list, read only when it is shown)."""
    (this_start, this_end), _ = week_windows(view.as_of)
    return top_orders(lake, this_start, this_end, view.filters, BIGGEST_ORDERS)


def pacing_sentence(name: str, attainment: float | None, gap: float | None, language: str) -> str:
    """'华东本月达成 92.3%，落后时间进度 4.1 个百分点' (or ahead of it, or on it)."""
    if attainment is None or gap is None:
        return text("say_no_quota", language, name=name)
    points = f"{abs(gap) * 100:.1f}"
    key = "say_behind" if gap < -0.0005 else "say_ahead" if gap > 0.0005 else "say_on_time"
    return text(key, language, name=name, attainment=format_percent(attainment), points=points)


def scope_name(
    filters: Filters,
    access: Access | None,
    language: str,
    rep_names: Mapping[str, str | None] | None = None,
) -> str | None:
    """What the meeting looks at, as its headlines name it ("华东", "华东、华南 · 家电");
    None for the whole company. Without a region or rep filter a restricted reader's
    meeting is their own regions' or reps'."""
    names = rep_names or {}
    regions = filters.regions or sorted((access and access.regions) or ())
    reps = filters.reps or sorted((access and access.reps) or ())
    joiner = "、" if language == "zh" else ", "
    parts = [
        joiner.join(key_label(r, language) for r in regions),
        joiner.join(names.get(r) or key_label(r, language) for r in reps),
        joiner.join(filters.categories),
        joiner.join(filters.products),
    ]
    return " · ".join(part for part in parts if part) or None


def headlines(data: Meeting, language: str, scope: str | None = None) -> list[str]:
    """The sentences the presenter opens with, written from the meeting's numbers and
    naming its scope (``scope_name``; None: the whole company)."""
    total = data.month.row(0, named=True)
    name = scope or text("whole_team", language)
    lines = [
        text(
            "say_month_total",
            language,
            name=name,
            revenue=format_money(total["revenue"], language),
            progress=format_percent(total["time_progress"]),
        ),
    ]
    if total["quota"] is None:
        # no quotas loaded for the month: one reason, not a "no quota" line per region
        lines.append(text("unknown_no_quotas", language))
    else:
        lines.append(pacing_sentence(name, total["attainment"], total["pacing_gap"], language))
        # one region would only say the scope's sentence again
        for row in data.regions.iter_rows(named=True) if data.regions.height > 1 else ():
            region = key_label(row["region"], language)
            lines.append(pacing_sentence(region, row["attainment"], row["pacing_gap"], language))
    change = relative_change(data.this_week.revenue, data.last_week.revenue)
    lines.append(
        text(
            "say_week",
            language,
            name=name,
            revenue=format_money(data.this_week.revenue, language),
            change=format_percent(change, points=False, signed=True),
        )
    )
    if data.top_reps.height:
        best = data.top_reps.row(0, named=True)
        worst = data.bottom_reps.row(0, named=True)
        lines.append(
            text(
                "say_best_worst",
                language,
                best=best["rep_name"] or best["rep_id"],
                best_value=format_percent(best["attainment"]),
                worst=worst["rep_name"] or worst["rep_id"],
                worst_value=format_percent(worst["attainment"]),
            )
        )
    if data.worst_overdue.height:
        row = data.worst_overdue.row(0, named=True)
        lines.append(
            text(
                "say_overdue",
                language,
                customer=row["customer_name"] or row["customer_id"],
                amount=format_money(row["overdue"], language),
                days=row["days_overdue"],
            )
        )
    return lines

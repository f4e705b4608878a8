"""The meeting as a document: one page per meeting section, every text already written in
the language, so that the HTML, PDF and PPTX renderers only lay it out.

Built from the meeting page's own data (``sales_dash.sections.meeting``): the numbers of the pack
are the numbers on the screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import polars as pl

from sales_dash.catalogue import Kind, money_scale, names_of
from sales_dash.engine.options import key_label
from sales_dash.filters import Filters
from sales_dash.i18n import NULL, TEXTS, column_label, format_money, format_percent, text
from sales_dash.lake import Lake
from sales_dash.money import unit_label
from sales_dash.periods import month_end, month_start
from sales_dash.sections.meeting import (
    SECTIONS,
    Meeting,
    biggest_orders,
    headlines,
    meeting,
    scope_name,
)
from sales_dash.sections.overview import relative_change
from sales_dash.view import View


class ActionItem(Protocol):
    """An action item as the meeting's notes store records it: what, owner rep (id or
    name), due date and status (``open`` or ``done``)."""

    @property
    def what(self) -> str: ...
    @property
    def owner(self) -> str: ...
    @property
    def due(self) -> dt.date | None: ...
    @property
    def status(self) -> str: ...


@dataclass(frozen=True)
class SectionNotes:
    """A section's note and action items: the hook for the meeting's notes store."""

    note: str = ""
    actions: tuple[ActionItem, ...] = ()


class MeetingNotesLike(Protocol):
    """A meeting's notes as its store keeps them: a note per section, items by section."""

    @property
    def notes(self) -> Mapping[str, str]: ...
    def section_items(self, section: str) -> Sequence[ActionItem]: ...


def notes_by_section(notes: MeetingNotesLike) -> dict[str, SectionNotes]:
    """The store's notes as ``build_pack`` takes them, section by section."""
    return {
        section: SectionNotes(notes.notes.get(section, ""), tuple(notes.section_items(section)))
        for section in SECTIONS
    }


@dataclass(frozen=True)
class Bars:
    """A bar chart: categories along the bottom, one bar per series in each."""

    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    labels: tuple[tuple[str, ...], ...]
    """Each bar's value as written above it (money in its unit, a percentage)."""
    reference: tuple[float, str] | None = None
    """A level drawn across the bars and its label (time elapsed, on attainment)."""


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = ""
    """What the table says when it has no rows (none, or unknown: never a blank)."""


@dataclass(frozen=True)
class Page:
    section: str
    title: str
    lines: tuple[str, ...] = ()
    chart: Bars | None = None
    tables: tuple[Table, ...] = ()
    notes: SectionNotes = field(default_factory=SectionNotes)


@dataclass(frozen=True)
class Pack:
    language: str
    title: str
    scope: str
    """'华东 · 本月 · 截至 11-28': on every page."""
    as_of: dt.date
    headlines: tuple[str, ...]
    pages: tuple[Page, ...]

    def footer(self, number: int) -> str:
        """'数据截至 2026-11-28 · 第 2/6 页' (``number`` counts from 1)."""
        return text(
            "pack_footer",
            self.language,
            as_of=self.as_of.isoformat(),
            page=number,
            pages=len(self.pages),
        )


def meeting_view(as_of: dt.date, filters: Filters) -> View:
    """The view the meeting page reads at ``as_of``: the month holding it, under filters."""
    return View(month_start(as_of), month_end(as_of), as_of, filters)


def scope_line(lake: Lake, filters: Filters, as_of: dt.date, language: str) -> str:
    """'华东 · 本月 · 截至 11-28': whose numbers these are (a filter, or the reader's access)."""
    access = lake.access
    regions: set[str] | None = set(filters.regions) if filters.regions else None
    if access is not None and access.regions is not None:
        regions = set(access.regions) if regions is None else regions & set(access.regions)
    reps: set[str] | None = set(filters.reps) if filters.reps else None
    if access is not None and access.reps is not None:
        reps = set(access.reps) if reps is None else reps & set(access.reps)
    if regions is not None and not regions:  # nothing in both: name the filter, never 全公司
        regions = set(filters.regions)
    if reps is not None and not reps:
        reps = set(filters.reps)
    joiner = "、" if language == "zh" else ", "
    who = joiner.join(key_label(r, language) for r in sorted(regions or ()))
    parts = [who] if who else []
    if reps is not None:
        parts.append(text("pack_reps", language, reps=", ".join(sorted(reps))))
    if not parts:
        parts.append(text("pack_all_regions", language))
    parts.append(text("pack_this_month", language))
    parts.append(text("pack_as_of", language, date=as_of.strftime("%m-%d")))
    return " · ".join(parts)


def _money_bars(frame: pl.DataFrame, language: str, series: Sequence[tuple[str, str]]) -> Bars:
    categories = tuple(key_label(r, language) for r in frame["region"])
    values = tuple((name, tuple(_float(v) for v in frame[column])) for column, name in series)
    labels = tuple(tuple(format_money(v, language) for v in frame[column]) for column, _ in series)
    return Bars(categories, values, labels)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


# the kinds of columns come from the catalogue (branch catalogue, issue 12)
MONEY = names_of(Kind.MONEY)
RATIOS = names_of(Kind.RATIO)


def money_unit_of(frame: pl.DataFrame, language: str) -> tuple[float, str, int]:
    """One money unit for a whole table: divisor, unit (万, 亿, K, M or "") and decimals.

    The screen's rule (``sales_dash.catalogue.money_scale``): the unit of the largest
    amount, with the decimals that keep the smallest non-zero one from reading 0.
    """
    amounts = [v for c in frame.columns if c in MONEY for v in frame[c].cast(pl.Float64)]
    scale = money_scale(amounts, language)
    return scale.divisor, scale.unit, scale.decimals


def _cells(
    frame: pl.DataFrame, language: str, divisor: float, decimals: int
) -> tuple[tuple[str, ...], ...]:
    """Each row as a person reads it: money in the table's unit, ratios in %."""
    rows = []
    for row in frame.iter_rows(named=True):
        cells = []
        for column, value in row.items():
            if value is None:
                cells.append(NULL)
            elif column in MONEY:
                cells.append(f"{float(value) / divisor:,.{decimals}f}")
            elif column in RATIOS:
                cells.append(format_percent(value))
            elif column == "pacing_gap":
                cells.append(format_percent(value, points=True))
            elif column == "region":
                cells.append(key_label(value, language))
            elif isinstance(value, int):
                cells.append(f"{value:,}")
            else:
                cells.append(str(value))
        rows.append(tuple(cells))
    return tuple(rows)


def _table(frame: pl.DataFrame, title: str, language: str, empty: str = "") -> Table:
    """A table whose money columns share one unit, named in their headers (销售额（万元）)."""
    divisor, unit, decimals = money_unit_of(frame, language)
    named = unit_label(unit, language)
    headers = tuple(
        (f"{column_label(c, language)}（{named}）" if language == "zh"
         else f"{column_label(c, language)} ({named})")
        if c in MONEY
        else column_label(c, language)
        for c in frame.columns
    )  # fmt: skip
    return Table(title, headers, _cells(frame, language, divisor, decimals), empty)


def _week_lines(data: Meeting, language: str) -> tuple[str, ...]:
    this, last = data.this_week, data.last_week
    change = relative_change(this.revenue, last.revenue)
    revenue = f"{text('revenue', language)}: {format_money(this.revenue, language)}"
    if change is not None:
        revenue += f" ({format_percent(change, signed=True)})"
    lines = [
        f"{revenue} · {text('pack_vs_last', language, value=format_money(last.revenue, language))}",
        f"{text('gross_margin', language)}: {format_percent(this.gross_margin)} · "
        + text("pack_vs_last", language, value=format_percent(last.gross_margin)),
    ]
    for name in ("visits", "new_customers"):
        now, before = getattr(this, name), getattr(last, name)
        now_text = NULL if now is None else f"{now:,}"
        before_text = NULL if before is None else f"{before:,}"
        lines.append(
            f"{text(name, language)}: {now_text} · "
            + text("pack_vs_last", language, value=before_text)
        )
    return tuple(lines)


def _pacing_chart(data: Meeting, language: str) -> Bars | None:
    regions = data.regions.filter(pl.col("attainment").is_not_null())
    if not regions.height:
        return None
    progress = data.month.row(0, named=True)["time_progress"]
    reference = (
        (float(progress), text("pack_time_progress", language, value=format_percent(progress)))
        if progress is not None
        else None
    )
    return Bars(
        categories=tuple(key_label(r, language) for r in regions["region"]),
        series=((text("attainment", language), tuple(_float(v) for v in regions["attainment"])),),
        labels=(tuple(format_percent(v) for v in regions["attainment"]),),
        reference=reference,
    )


def build_pack(
    lake: Lake,
    view: View,
    language: str,
    notes: Mapping[str, SectionNotes] | None = None,
) -> Pack:
    """The meeting of ``view.as_of`` under ``view.filters``, read through ``lake`` (scoped to
    the reader's access when it is one); ``notes`` by section name (``meeting.SECTIONS``)."""
    data = meeting(lake, view)
    # the headlines name what the pack looks at ("华东本月达成…"), never "整体" for a part
    said = tuple(headlines(data, language, scope_name(view.filters, lake.access, language)))
    notes = notes or {}
    rep_columns = ("rep_name", "revenue", "attainment", "pacing_gap")
    orders = biggest_orders(lake, view).select(
        "order_id", "order_date", "customer_name", "rep_name", "region", "revenue", "gross_profit"
    )
    overdue = data.worst_overdue.select(
        pl.col("rep_name").fill_null(pl.col("rep_id")),
        "customer_name",
        "overdue",
        "days_overdue",
        "last_receipt",
        "outstanding",
    )
    overdue_empty = text("no_overdue" if data.overdue_known else "unknown_no_payments", language)
    pacing = data.regions.select(
        "region", "revenue", "quota", "attainment", "time_progress", "pacing_gap"
    )
    content: dict[str, dict[str, Any]] = {
        "headlines": {"lines": said},
        "week": {
            "lines": _week_lines(data, language),
            "chart": _money_bars(
                data.week_by_region,
                language,
                (
                    ("this_week", text("this_week", language)),
                    ("last_week", text("last_week", language)),
                ),
            ),
        },
        "pacing": {
            "chart": _pacing_chart(data, language),
            "tables": (_table(pacing, "", language),),
        },
        "reps": {
            "tables": tuple(
                _table(frame.select(rep_columns), text(key, language), language)
                for frame, key in ((data.top_reps, "top_reps"), (data.bottom_reps, "bottom_reps"))
            )
        },
        "orders": {
            "tables": (_table(orders, "", language, text("no_orders_this_week", language)),)
        },
        "overdue": {"tables": (_table(overdue, "", language, overdue_empty),)},
    }
    pages = tuple(
        Page(
            section=section,
            title=text(f"section_{section}", language),
            notes=notes.get(section, SectionNotes()),
            **content.get(section, {}),  # a section added later: its title and notes
        )
        for section in SECTIONS
    )
    return Pack(
        language=language,
        title=text("pack_title", language),
        scope=scope_line(lake, view.filters, view.as_of, language),
        as_of=view.as_of,
        headlines=said,
        pages=pages,
    )


def note_lines(notes: SectionNotes, language: str) -> tuple[str, ...]:
    """A section's note and action items as lines of text (the renderers' one wording)."""
    lines = [f"{text('pack_note', language)}: {notes.note}"] if notes.note else []
    for item in notes.actions:
        due = item.due.isoformat() if item.due else NULL
        lines.append(
            text(
                "pack_action_line",
                language,
                what=item.what,
                owner=item.owner or NULL,
                due=due,
                # open / done in the language; a status this build does not know, as is
                status=text(f"pack_status_{item.status}", language)
                if f"pack_status_{item.status}" in TEXTS
                else item.status,
            )
        )
    return tuple(lines)

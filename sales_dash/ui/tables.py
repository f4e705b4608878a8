"""Tables on screen and as downloads.

On screen, numbers stay numbers (so columns sort) and are formatted by column kind:
money in 万 / 亿 (zh) or K / M (en), ratios as percentages with one decimal, gaps in
points. Downloads keep the exact figures with translated headers, as CSV and XLSX,
formula-injection safe (``sales_dash.export``).
"""

from __future__ import annotations

from typing import Any, Literal

import polars as pl
import streamlit as st

from sales_dash.charts.style import money_unit
from sales_dash.engine.options import key_label, unassigned_as_label
from sales_dash.export import money_header, to_csv_bytes, to_xlsx_bytes
from sales_dash.i18n import NULL, TEXTS, download_name, format_money, format_percent
from sales_dash.money import currency_of, unit_label
from sales_dash.ui.frame import Context
from sales_dash.ui.safe_text import escape_markdown

MONEY = frozenset(
    {
        "revenue",
        "cost",
        "gross_profit",
        "quota",
        "forecast",
        "due_amount",
        "collected",
        "outstanding",
        "not_due",
        "d1_30",
        "d31_60",
        "d61_90",
        "d90_plus",
        "expense",
        "expense_budget",
        "market_size",
        "needed_per_day",
        "expense_per_visit",
        "overdue",
        "paid_amount",
        "this_week",
        "last_week",
        "revenue_year_before",
        "over_revenue",
        # branch collections
        "cash_collected",
        "billed",
        "received",
        "balance",
    }
)
RATIO = frozenset(
    {
        "attainment",
        "time_progress",
        "forecast_attainment",
        "gross_margin",
        "collection_rate",
        "expense_ratio",
        "budget_usage",
        "market_share",
        "retention_rate",
        "revenue_share",
        "cumulative_share",
        "discount_rate",
        "previous_share",
    }
)
POINTS = frozenset({"pacing_gap", "share_change"})
ONE_DECIMAL = frozenset({"visits_per_week", "quantity", "collection_days", "dso"})
HIDDEN = ("key", "label")
ROW_PIXELS = 35


def label_of(ctx: Context, column: str) -> str:
    return ctx.t(column) if column in TEXTS else column


def _smallest_amount(column: str) -> pl.Expr:
    sizes = pl.col(column).cast(pl.Float64).abs()
    return sizes.filter(sizes > 0).min().fill_null(0.0)


def money_format(amounts: pl.Series, language: str) -> tuple[float, str, str]:
    """The money unit of a column: the divisor, the number format, and the unit its
    header names (万元 / 万美元, $K … in the lake's currency, ``sales_dash.money``).

    One unit per column keeps it sortable; it comes from the smallest non-zero amount,
    so that no amount shows as 0 (a ¥300 line in a column of millions keeps the column
    in yuan rather than read "0.0" 万).
    """
    smallest = amounts.to_frame().select(_smallest_amount(amounts.name)).item()
    return _money_format(float(smallest), language)


def _money_format(smallest: float, language: str) -> tuple[float, str, str]:
    divisor, unit = money_unit([smallest], language)
    cents = min(2, currency_of(None).decimals)  # no fractions of a yen
    decimals = {"": cents if 0 < smallest < 1 else 0, "亿": 2, "M": 2}.get(unit, 1)
    return divisor, f"%,.{decimals}f", unit_label(unit, language)


YES, NO = "✓", "✗"
"""A boolean cell as text: a checkbox would show a null (not applicable) as unchecked."""


def _yes_no(column: str) -> pl.Expr:
    flag = pl.col(column)
    return pl.when(flag).then(pl.lit(YES)).when(~flag).then(pl.lit(NO)).alias(column)


UNASSIGNED_KEYS = frozenset({"region", "rep_id"})
"""Key columns whose lines without a value form one group, shown as 未分配 / Unassigned."""


def display(ctx: Context, frame: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, Any]]:
    """The frame as shown (scaled numbers) and its column configuration."""
    config: dict[str, Any] = {}
    shown = []
    money = [c for c in frame.columns if c in MONEY]
    # every money column's smallest amount in one pass (one Polars call per table)
    smallest = frame.select(_smallest_amount(c) for c in money).row(0) if money else ()
    smallest_of = dict(zip(money, smallest, strict=True))
    for column in frame.columns:
        if column in HIDDEN:
            continue
        label = label_of(ctx, column)
        dtype = frame.schema[column]
        expression = pl.col(column)
        if column in MONEY:
            divisor, number_format, unit = _money_format(smallest_of[column], ctx.language)
            expression = (expression.cast(pl.Float64) / divisor).alias(column)
            config[column] = st.column_config.NumberColumn(
                f"{label} ({unit})", format=number_format
            )
        elif column in RATIO:
            expression = (expression.cast(pl.Float64) * 100).alias(column)
            config[column] = st.column_config.NumberColumn(label, format="%.1f%%")
        elif column in POINTS:
            expression = (expression.cast(pl.Float64) * 100).alias(column)
            config[column] = st.column_config.NumberColumn(label, format="%+.1f pt")
        elif column in ONE_DECIMAL:
            expression = expression.cast(pl.Float64).alias(column)
            config[column] = st.column_config.NumberColumn(label, format="%,.1f")
        elif dtype == pl.Boolean:
            # null (e.g. visits on target under a product filter) shows as the placeholder —
            expression = _yes_no(column)
            config[column] = st.column_config.TextColumn(label)
        elif dtype == pl.Date:
            config[column] = st.column_config.DateColumn(label, format="YYYY-MM-DD")
        elif isinstance(dtype, pl.Datetime):
            config[column] = st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm Z")
        elif dtype.is_integer():
            config[column] = st.column_config.NumberColumn(label, format="%,d")
        else:
            if column in UNASSIGNED_KEYS:  # branch `unknown`: the lines without one
                expression = unassigned_as_label(column, ctx.language)
            config[column] = st.column_config.TextColumn(label)
        shown.append(expression)
    return frame.select(shown), config


def download_frame(ctx: Context, frame: pl.DataFrame) -> pl.DataFrame:
    """Exact figures, translated headers (money ones naming the lake's currency:
    ``销售额 (CNY)``), drill helper columns dropped."""
    kept = frame.drop([c for c in HIDDEN if c in frame.columns])
    kept = kept.with_columns(  # branch `unknown`: the group without a rep or region, named
        unassigned_as_label(c, ctx.language) for c in UNASSIGNED_KEYS if c in kept.columns
    )
    return kept.rename({c: _download_header(ctx, c) for c in kept.columns})


def _download_header(ctx: Context, column: str) -> str:
    label = label_of(ctx, column)
    return money_header(label, currency_of(None).code) if column in MONEY else label


def _money_columns(ctx: Context, frame: pl.DataFrame) -> list[str]:
    return [_download_header(ctx, c) for c in frame.columns if c in MONEY]


def table(
    ctx: Context,
    frame: pl.DataFrame,
    key: str,
    *,
    height: int | Literal["auto"] = "auto",
    empty: str | None = None,
) -> None:
    """A sortable table with CSV and XLSX downloads; a note instead when it is empty."""
    if frame.is_empty():
        st.info(empty or ctx.t("nothing_matches"), icon=":material/search_off:")
        return
    shown, config = display(ctx, frame)
    if isinstance(height, int) and ROW_PIXELS * (frame.height + 1) < height:
        height = "auto"  # a short table needs no empty rows below it
    st.dataframe(
        shown.to_arrow(),  # Streamlit would go through pandas for a Polars frame
        column_config=config,
        hide_index=True,
        height=height,
        key=f"t_{key}",
        placeholder=NULL,
    )
    downloads(ctx, frame, key)


def downloads(ctx: Context, frame: pl.DataFrame, key: str) -> None:
    """The CSV and XLSX buttons of a table (built only when clicked)."""
    view = ctx.view
    # named in the UI language, 回款_按区域_2026-11.xlsx (branch zhui)
    stem = download_name(key, ctx.language, view.start, view.end) if view else key
    buttons = st.container(horizontal=True, gap="small")
    buttons.download_button(
        ctx.t("download_csv"),
        data=lambda: to_csv_bytes(download_frame(ctx, frame)),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"csv_{key}",
        on_click="ignore",
        icon=":material/download:",
    )
    buttons.download_button(
        ctx.t("download_xlsx"),
        data=lambda: to_xlsx_bytes(
            download_frame(ctx, frame),
            sheet=key,
            money=_money_columns(ctx, frame),
            decimals=currency_of(None).decimals,
        ),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx_{key}",
        on_click="ignore",
        icon=":material/download:",
    )


def renamed(ctx: Context, frame: pl.DataFrame, prefix: str) -> pl.DataFrame:
    """Columns renamed to their ``prefix + name`` texts where such a text exists."""
    return frame.rename({c: ctx.t(prefix + c) for c in frame.columns if prefix + c in TEXTS})


def _cell_text(ctx: Context, column: str, value: object) -> str:
    if value is None:
        return NULL
    if column in UNASSIGNED_KEYS:  # branch `unknown`: the group without a rep or region
        return key_label(str(value), ctx.language)
    if column in MONEY:
        return format_money(value, ctx.language)  # type: ignore[arg-type]
    if column in RATIO:
        return format_percent(value)  # type: ignore[arg-type]
    if column in POINTS:
        return format_percent(value, points=True)  # type: ignore[arg-type]
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def big_table(ctx: Context, frame: pl.DataFrame, key: str, *, empty: str | None = None) -> None:
    """A short table for the screen-share: formatted as in the tiles, in large type
    (a static HTML table the meeting page's styles can scale), with its downloads."""
    if frame.is_empty():
        st.info(empty or ctx.t("nothing_matches"), icon=":material/search_off:")
        return
    kept = frame.drop([c for c in HIDDEN if c in frame.columns])
    # st.table renders its cells as Markdown, and names come from the data
    texts = {
        label_of(ctx, c): [
            escape_markdown(_cell_text(ctx, c, v)) for v in kept.get_column(c).to_list()
        ]
        for c in kept.columns
    }
    st.table(pl.DataFrame(texts), hide_index=True)
    downloads(ctx, frame, key)

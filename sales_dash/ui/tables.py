"""Tables on screen and as downloads.

On screen, numbers stay numbers (so columns sort) and are formatted by column kind:
money in 万 / 亿 (zh) or K / M (en), ratios as percentages with one decimal, gaps in
points. Downloads keep the exact figures with translated headers, as CSV and XLSX,
formula-injection safe (``sales_dash.export``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import polars as pl
import streamlit as st

from sales_dash.catalogue import (
    TABLE_FORMATS,
    Kind,
    column_format,
    money_scale,
    names_of,
    value_text,
    xlsx_formats,
    yes_no,
)
from sales_dash.engine.options import key_label, unassigned_as_label
from sales_dash.export import money_header, to_csv_bytes, to_xlsx_bytes
from sales_dash.i18n import NULL, TEXTS, download_name
from sales_dash.money import currency_of
from sales_dash.ui.frame import Context
from sales_dash.ui.safe_text import escape_markdown

MONEY = names_of(Kind.MONEY)
RATIO = names_of(Kind.RATIO)
POINTS = names_of(Kind.POINTS)
ONE_DECIMAL = names_of(Kind.DECIMAL)
"""The kinds of columns, from the catalogue (``sales_dash.catalogue``)."""
HIDDEN = ("key", "label")
ROW_PIXELS = 35


def label_of(ctx: Context, column: str) -> str:
    return ctx.t(column) if column in TEXTS else column


def _sizes(amounts: pl.Series) -> tuple[float, float]:
    """The largest amount of a column, and its smallest non-zero one (0 when none).

    Series methods, not a frame's ``select``: on a frame of a few rows a query plan costs
    more than the sums, and its collect lets another thread take the GIL, for up to
    Python's 5 ms switch interval while the page's prefetch threads work (branch marg)."""
    sizes = amounts.cast(pl.Float64).abs()
    largest = sizes.max()
    smallest = sizes.filter(sizes > 0).min()
    return (float(largest or 0.0), float(smallest or 0.0))  # type: ignore[arg-type]


def money_format(amounts: pl.Series, language: str) -> tuple[float, str, str]:
    """The money unit of one column: the divisor, the number format, and the unit its
    header names (万元 / 万美元, $K … in the lake's currency, ``sales_dash.money``);
    ``table_money_format`` for a whole table."""
    return _money_format(_sizes(amounts), language)


def table_money_format(frame: pl.DataFrame, language: str) -> tuple[float, dict[str, str], str]:
    """One money unit for every money column of ``frame`` (issue 14: no ¥ beside 万元 in
    one table; the rule is ``sales_dash.catalogue.money_scale``), from each column's
    largest and smallest amounts, read in one pass: the divisor, each money column's
    number format (``catalogue.column_format``), and the unit the headers name."""
    money = [c for c in frame.columns if c in MONEY]
    sizes = tuple(size for c in money for size in _sizes(frame.get_column(c)))
    scale = money_scale(sizes, language)
    formats = {c: column_format(scale, sizes[2 * i]) for i, c in enumerate(money)}
    return scale.divisor, formats, scale.header(language)


def _money_format(sizes: tuple[float, ...], language: str) -> tuple[float, str, str]:
    scale = money_scale(sizes, language)
    return scale.divisor, scale.table_format, scale.header(language)


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
    # one unit for the table's money, from all its amounts in one pass
    divisor, number_formats, unit = table_money_format(frame, ctx.language)
    for column, dtype in frame.schema.items():  # the schema once: each read builds it anew
        if column in HIDDEN:
            continue
        label = label_of(ctx, column)
        expression = pl.col(column)
        if column in MONEY:
            expression = (expression.cast(pl.Float64) / divisor).alias(column)
            config[column] = st.column_config.NumberColumn(
                f"{label} ({unit})", format=number_formats[column]
            )
        elif column in RATIO:
            expression = (expression.cast(pl.Float64) * 100).alias(column)
            config[column] = st.column_config.NumberColumn(label, format=TABLE_FORMATS[Kind.RATIO])
        elif column in POINTS:
            expression = (expression.cast(pl.Float64) * 100).alias(column)
            config[column] = st.column_config.NumberColumn(label, format=TABLE_FORMATS[Kind.POINTS])
        elif column in ONE_DECIMAL:
            expression = expression.cast(pl.Float64).alias(column)
            config[column] = st.column_config.NumberColumn(
                label, format=TABLE_FORMATS[Kind.DECIMAL]
            )
        elif dtype == pl.Boolean:
            # null (e.g. visits on target under a product filter) shows as the placeholder —
            expression = _yes_no(column)
            config[column] = st.column_config.TextColumn(label)
        elif dtype == pl.Date:
            config[column] = st.column_config.DateColumn(label, format="YYYY-MM-DD")
        elif isinstance(dtype, pl.Datetime):
            config[column] = st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm Z")
        elif dtype.is_integer():
            config[column] = st.column_config.NumberColumn(label, format=TABLE_FORMATS[Kind.COUNT])
        else:
            if column in UNASSIGNED_KEYS:  # branch `unknown`: the lines without one
                expression = unassigned_as_label(column, ctx.language)
            config[column] = st.column_config.TextColumn(label)
        shown.append(expression)
    return frame.select(shown), config


def download_frame(ctx: Context, frame: pl.DataFrame) -> pl.DataFrame:
    """Exact figures, translated headers (money ones naming the lake's currency:
    ``销售额 (CNY)``), booleans in words (是 / 否, Yes / No), drill helper columns dropped."""
    kept = frame.drop([c for c in HIDDEN if c in frame.columns])
    kept = kept.with_columns(  # branch `unknown`: the group without a rep or region, named
        unassigned_as_label(c, ctx.language) for c in UNASSIGNED_KEYS if c in kept.columns
    ).with_columns(
        pl.col(c).replace_strict(
            {True: yes_no(True, ctx.language), False: yes_no(False, ctx.language)},
            default=None,
            return_dtype=pl.String,
        )
        for c, dtype in kept.schema.items()
        if dtype == pl.Boolean
    )
    return kept.rename({c: _download_header(ctx, c) for c in kept.columns})


def download_formats(ctx: Context, frame: pl.DataFrame) -> dict[str, str]:
    """The XLSX number format of each number column, by its download header (the
    catalogue's formats: ``sales_dash.catalogue.xlsx_formats``)."""
    kept = frame.drop([c for c in HIDDEN if c in frame.columns])
    formats = xlsx_formats(kept, currency_of(None).decimals)
    return {_download_header(ctx, c): number for c, number in formats.items()}


def _download_header(ctx: Context, column: str) -> str:
    label = label_of(ctx, column)
    return money_header(label, currency_of(None).code) if column in MONEY else label


def table(
    ctx: Context,
    frame: pl.DataFrame,
    key: str,
    *,
    height: int | Literal["auto"] = "auto",
    empty: str | None = None,
    latest: int | None = None,
    whole: tuple[int, Callable[[], pl.DataFrame]] | None = None,
) -> None:
    """A sortable table with CSV and XLSX downloads; a note instead when it is empty.
    ``latest``: on screen only the last ``latest`` rows (a long ledger's newest), with a
    line saying so; the downloads hold every row. The browser draws what it is sent, and
    thousands of rows nobody scrolls to cost every page load (issue 15). ``whole``:
    ``frame`` is the last rows of a table of (rows, the function that computes it), which
    the downloads hold, computed only when one is clicked (branch ledger: a big
    customer's whole ledger is not read for the screen)."""
    if frame.is_empty():
        st.info(empty or ctx.t("nothing_matches"), icon=":material/search_off:")
        return
    on_screen = frame
    if latest is not None and frame.height > latest:
        on_screen = frame.tail(latest)
        st.caption(ctx.t("table_latest_rows", shown=f"{latest:,}", total=f"{frame.height:,}"))
    elif whole is not None and whole[0] > frame.height:
        count = f"{frame.height:,}"
        st.caption(ctx.t("table_latest_rows", shown=count, total=f"{whole[0]:,}"))
    shown, config = display(ctx, on_screen)
    if isinstance(height, int) and ROW_PIXELS * (on_screen.height + 1) < height:
        height = "auto"  # a short table needs no empty rows below it
    st.dataframe(
        shown.to_arrow(),  # Streamlit would go through pandas for a Polars frame
        column_config=config,
        hide_index=True,
        height=height,
        key=f"t_{key}",
        placeholder=NULL,
    )
    downloads(ctx, frame, key, None if whole is None else whole[1])


def downloads(
    ctx: Context, frame: pl.DataFrame, key: str, whole: Callable[[], pl.DataFrame] | None = None
) -> None:
    """The CSV and XLSX buttons of a table (built only when clicked; of ``whole()`` where
    ``frame`` is a part of it)."""

    def rows() -> pl.DataFrame:
        return frame if whole is None else whole()

    view = ctx.view
    # named in the UI language, 回款_按区域_2026-11.xlsx (branch zhui)
    stem = download_name(key, ctx.language, view.start, view.end) if view else key
    buttons = st.container(horizontal=True, gap="small")
    buttons.download_button(
        ctx.t("download_csv"),
        data=lambda: to_csv_bytes(download_frame(ctx, rows())),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"csv_{key}",
        on_click="ignore",
        icon=":material/download:",
    )
    buttons.download_button(
        ctx.t("download_xlsx"),
        data=lambda: _xlsx(ctx, rows(), key),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx_{key}",
        on_click="ignore",
        icon=":material/download:",
    )


def _xlsx(ctx: Context, frame: pl.DataFrame, key: str) -> bytes:
    return to_xlsx_bytes(
        download_frame(ctx, frame), sheet=key, formats=download_formats(ctx, frame)
    )


def renamed(ctx: Context, frame: pl.DataFrame, prefix: str) -> pl.DataFrame:
    """Columns renamed to their ``prefix + name`` texts where such a text exists."""
    return frame.rename({c: ctx.t(prefix + c) for c in frame.columns if prefix + c in TEXTS})


def _cell_text(ctx: Context, column: str, value: object) -> str:
    if value is None:
        return NULL
    if column in UNASSIGNED_KEYS:  # branch `unknown`: the group without a rep or region
        return key_label(str(value), ctx.language)
    if isinstance(value, bool):
        return YES if value else NO
    return value_text(column, value, ctx.language)


def big_table(ctx: Context, frame: pl.DataFrame, key: str, *, empty: str | None = None) -> None:
    """A short table for the screen-share: formatted as in the tiles, in large type
    (a static HTML table the meeting page's styles can scale), with its downloads."""
    if frame.is_empty():
        st.info(empty or ctx.t("nothing_matches"), icon=":material/search_off:")
        return
    kept = frame.drop([c for c in HIDDEN if c in frame.columns])
    # one money unit for the table, named in its headers (issue 14: no ¥1.1万 beside ¥8,097)
    divisor, number_formats, unit = table_money_format(kept, ctx.language)

    def cell(column: str, value: object) -> str:
        if column in MONEY and value is not None:
            # the printf format of the screen's tables, as Python formats it
            number_format = number_formats[column].removeprefix("%")
            return f"{float(value) / divisor:{number_format}}"  # type: ignore[arg-type]
        return _cell_text(ctx, column, value)

    # st.table renders its cells as Markdown, and names come from the data
    texts = {
        (f"{label_of(ctx, c)} ({unit})" if c in MONEY else label_of(ctx, c)): [
            escape_markdown(cell(c, v)) for v in kept.get_column(c).to_list()
        ]
        for c in kept.columns
    }
    st.table(pl.DataFrame(texts), hide_index=True)
    downloads(ctx, frame, key)

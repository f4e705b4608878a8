"""The choices of the sidebar's multi-selects, each narrowed by the selections above it.

Region narrows the reps; region and rep narrow the categories; category narrows the
products. The options come from one small frame of distinct combinations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from sales_dash.engine.db import run_query
from sales_dash.i18n import text
from sales_dash.lake import Lake
from sales_dash.schema import UNASSIGNED


@dataclass(frozen=True)
class FilterOptions:
    regions: tuple[str, ...]
    reps: tuple[str, ...]
    categories: tuple[str, ...]
    products: tuple[str, ...]
    rep_names: dict[str, str]
    """rep_id -> the rep's latest name (for labels)."""


def option_frame(lake: Lake) -> pl.DataFrame:
    """Distinct region, rep_id, category, product combinations, with rep names."""
    combos = run_query(lake, "filter_options")
    names = run_query(lake, "rep_names")
    return combos.join(names, on="rep_id", how="left")


def rep_names(lake: Lake) -> pl.DataFrame:
    """rep_id -> the rep's latest name."""
    return run_query(lake, "rep_names")


def rep_regions(lake: Lake) -> pl.DataFrame:
    """rep_id -> the region(s) the rep sold in or had quota for, joined by '/'."""
    combos = run_query(lake, "filter_options").select("rep_id", "region").unique()
    return combos.group_by("rep_id").agg(pl.col("region").sort().str.join("/"))


def _values(frame: pl.DataFrame, column: str) -> tuple[str, ...]:
    series = frame.get_column(column).drop_nulls().unique().sort()
    return tuple(str(v) for v in series.to_list())


def _within(frame: pl.DataFrame, column: str, chosen: tuple[str, ...]) -> pl.DataFrame:
    return frame.filter(pl.col(column).is_in(list(chosen))) if chosen else frame


def narrow_options(
    combos: pl.DataFrame,
    regions: tuple[str, ...] = (),
    reps: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
) -> FilterOptions:
    """The options of each multi-select given the selections above it."""
    in_regions = _within(combos, "region", regions)
    in_reps = _within(in_regions, "rep_id", reps)
    products = _within(in_reps, "category", categories)
    rep_rows = in_regions.select("rep_id", "rep_name").unique().drop_nulls("rep_id")
    names = {
        str(rep): str(name) if name is not None else str(rep) for rep, name in rep_rows.iter_rows()
    }
    return FilterOptions(
        regions=_values(combos, "region"),
        reps=tuple(sorted(names)),
        categories=_values(in_reps.filter(pl.col("category") != ""), "category"),
        products=_values(products.filter(pl.col("product") != ""), "product"),
        rep_names=names,
    )


def filter_choices(
    lake: Lake,
    regions: tuple[str, ...] = (),
    reps: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
) -> FilterOptions:
    """``narrow_options`` over the lake's combinations: a function of the lake and the
    selections, so the sidebar keeps each answer per data version instead of narrowing
    on every rerun."""
    return narrow_options(option_frame(lake), regions, reps, categories)


def key_label(key: str | None, language: str) -> str:
    """How a region or rep id reads: itself, or 未分配 / Unassigned for the lines that
    carry none (``schema.UNASSIGNED``)."""
    if key is None or key == UNASSIGNED:
        return text("unassigned", language)
    return key


def unassigned_as_label(column: str, language: str) -> pl.Expr:
    """``column`` with the unassigned key read as 未分配 / Unassigned, for labels."""
    unassigned = pl.col(column).is_null() | (pl.col(column) == UNASSIGNED)
    label = pl.lit(text("unassigned", language))
    return pl.when(unassigned).then(label).otherwise(pl.col(column)).alias(column)


NAME_AND_ID = "{name} ({key})"
"""How a thing reads where its name alone may not tell it apart (a rep, a customer, two
fields of one label): the one home of the rule, for one value (``name_with_id``) and per
row of a frame (``name_and_id``)."""


def name_with_id(name: str | None, key: str) -> str:
    """'name (id)', or the id alone where the name is missing or is the id itself: never
    'S002 (S002)'."""
    return NAME_AND_ID.format(name=name, key=key) if name and name != key else key


def rep_label(rep_id: str, names: Mapping[str, str | None]) -> str:
    """How a rep reads in a selector (and in the URL): 'name (id)'."""
    return name_with_id(names.get(rep_id), rep_id)


def name_and_id(name: str, key: str) -> pl.Expr:
    """``name_with_id`` per row."""
    named = (pl.col(name).fill_null("") != "") & (pl.col(name) != pl.col(key))
    both = pl.format(NAME_AND_ID.format(name="{}", key="{}"), pl.col(name), pl.col(key))
    return pl.when(named).then(both).otherwise(pl.col(key))


def with_rep_label(frame: pl.DataFrame, language: str = "zh") -> pl.DataFrame:
    """Add ``label`` = 'name (id)' to a frame grouped by rep (for chart axes); the lines
    without a rep read 未分配 / Unassigned."""
    unassigned = pl.col("rep_id").is_null() | (pl.col("rep_id") == UNASSIGNED)
    named = name_and_id("rep_name", "rep_id")
    return frame.with_columns(
        label=pl.when(unassigned).then(pl.lit(text("unassigned", language))).otherwise(named)
    )


def charted(frame: pl.DataFrame, by: str, language: str = "zh") -> tuple[pl.DataFrame, str]:
    """A frame grouped ``by`` a dimension and the column its chart's bars are named by:
    reps read 'name (id)', the unassigned region 未分配 / Unassigned, every other
    dimension its own value."""
    if by == "rep":
        return with_rep_label(frame, language), "label"
    if by == "region" and frame["region"].is_in([UNASSIGNED]).any():
        return frame.with_columns(label=unassigned_as_label("region", language)), "label"
    return frame, by

"""Cached access to the lake for pages. Caches key on the lake's data version, never on time."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from sales_dash.demo import build_demo
from sales_dash.headline import Headline, current_month, headline
from sales_dash.lake import Lake
from sales_dash.metrics import compute_metric
from sales_dash.scope import Filters
from sales_dash.settings import PROJECT_ROOT, data_dir, setting

DEFAULT_LAKE = PROJECT_ROOT / "data" / "lake"


@st.cache_resource(show_spinner=False)
def _ensure_demo(root: str) -> None:
    """On first start of the bundled lake, build the demo company so the app is alive."""
    lake = Lake(root)
    if lake.version == 0:
        build_demo(lake, seed=int(setting("demo_seed")), rows=int(setting("demo_rows")))


def open_lake() -> Lake:
    """The configured lake; the default one gets demo data the first time."""
    lake = Lake(data_dir())
    if lake.root.resolve() == DEFAULT_LAKE.resolve() and lake.version == 0:
        with st.spinner("正在生成演示数据… Building the demo data…"):
            _ensure_demo(str(lake.root))
    return lake


@st.cache_data(show_spinner=False, max_entries=512)
def _metric(
    root: str,
    version: int,
    name: str,
    start: dt.date,
    end: dt.date,
    as_of: dt.date | None,
    by: str | None,
    filters: Filters,
) -> pl.DataFrame:
    return compute_metric(Lake(root), name, start, end, as_of, by, filters)


def metric(
    lake: Lake,
    name: str,
    start: dt.date,
    end: dt.date,
    as_of: dt.date | None = None,
    by: str | None = None,
    filters: Filters | None = None,
) -> pl.DataFrame:
    return _metric(str(lake.root), lake.version, name, start, end, as_of, by, filters or Filters())


@st.cache_data(show_spinner=False, max_entries=64)
def _current_month(root: str, version: int) -> tuple[dt.date, dt.date, dt.date] | None:
    return current_month(Lake(root))


def latest_month(lake: Lake) -> tuple[dt.date, dt.date, dt.date] | None:
    return _current_month(str(lake.root), lake.version)


@st.cache_data(show_spinner=False, max_entries=256)
def _headline(
    root: str, version: int, start: dt.date, end: dt.date, as_of: dt.date, filters: Filters
) -> Headline:
    return headline(Lake(root), start, end, as_of, filters)


def period_headline(
    lake: Lake, start: dt.date, end: dt.date, as_of: dt.date, filters: Filters | None = None
) -> Headline:
    return _headline(str(lake.root), lake.version, start, end, as_of, filters or Filters())

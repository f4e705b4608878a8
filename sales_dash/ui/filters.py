"""The global sidebar filters, kept in the URL so that a copied link opens the same view.

Each widget is bound to a query parameter (``bind="query-params"``: the URL holds the
option's label) and persists across page switches (``persist_state="session"``). A value
in the URL that is not a valid option falls back to the default; the URL the session
opened with is remembered so that the sidebar can say which values it ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import streamlit as st

from sales_dash.engine.date_window import as_of_within_window
from sales_dash.engine.options import FilterOptions, filter_choices, key_label, rep_label
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from sales_dash.periods import month_end, month_start
from sales_dash.schema import UNASSIGNED
from sales_dash.ui.data import cached, latest_date
from sales_dash.ui.frame import LANGUAGE_NAMES, VIEW_KEY, Context
from sales_dash.ui.safe_text import escape_markdown
from sales_dash.view import COMPARISONS, PRESETS, View, preset_period

URL_SNAPSHOT = "_url_snapshot"
URL_PENDING = "_url_pending"
URL_NOTICES = "_url_notices"
EARLIEST = dt.date(2000, 1, 1)
LATEST_KEY = "_latest_date"
MULTI_KEYS = ("region", "rep", "category", "product")


def snapshot_url() -> None:
    """Remember the URL the session opened with, before bound widgets correct it."""
    if URL_SNAPSHOT not in st.session_state:
        st.session_state[URL_SNAPSHOT] = {k: st.query_params.get_all(k) for k in st.query_params}
        st.session_state[URL_PENDING] = True
        st.session_state[URL_NOTICES] = []


def check_url(key: str, label: str, valid: Callable[[str], bool]) -> None:
    """On the session's first run, note the URL values of ``key`` that are not valid."""
    if not st.session_state.get(URL_PENDING):
        return
    raw = st.session_state.get(URL_SNAPSHOT, {}).get(key, [])
    bad = [value for value in raw if value != "" and not valid(value)]
    if bad:
        st.session_state[URL_NOTICES].append((label, ", ".join(bad)))


def url_notices(ctx: Context) -> None:
    """Say which URL values were ignored (first run only), then stop checking."""
    if st.session_state.get(URL_PENDING):
        for label, values in st.session_state.get(URL_NOTICES, []):
            notice = ctx.t("url_fallback", field=label, value=escape_markdown(values))
            st.sidebar.warning(notice, icon=":material/warning:")
        st.session_state[URL_PENDING] = False


def check_language(ctx: Context) -> None:
    check_url("lang", ctx.t("language"), lambda v: v in LANGUAGE_NAMES.values())


def _labels(items: Iterable[str], format_func: Callable[[str], str]) -> set[str]:
    return {format_func(item) for item in items}


def _is_date(value: str, low: dt.date, high: dt.date) -> bool:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return False
    return low <= day <= high


def _choice(ctx: Context, key: str, options_: tuple[str, ...], prefix: str, default: str) -> str:
    def label(option: str) -> str:
        return ctx.t(f"{prefix}{option}")

    check_url(key, ctx.t(key), lambda v: v in _labels(options_, label))
    chosen = st.sidebar.selectbox(
        ctx.t(key),
        options_,
        index=options_.index(default),
        format_func=label,
        key=key,
        help=ctx.t(f"{key}_help"),
        placeholder=ctx.t("choose_option"),
        bind="query-params",
        persist_state="session",
    )
    return chosen or default


def _multi(
    ctx: Context, key: str, choices: tuple[str, ...], label: Callable[[str], str]
) -> tuple[str, ...]:
    check_url(key, ctx.t(key), lambda v: v in _labels(choices, label))
    picked = st.sidebar.multiselect(
        ctx.t(key),
        choices,
        format_func=label,
        key=key,
        placeholder=ctx.t("all"),
        help=ctx.t(f"{key}_help"),
        # nothing picked is all already; Streamlit's "Select all" has no other language
        select_all=False,
        bind="query-params",
        persist_state="session",
    )
    return tuple(v for v in picked if v in choices)


def _follow_new_data(latest: dt.date) -> None:
    """When an upload brings a later order date, an as-of left at its default moves with it."""
    previous = st.session_state.get(LATEST_KEY)
    st.session_state[LATEST_KEY] = latest
    if previous is not None and previous != latest and st.session_state.get("asof") == previous:
        st.session_state["asof"] = latest


def _reset(latest: dt.date) -> None:
    st.session_state["period"] = "this_month"
    st.session_state["asof"] = latest
    st.session_state["cmp"] = "previous"
    for key in MULTI_KEYS:
        st.session_state[key] = []


def _choices(
    lake: Lake,
    regions: tuple[str, ...] = (),
    reps: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
) -> FilterOptions:
    """The multi-selects' options under the selections above them, kept per data version
    and selection; keyed by all three, so that a selection left empty (no rep picked)
    reuses the narrowing above it instead of narrowing the same rows again under a key of
    its own (branch marg: one narrowing for a new region, three before)."""
    return cached(filter_choices, lake, regions, reps, categories)


def sidebar_filters(ctx: Context, lake: Lake) -> View | None:
    """Draw the filters and return the view they describe (None for a lake with no orders)."""
    latest = cached(as_of_within_window, lake, latest_date(lake), dt.date.today())
    if latest is None:
        st.session_state[VIEW_KEY] = None
        return None
    sidebar = st.sidebar
    sidebar.subheader(ctx.t("filters"))
    preset = _choice(ctx, "period", PRESETS, "preset_", "this_month")
    high = dt.date(latest.year + 2, 12, 31)
    _follow_new_data(latest)
    check_url("asof", ctx.t("asof"), lambda v: _is_date(v, EARLIEST, high))
    as_of = sidebar.date_input(
        ctx.t("asof"),
        value=latest,
        min_value=EARLIEST,
        max_value=high,
        key="asof",
        help=ctx.t("asof_help", latest=latest.isoformat()),
        format="YYYY-MM-DD",
        bind="query-params",
        persist_state="session",
    )
    as_of = as_of if isinstance(as_of, dt.date) else latest
    custom = None
    if preset == "custom":
        check_url("range", ctx.t("range"), lambda v: _is_date(v, EARLIEST, high))
        picked = sidebar.date_input(
            ctx.t("range"),
            value=(month_start(as_of), month_end(as_of)),
            min_value=EARLIEST,
            max_value=high,
            key="range",
            format="YYYY-MM-DD",
            bind="query-params",
            persist_state="session",
        )
        days = [d for d in (picked if isinstance(picked, tuple | list) else [picked]) if d]
        custom = (days[0], days[-1]) if days else (month_start(as_of), month_end(as_of))
    start, end = preset_period(preset, as_of, custom)

    def compare_label(option: str) -> str:
        return ctx.t(f"cmp_{option}")

    check_url("cmp", ctx.t("cmp"), lambda v: v in _labels(COMPARISONS, compare_label))
    comparison = sidebar.segmented_control(
        ctx.t("cmp"),
        COMPARISONS,
        default="previous",
        required=True,
        format_func=compare_label,
        key="cmp",
        help=ctx.t("cmp_help"),
        bind="query-params",
        persist_state="session",
    )
    # branch `unknown`: the lines without a region or rep read 未分配 / Unassigned
    regions = _multi(ctx, "region", _choices(lake).regions, lambda r: key_label(r, ctx.language))
    narrowed = _choices(lake, regions)

    def rep_option(rep: str) -> str:
        return (
            key_label(rep, ctx.language)
            if rep == UNASSIGNED
            else rep_label(rep, narrowed.rep_names)
        )

    reps = _multi(ctx, "rep", narrowed.reps, rep_option)
    narrowed = _choices(lake, regions, reps)
    categories = _multi(ctx, "category", narrowed.categories, str)
    narrowed = _choices(lake, regions, reps, categories)
    products = _multi(ctx, "product", narrowed.products, str)
    sidebar.caption(ctx.t("period_caption", start=start, end=end, as_of=as_of))
    sidebar.button(ctx.t("reset_filters"), on_click=_reset, args=(latest,), key="reset")
    view = View(
        start=start,
        end=end,
        as_of=as_of,
        filters=Filters(regions=regions, reps=reps, categories=categories, products=products),
        comparison=comparison or "previous",
    )
    st.session_state[VIEW_KEY] = view
    return view

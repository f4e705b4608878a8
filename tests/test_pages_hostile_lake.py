"""Every page under AppTest on lakes a malicious or broken upload could leave (issue 13):
dates at the ends of the calendar, and names that are Markdown links and images.

Pages must run without an exception or error box, the default as-of must not move to a
date outside the window, and no user-supplied string may render as a link or an image.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from sales_dash.demo import build_demo
from sales_dash.ingest import ingest_file
from sales_dash.ingest.history import upload_history
from sales_dash.lake import Lake, month_expr
from sales_dash.schema import TABLES
from sales_dash.settings import PROJECT_ROOT
from sales_dash.ui.safe_text import escape_markdown
from sales_dash.view import COMPARISONS, PRESETS

APP = str(PROJECT_ROOT / "app.py")
BUILT = dt.date(2026, 11, 23)
FAR, EARLY = dt.date(9999, 12, 31), dt.date(1, 1, 1)
PAGES = sorted(f"pages/{p.name}" for p in (PROJECT_ROOT / "pages").glob("*.py"))


def _hostile_dates(lake: Lake) -> None:
    """An order, a visit, a quota and a market row at each end of the calendar, written
    straight into the lake as a broken upload (or a hand edit) would leave them."""
    order = lake.read_table("orders", ["2026-11"]).head(1)
    visit = lake.read_table("visits", ["2026-11"]).head(1)
    quota = lake.read_table("quotas", ["2026-11"]).head(1)
    market = lake.read_table("market", ["2026-11"]).head(1)
    changes: dict[str, dict[str, pl.DataFrame | None]] = {}
    for tag, day in (("FAR", FAR), ("EARLY", EARLY)):
        month = day.strftime("%Y-%m")
        dates = {"order_date": day, "due_date": day, "paid_date": day}
        changes.setdefault("orders", {})[month] = order.with_columns(
            order_id=pl.lit(tag), status=pl.lit(""), **{k: pl.lit(v) for k, v in dates.items()}
        )
        changes.setdefault("visits", {})[month] = visit.with_columns(
            visit_id=pl.lit(tag), visit_date=pl.lit(day)
        )
        changes.setdefault("quotas", {})[month] = quota.with_columns(month=pl.lit(month))
        changes.setdefault("market", {})[month] = market.with_columns(month=pl.lit(month))
    with lake.write_lock():
        lake.commit(changes)


@pytest.fixture(scope="module")
def dated_lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    lake = Lake(tmp_path_factory.mktemp("dates") / "lake")
    build_demo(lake, seed=7, rows=2_000, today=BUILT)
    _hostile_dates(lake)
    return lake


def open_app(lake: Lake, monkeypatch: pytest.MonkeyPatch, page: str | None = None) -> AppTest:
    monkeypatch.setenv("SALES_DASH_DATA", str(lake.root))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    if page is not None:
        app.switch_page(page).run()
    assert_clean(app)
    return app


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_no_page_is_crashed_by_a_date_in_the_lake(
    dated_lake: Lake, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    app = open_app(dated_lake, monkeypatch, page)
    booked = dated_lake.read_table("orders").filter(
        pl.col("status") != "cancelled", pl.col("order_date").is_between(EARLY, FAR, "none")
    )
    assert app.date_input(key="asof").value == booked["order_date"].max() <= BUILT


@pytest.mark.slow
def test_every_period_and_comparison_survives_the_dates(
    dated_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(dated_lake, monkeypatch)
    latest = app.date_input(key="asof").value
    for as_of in (latest, dt.date(2000, 1, 1), dt.date(latest.year + 2, 12, 31)):
        app.date_input(key="asof").set_value(as_of).run()
        for preset in PRESETS:
            for comparison in COMPARISONS:
                app.selectbox(key="period").set_value(preset).run()
                app.segmented_control(key="cmp").set_value(comparison).run()
                assert_clean(app)


@pytest.mark.slow
def test_the_meeting_and_the_drill_survive_the_dates(
    dated_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(dated_lake, monkeypatch, "pages/meeting.py")
    for _ in range(6):
        app.button(key="section_next").click().run()
        assert_clean(app)
    app = open_app(dated_lake, monkeypatch, "pages/overview.py")
    app.selectbox(key="period").set_value("last_12_months").run()
    for level in ("drill_region", "drill_rep", "drill_customer"):
        options = app.selectbox(key=level).options
        assert options, level
        app.selectbox(key=level).select_index(0).run()
        assert_clean(app)


# --- names and URL values that are Markdown links and images

REGION = "![x](http://127.0.0.1:9/x.png)"
REP_NAME = "[Session expired](http://127.0.0.1:9/)"
CUSTOMER_NAME = "[Customer](http://127.0.0.1:9/c)"
URL_REGION = "![y](http://127.0.0.1:9/y.png)"
FILE_NAME = "[Session expired](login.html).csv"
"""An upload's file name, as the browser sends it (the Data page's last-upload tooltip)."""
URL_REP = "[Session expired - log in again](http://127.0.0.1:9/)"
UNESCAPED_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")
"""``[text](`` or ``![alt](`` with neither bracket escaped: a Markdown link or image."""
MARKDOWN_FIELDS = frozenset({"body", "label", "help", "title"})
"""Proto fields Streamlit renders as Markdown (element bodies; button, widget, metric,
expander and tab labels; tooltips). Widget options and chart specs are not Markdown."""
PLAIN_BODIES = frozenset({"text"})
"""Elements whose body is shown as it is, never as Markdown (``st.text``: a file name on
the Upload page); their tooltips still are Markdown."""


def _renamed(lake: Lake, rep: str, customer: str) -> None:
    """华东 becomes REGION, one of its reps REP_NAME and one of its customers CUSTOMER_NAME."""
    changes: dict[str, dict[str, pl.DataFrame | None]] = {}
    for table in ("orders", "visits", "quotas", "market"):
        frame = lake.read_table(table)
        renames = {"region": ("region", "华东", REGION)}
        if "rep_name" in frame.columns:
            renames["rep_name"] = ("rep_id", rep, REP_NAME)
        if "customer_name" in frame.columns:
            renames["customer_name"] = ("customer_id", customer, CUSTOMER_NAME)
        frame = frame.with_columns(
            pl.when(pl.col(key) == match).then(pl.lit(new)).otherwise(pl.col(column)).alias(column)
            for column, (key, match, new) in renames.items()
        )
        month = month_expr(TABLES[table]).alias("_month")
        changes[table] = {
            part["_month"][0]: part.drop("_month")
            for part in frame.with_columns(month).partition_by("_month")
        }
    with lake.write_lock():
        lake.commit(changes)


@pytest.fixture(scope="module")
def named_lake(tmp_path_factory: pytest.TempPathFactory) -> tuple[Lake, str, str]:
    lake = Lake(tmp_path_factory.mktemp("names") / "lake")
    build_demo(lake, seed=7, rows=2_000, today=BUILT)
    east = lake.read_table("orders", ["2026-11"]).filter(
        pl.col("region") == "华东", pl.col("status") != "cancelled"
    )
    rep = east.sort("order_id")["rep_id"][0]
    customer = east.filter(pl.col("rep_id") == rep).sort("order_id")["customer_id"][0]
    _renamed(lake, rep, customer)
    upload = tmp_path_factory.mktemp("upload") / FILE_NAME
    upload.write_text(
        f"month,rep_id,rep_name,region,revenue_quota\n2026-12,{rep},{REP_NAME},{REGION},1000\n",
        encoding="utf-8",
    )
    ingest_file(upload, "quotas", lake)
    assert upload_history(lake)["file"].to_list() == [FILE_NAME]
    return lake, rep, customer


def _strings(message: Message, fields: frozenset[str]) -> Iterator[str]:
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        if field.type == field.TYPE_MESSAGE:
            for item in values:
                yield from _strings(item, fields)
        elif field.type == field.TYPE_STRING and field.name in fields:
            yield from values


def markdown_links(node: object) -> list[tuple[str, str]]:
    """(element type, text) of every Markdown-rendered text holding a link or image."""
    found = []
    proto = getattr(node, "proto", None)
    kind = str(getattr(node, "type", ""))
    if isinstance(proto, Message):
        fields = MARKDOWN_FIELDS - {"body"} if kind in PLAIN_BODIES else MARKDOWN_FIELDS
        found += [(kind, text) for text in _strings(proto, fields) if UNESCAPED_LINK.search(text)]
    for child in getattr(node, "children", {}).values():
        found += markdown_links(child)
    return found


def test_the_scan_sees_a_link_and_not_an_escaped_one() -> None:
    assert UNESCAPED_LINK.search(REP_NAME) and UNESCAPED_LINK.search(REGION)
    assert not UNESCAPED_LINK.search(escape_markdown(REP_NAME))
    assert not UNESCAPED_LINK.search(escape_markdown(REGION))


def test_escaped_text_reads_as_the_original() -> None:
    """Removing CommonMark's backslash escapes gives the text back, on one line."""
    for raw in (REGION, REP_NAME, "*bold* `code` $x$ :red[c] <b>& http://a.b/", "a\nb\r\n# c"):
        escaped = escape_markdown(raw)
        assert re.sub(r"\\(.)", r"\1", escaped) == " ".join(raw.splitlines())
        assert "\n" not in escaped


@pytest.mark.slow
def test_url_values_in_the_sidebar_notices_stay_text(
    named_lake: tuple[Lake, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lake, _, _ = named_lake
    monkeypatch.setenv("SALES_DASH_DATA", str(lake.root))
    app = AppTest.from_file(APP, default_timeout=60)
    query = {"region": [REGION, URL_REGION], "rep": URL_REP, "drill_region": URL_REGION}
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert_clean(app)
    notices = " ".join(w.value for w in app.sidebar.warning)
    assert escape_markdown(URL_REGION) in notices and escape_markdown(URL_REP) in notices
    assert app.multiselect(key="region").value == [REGION]  # a real region: kept as chosen
    assert markdown_links(app.sidebar) == []


@pytest.mark.slow
def test_names_in_the_drill_breadcrumb_stay_text(
    named_lake: tuple[Lake, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lake, rep, customer = named_lake
    app = open_app(lake, monkeypatch, "pages/attainment.py")
    for level, key in (("drill_region", REGION), ("drill_rep", rep), ("drill_customer", customer)):
        app.selectbox(key=level).set_value(key).run()
        assert_clean(app)
    crumbs = [b.label for b in app.button if b.key and b.key.startswith("crumb_")][1:]
    labels = (REGION, f"{REP_NAME} ({rep})", f"{CUSTOMER_NAME} ({customer})")
    assert crumbs == [escape_markdown(label) for label in labels]
    assert markdown_links(app._tree) == []


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_no_page_renders_a_name_as_a_link_or_image(
    named_lake: tuple[Lake, str, str], monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    lake, _, _ = named_lake
    app = open_app(lake, monkeypatch, page)
    assert markdown_links(app._tree) == []


# --- the empty state's demo button on a lake that holds uploads


@pytest.mark.slow
def test_the_demo_button_does_not_replace_uploads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lake with a quotas upload and no orders shows the empty state; its demo button
    must say no rather than replace the upload (or show a traceback)."""
    quotas = tmp_path / "quotas.csv"
    quotas.write_text(
        "month,rep_id,rep_name,region,revenue_quota\n2026-10,R1,张三,华东,2000\n", encoding="utf-8"
    )
    lake = Lake(tmp_path / "lake")
    ingest_file(quotas, "quotas", lake)
    before = lake.manifest()
    app = open_app(lake, monkeypatch)
    app.button(key="demo").click().run()
    assert_clean(app)
    assert any("1" in t.value for t in app.toast), [t.value for t in app.toast]
    assert lake.manifest() == before

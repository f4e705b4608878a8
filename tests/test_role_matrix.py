"""The role matrix of row-level security (issue 13): for each role and every page, and
every export the page offers, no region, rep or customer outside the user's scope
appears anywhere, and the tiles equal the engine's answer for that scope computed
independently (explicit filters on the whole lake).

The lake is the demo company with every rep named ``代表<rep id>`` and every customer
``客户<customer id>``: region, rep and customer names are unique per region, and a name
cannot hide inside another. The session's user is set the way sign-in sets it
(``sales_dash.ui.data.ACCESS_KEY`` in the session state).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from sales_dash.access import Access, Role
from sales_dash.demo import build_demo
from sales_dash.engine.metrics import compute_metric
from sales_dash.export import to_csv_bytes, to_xlsx_bytes
from sales_dash.filters import Filters
from sales_dash.i18n import format_money, format_percent, text
from sales_dash.ingest import ingest_file, upload_history
from sales_dash.lake import Lake, month_expr
from sales_dash.periods import month_end, month_start
from sales_dash.schema import TABLES
from sales_dash.settings import PROJECT_ROOT
from sales_dash.ui import tables
from sales_dash.ui.data import ACCESS_KEY

APP = str(PROJECT_ROOT / "app.py")
BUILT = dt.date(2026, 11, 23)
PAGES = sorted(f"pages/{p.name}" for p in (PROJECT_ROOT / "pages").glob("*.py"))
EAST = "华东"


@dataclass(frozen=True)
class Names:
    """Who is where in the matrix's lake."""

    regions: frozenset[str]
    rep_region: dict[str, str]
    customer_rep: dict[str, str]
    east_rep: str


@pytest.fixture(scope="module")
def matrix_lake(tmp_path_factory: pytest.TempPathFactory) -> tuple[Lake, Names]:
    lake = Lake(tmp_path_factory.mktemp("matrix") / "lake")
    build_demo(lake, seed=7, rows=3_000, today=BUILT)
    changes: dict[str, dict[str, pl.DataFrame | None]] = {}
    for table in ("orders", "quotas"):
        frame = lake.read_table(table).with_columns(rep_name=pl.lit("代表") + pl.col("rep_id"))
        if "customer_name" in frame.columns:
            frame = frame.with_columns(customer_name=pl.lit("客户") + pl.col("customer_id"))
        month = month_expr(TABLES[table]).alias("_month")
        changes[table] = {
            part["_month"][0]: part.drop("_month")
            for part in frame.with_columns(month).partition_by("_month")
        }
    with lake.write_lock():
        lake.commit(changes)
    _upload_per_region(lake, tmp_path_factory.mktemp("uploads"))
    orders = lake.read_table("orders")
    quotas = lake.read_table("quotas")
    reps = pl.concat([orders.select("rep_id", "region"), quotas.select("rep_id", "region")])
    rep_region = dict(reps.unique().iter_rows())
    customer_rep = dict(orders.select("customer_id", "rep_id").unique().iter_rows())
    busiest = (
        orders.filter(pl.col("region") == EAST, pl.col("order_date") >= month_start(BUILT))
        .group_by("rep_id")
        .len()
        .sort("len", "rep_id", descending=[True, False])
    )
    names = Names(
        regions=frozenset(rep_region.values()) | frozenset(lake.read_table("market")["region"]),
        rep_region=rep_region,
        customer_rep=customer_rep,
        east_rep=str(busiest["rep_id"][0]),
    )
    return lake, names


def _upload_per_region(lake: Lake, folder: Path) -> None:
    """One upload per region, of a copy of one of its November lines, in a file named for
    the region: the history of the Upload and Data pages then lists another region's
    file, which a scoped user must not see."""
    november = lake.read_table("orders", [BUILT.strftime("%Y-%m")])
    for number, region in enumerate(sorted(set(november["region"]))):
        line = november.filter(pl.col("region") == region).sort("order_id").head(1)
        path = folder / f"{region}-orders.csv"
        line.with_columns(order_id=pl.lit(f"UP{number:04d}")).write_csv(path)
        ingest_file(path, "orders", lake)


def access_of(role: str, names: Names) -> Access:
    east = frozenset({EAST})
    return {
        "admin": Access(Role.ADMIN, user="admin"),
        "director": Access(Role.DIRECTOR, user="director"),
        "region_manager": Access(Role.REGION_MANAGER, regions=east, user="east"),
        "rep": Access(Role.REP, regions=east, reps=frozenset({names.east_rep}), user="rep"),
        "clerk": Access(Role.CLERK, regions=east, user="clerk"),
    }[role]


ROLES = ("admin", "director", "region_manager", "rep", "clerk")
FULL_DASHBOARD = frozenset({Role.ADMIN, Role.DIRECTOR, Role.REGION_MANAGER})
"""Roles that open every dashboard page (a rep's and a clerk's pages are sign-in's to gate)."""


def filters_of(access: Access) -> Filters:
    """The scope as the sidebar's filters would state it, for the engine's own answer."""
    return Filters(
        regions=tuple(sorted(access.regions or ())), reps=tuple(sorted(access.reps or ()))
    )


def forbidden(access: Access, names: Names) -> set[str]:
    """Every region, rep id and customer id (names hold the ids) outside the scope."""
    regions = access.regions
    reps = access.reps

    def rep_inside(rep: str) -> bool:
        in_region = regions is None or names.rep_region.get(rep) in regions
        return in_region and (reps is None or rep in reps)

    found = {r for r in names.regions if regions is not None and r not in regions}
    found |= {rep for rep in names.rep_region if not rep_inside(rep)}
    found |= {c for c, rep in names.customer_rep.items() if not rep_inside(rep)}
    return found


# --- everything a page shows, and every file it offers


def _decoded(text_: str) -> str:
    """Chart specs are JSON that may escape non-ASCII: read them back as text."""
    if text_[:1] in "{[":
        try:
            return json.dumps(json.loads(text_), ensure_ascii=False)
        except ValueError:
            return text_
    return text_


def _arrow_text(payload: bytes) -> str:
    try:
        table = pa.ipc.open_stream(payload).read_all()
    except (pa.ArrowInvalid, OSError):
        return ""
    return json.dumps(table.to_pylist(), ensure_ascii=False, default=str) + str(table.schema)


def _strings(message: Message) -> Iterator[str]:
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        if field.type == field.TYPE_MESSAGE:
            for item in values:
                yield from _strings(item)
        elif field.type == field.TYPE_STRING:
            yield from (_decoded(v) for v in values)
        elif field.type == field.TYPE_BYTES:
            yield from (_arrow_text(v) for v in values)


def page_text(node: object) -> str:
    """Every string of every element under ``node``: bodies, labels, options, values,
    help, chart specs and table cells."""
    found = []
    proto = getattr(node, "proto", None)
    if isinstance(proto, Message):
        found += list(_strings(proto))
    for child in getattr(node, "children", {}).values():
        found.append(page_text(child))
    return "\n".join(found)


def _xlsx_text(payload: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(payload)) as book:
        return "\n".join(
            book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml")
        )


@pytest.fixture
def exports(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The bytes of every download the pages offer, as the buttons build them (their data
    is built only on a click, which AppTest cannot make): (name, text) each."""
    made: list[tuple[str, str]] = []
    offer = tables.downloads

    def downloads(
        ctx: object, frame: pl.DataFrame, key: str, whole: Callable[[], pl.DataFrame] | None = None
    ) -> None:
        # a table shown in part (a ledger's latest entries) downloads the whole (branch ledger)
        rows = frame if whole is None else whole()
        shown = tables.download_frame(ctx, rows)  # type: ignore[arg-type]
        made.append((f"{key}.csv", to_csv_bytes(shown).decode("utf-8-sig")))
        made.append((f"{key}.xlsx", _xlsx_text(to_xlsx_bytes(shown, sheet=key))))
        offer(ctx, frame, key, whole)  # type: ignore[arg-type]

    monkeypatch.setattr(tables, "downloads", downloads)
    return made


def open_as(
    lake: Lake,
    access: Access,
    monkeypatch: pytest.MonkeyPatch,
    page: str | None = None,
    query: dict[str, str] | None = None,
) -> AppTest:
    monkeypatch.setenv("SALES_DASH_DATA", str(lake.root))
    app = AppTest.from_file(APP, default_timeout=90)
    app.session_state[ACCESS_KEY] = access
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    if page is not None:
        app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def leaks(shown: str, access: Access, names: Names) -> list[str]:
    return sorted(token for token in forbidden(access, names) if token in shown)


# --- tiles: the engine's answer for the scope, from explicit filters on the whole lake

Tile = Callable[[Lake, dt.date, Filters, str], str]


def _metric(lake: Lake, name: str, column: str, as_of: dt.date, filters: Filters) -> object:
    frame = compute_metric(lake, name, month_start(as_of), month_end(as_of), as_of, filters=filters)
    return frame[column][0]


TILES: dict[str, tuple[str, Tile]] = {
    "pages/overview.py": (
        "revenue",
        lambda lake, d, f, lang: format_money(_metric(lake, "attainment", "revenue", d, f), lang),
    ),
    "pages/attainment.py": (
        "attainment",
        lambda lake, d, f, _: format_percent(_metric(lake, "attainment", "attainment", d, f)),
    ),
    "pages/margin.py": (
        "gross_margin",
        lambda lake, d, f, _: format_percent(_metric(lake, "margin", "gross_margin", d, f)),
    ),
    "pages/collections.py": (
        "collection_rate",
        lambda lake, d, f, _: format_percent(_metric(lake, "collection", "collection_rate", d, f)),
    ),
    "pages/expenses.py": (
        "expense_ratio",
        lambda lake, d, f, _: format_percent(_metric(lake, "expense", "expense_ratio", d, f)),
    ),
    "pages/market.py": (
        "market_share",
        lambda lake, d, f, _: format_percent(_metric(lake, "market_share", "market_share", d, f)),
    ),
    "pages/customers.py": (
        "new_customers",
        lambda lake, d, f, _: f"{_metric(lake, 'activity', 'new_customers', d, f):,}",
    ),
}


def tile(app: AppTest, label: str) -> str:
    values = [m.value for m in app.metric if m.label.startswith(label)]
    assert values, (label, [m.label for m in app.metric])
    return values[0]


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_a_role_sees_its_scope_and_nothing_else(
    matrix_lake: tuple[Lake, Names],
    monkeypatch: pytest.MonkeyPatch,
    exports: list[tuple[str, str]],
    role: str,
    page: str,
) -> None:
    lake, names = matrix_lake
    access = access_of(role, names)
    app = open_as(lake, access, monkeypatch, page)
    shown = [page_text(app._tree)]
    steps = [b for b in app.button if b.key == "section_next"]
    for _ in range(8 if steps else 0):  # every section of the meeting, one after the other
        app.button(key="section_next").click().run()
        shown.append(page_text(app._tree))
    assert leaks("\n".join(shown), access, names) == []
    for file_name, content in exports:
        assert leaks(content, access, names) == [], file_name
    # a page the role may not open (sign-in's gates: a clerk has no dashboard) shows no
    # tile; every page a role opens shows the engine's answer for its scope
    if page in TILES and (access.role in FULL_DASHBOARD or app.metric):
        label_key, expected = TILES[page]
        as_of = app.date_input(key="asof").value
        want = expected(lake, as_of, filters_of(access), "zh")
        assert tile(app, text(label_key, "zh")) == want
    regions = [m for m in app.multiselect if m.key == "region"]
    if access.regions is not None and regions:  # the region list holds their regions only
        assert set(regions[0].options) <= set(access.regions)


@pytest.mark.slow
@pytest.mark.parametrize("page", ["pages/overview.py", "pages/attainment.py"])
def test_every_drill_level_stays_in_the_region(
    matrix_lake: tuple[Lake, Names],
    monkeypatch: pytest.MonkeyPatch,
    exports: list[tuple[str, str]],
    page: str,
) -> None:
    lake, names = matrix_lake
    access = access_of("region_manager", names)
    app = open_as(lake, access, monkeypatch, page)
    app.selectbox(key="period").set_value("last_12_months").run()
    for level in ("drill_region", "drill_rep", "drill_customer"):
        options = app.selectbox(key=level).options
        assert options, level
        assert leaks(" ".join(options), access, names) == []
        app.selectbox(key=level).select_index(0).run()
        assert not app.exception
        assert leaks(page_text(app._tree), access, names) == [], level
    for file_name, content in exports:
        assert leaks(content, access, names) == [], file_name


@pytest.mark.slow
@pytest.mark.parametrize("key", ["region", "drill_region"])
def test_a_link_to_another_region_is_refused_with_a_notice(
    matrix_lake: tuple[Lake, Names], monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    lake, names = matrix_lake
    access = access_of("region_manager", names)
    other = sorted(names.regions - {EAST})[0]
    app = open_as(lake, access, monkeypatch, query={key: other})
    warnings = [w.value for w in app.warning]
    assert any(other in w for w in warnings), warnings
    assert app.multiselect(key="region").value == []
    shown = page_text(app._tree)
    for warning in warnings:  # the notice names what it refused; nothing else may
        shown = shown.replace(warning, "")
    assert leaks(shown, access, names) == []
    assert tile(app, text("revenue", "zh")) == TILES["pages/overview.py"][1](
        lake, app.date_input(key="asof").value, filters_of(access), "zh"
    )


@pytest.mark.slow
def test_the_scan_sees_what_a_director_may_see(
    matrix_lake: tuple[Lake, Names],
    monkeypatch: pytest.MonkeyPatch,
    exports: list[tuple[str, str]],
) -> None:
    """The matrix's scan is not blind: the same page for a director shows other regions'
    names, in the elements and in the files, which the region manager must not see."""
    lake, names = matrix_lake
    manager = access_of("region_manager", names)
    app = open_as(lake, access_of("director", names), monkeypatch, "pages/attainment.py")
    shown = page_text(app._tree)
    assert set(names.regions) - {EAST} <= set(leaks(shown, manager, names))
    assert any(c in shown for c in names.customer_rep) or any(
        r in shown for r in names.rep_region if names.rep_region[r] != EAST
    )
    assert exports and any(leaks(content, manager, names) for _, content in exports)


def test_the_history_lists_another_regions_upload(matrix_lake: tuple[Lake, Names]) -> None:
    """The lake of the matrix holds an upload per region, named for it."""
    lake, names = matrix_lake
    files = set(upload_history(lake)["file"])
    assert files == {f"{region}-orders.csv" for region in set(lake.read_table("orders")["region"])}
    assert set(upload_history(lake.scoped(access_of("clerk", names)))["file"]) == {
        f"{EAST}-orders.csv"
    }

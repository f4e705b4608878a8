"""The benchmark's pieces run on the demo lake; its arithmetic is right, and its peers do
the work the pages do; the whole benchmark runs at a tiny size, the browser clock too.
Timings are never asserted here: `scripts/test.sh` runs the whole benchmark at a small size
and prints them."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from sales_dash.engine.db import observe, run_query, run_sql
from sales_dash.engine.metrics import METRICS, compute_metric
from sales_dash.engine.scope import Scope, filter_params
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from sales_dash_bench.apptest import recorded_queries
from sales_dash_bench.bare import BareDuckDB
from sales_dash_bench.browser import INTERACTIONS
from sales_dash_bench.memory import peak_rss_mb
from sales_dash_bench.pandas_peer import PandasPeer
from sales_dash_bench.replay import (
    PAGE_QUERIES,
    MetricCall,
    QueryCall,
    bare_duckdb,
    decode_calls,
    decode_queries,
    pandas_replay,
)
from sales_dash_bench.run import PAGES, PEERS, PageResult, filter_changes, format_table
from tests.drawn_charts import drawn_charts

NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
AS_OF = dt.date(2026, 11, 23)
EAST = Filters(regions=("华东",))


@pytest.fixture(scope="module")
def peer(demo_lake: Lake) -> PandasPeer:
    return PandasPeer(demo_lake)


def test_summary_percentiles_ratios_and_calls() -> None:
    result = PageResult(
        "overview", app_ms=[10, 20, 30, 40, 50], duckdb_ms=[20], pandas_ms=[600],
        metric_calls=[19, 19, 17, 20],
    )  # fmt: skip
    summary = result.summary()
    # inclusive quantiles of 10..50: p50 = 30, p95 = 40 + 0.8 × 10 = 48
    assert summary["app_ms_p50"] == 30
    assert summary["app_ms_p95"] == 48
    assert summary["app_over_duckdb"] == 1.5
    assert summary["pandas_over_app"] == 20
    # the lower median of 17, 19, 19, 20: a count some state really made
    assert summary["metric_calls"] == 19


def _size(rows: int, browser: bool) -> dict:
    spread = {"p50": 100.0, "p95": 200.0}
    clock = {
        "pages": {p: {name: spread for name in INTERACTIONS} for p in PAGES},
        "floor": {name: {"p50": 50.0, "p95": None} for name in INTERACTIONS},
        "app_all": spread,
        "floor_all": {"p50": 50.0, "p95": 80.0},
    }
    seen = {"p50": 70.0, "p95": 150.0}
    clock["seen"] = {**clock, "pages": {p: {n: seen for n in INTERACTIONS} for p in PAGES}}
    clock["seen"]["app_all"] = seen
    return {
        "rows": rows,
        "period": "p",
        "filter_changes": 1,
        "pages": [PageResult(p, app_ms=[10.0, 30.0], metric_calls=[12]).summary() for p in PAGES],
        "cold_start_ms": 1234.0,
        "loaded_ms": 2345.0,
        "peak_rss_mb": 321.0,
        "upload": {"lines": 714, "ingest_s": 3.5, "first_page_ms": 150.0, "peak_rss_mb": 512.0},
        "browser": clock if browser else None,
    }


def test_table_has_a_row_per_page_and_a_scaling_row_per_size() -> None:
    report = {"machine": "2 cores", "sizes": [_size(1000, True), _size(20000, False)]}
    table = format_table(report)
    assert "| page | metric calls | app p50 ms |" in table
    assert all(f"| {page} | 12 | 20.0 | 29.0 |" in table for page in PAGES)
    assert (
        "one-month upload of 714 lines 3.50 s · first page after it 150 ms · "
        "peak RSS through the upload 512 MB"
    ) in table
    assert "| page | region | period | tab | drill | page |" in table
    assert "| floor (minimal Streamlit app) | 50 / — | 50 / — |" in table
    # the scaling table: the median page's rerun p50 (20 ms on every page), both clocks
    row = "| 1,000 | 20.0 | 100 / 200 | 70 / 150 | 50 / 80 | 1,234 | 2,345 | 321 | 3.50 | 150 |"
    assert row + " 512 |" in table
    assert "| 20,000 | 20.0 | — | — | — | 1,234 | 2,345 | 321 | 3.50 | 150 | 512 |" in table
    assert "cold start 1,234 ms · tables loaded 2,345 ms · peak RSS 321 MB" in table
    assert table.count("browser clock, click → settled") == 1
    # to the last change a user sees: a table of its own, the grid's hidden table left out
    assert table.count("browser clock, click → the last change a user sees") == 1
    assert f"| {PAGES[0]} | 70 / 150 | 70 / 150 |" in table


def test_filter_changes_walk_the_regions(demo_lake: Lake) -> None:
    states = filter_changes(demo_lake)
    assert states[0] == Filters()
    assert len(states) == 7
    assert all(len(s.regions) == 1 for s in states[1:])


def test_recorded_calls_round_trip_through_json() -> None:
    call = MetricCall(
        "attainment", *NOVEMBER, AS_OF, "month",
        Filters(regions=("华东", "华南"), customers=("C0001",)), 0.2, ("collection_rate",),
    )  # fmt: skip
    encoded = call.to_json()
    assert encoded["start"] == "2026-11-01"
    assert encoded["filters"] == {
        "regions": ["华东", "华南"], "reps": [], "categories": [], "products": [],
        "customers": ["C0001"],
    }  # fmt: skip
    assert MetricCall.from_json(encoded) == call
    assert decode_calls({"overview": [[encoded], []]}) == {"overview": [[call], []]}


def _every_filter(lake: Lake) -> Filters:
    """All five filters at once, chosen from a booked November line so that data remains."""
    line = run_sql(
        lake,
        "select * from orders where order_date = date '2026-11-10' and status <> 'cancelled' "
        "order by order_id limit 1",
    ).row(0, named=True)
    return Filters(
        (line["region"],), (line["rep_id"],), (line["category"],), (line["product"],),
        (line["customer_id"],),
    )  # fmt: skip


def test_pandas_peer_computes_every_family_and_grouping(demo_lake: Lake, peer: PandasPeer) -> None:
    filter_sets = [Filters(), EAST, _every_filter(demo_lake)]
    periods = [NOVEMBER, (dt.date(2026, 1, 1), dt.date(2026, 12, 31))]
    for name, metric in METRICS.items():
        for by in (None, *metric.groupings):
            for filters in filter_sets:
                for start, end in periods:
                    scope = Scope(demo_lake, start, end, AS_OF, by, filters)
                    result = peer.compute(name, scope)
                    if scope.groups_by_period and name != "abc":
                        # a row per period, keyed as the engine keys it
                        assert list(result.index) == [p.key for p in scope.periods], (name, by)


def test_pandas_peer_margin_by_region_equals_the_engine(demo_lake: Lake, peer: PandasPeer) -> None:
    engine = compute_metric(demo_lake, "margin", *NOVEMBER, AS_OF, by="region")
    ours = peer.compute("margin", Scope(demo_lake, *NOVEMBER, AS_OF, "region"))
    assert sorted(ours.index) == engine["region"].to_list()
    for row in engine.iter_rows(named=True):
        assert ours.loc[row["region"], "revenue"] == pytest.approx(float(row["revenue"]), abs=0.005)
        assert ours.loc[row["region"], "cost"] == pytest.approx(float(row["cost"]), abs=0.005)


def test_pandas_peer_averages_by_rep_equal_the_engine(demo_lake: Lake, peer: PandasPeer) -> None:
    engine = compute_metric(demo_lake, "averages", *NOVEMBER, AS_OF, by="rep")
    ours = peer.compute("averages", Scope(demo_lake, *NOVEMBER, AS_OF, "rep"))
    assert sorted(ours.index) == engine["rep_id"].to_list()
    for row in engine.iter_rows(named=True):
        mine = ours.loc[row["rep_id"]]
        assert (mine["orders"], mine["reps"]) == (row["orders"], row["reps"])
        expected = float(row["average_order_value"])
        assert mine["average_order_value"] == pytest.approx(expected, abs=0.01)  # cents


def test_peers_replay_calls(demo_lake: Lake, peer: PandasPeer) -> None:
    calls = [
        MetricCall(name, *NOVEMBER, AS_OF, by, EAST, 0.15)
        for name, metric in METRICS.items()
        for by in (None, *metric.groupings[:1])
    ]
    with recorded_queries() as log:
        for call in calls:
            compute_metric(demo_lake, call.name, *NOVEMBER, AS_OF, call.by, call.filters)
    queries = [QueryCall.of(name, params) for name, params in log]
    assert {"order_totals", "customer_revenue", "retention"} <= {q.name for q in queries}
    bare = BareDuckDB(demo_lake)
    try:
        bare_duckdb(bare, queries)
    finally:
        bare.close()
    pandas_replay(peer, demo_lake, calls, queries)


def test_recorded_queries_round_trip_through_json() -> None:
    query = QueryCall.of(
        "order_totals",
        {"period_starts": [dt.date(2026, 11, 1)], "regions": ["华东"], "by": "", "facts": "rollup"},
    )
    assert QueryCall.from_json(json.loads(json.dumps(query.to_json()))) == query
    assert decode_queries({"market": [[query.to_json()]]}) == {"market": [[query]]}
    assert not query.depends_on_data_only
    assert QueryCall.of("rep_names", {}).depends_on_data_only


def test_recording_notes_every_metric_call_of_a_page(
    demo_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sales_dash_bench.apptest import time_pages

    monkeypatch.setenv("SALES_DASH_DATA", str(demo_lake.root))
    computes = {name: metric.compute for name, metric in METRICS.items()}
    report = time_pages(["overview"], 2)
    assert len(report["pages"]["overview"]) == 2
    states = decode_calls(report["calls"])["overview"]
    assert len(states) == 2
    for calls in states:
        assert "attainment" in {call.name for call in calls}
        assert len(calls) > 6  # more than the six tiles: comparison, trend, alerts, drill
        assert len(set(calls)) == len(calls)
    # one region, then all regions again: the states the timing used
    assert len(states[0][0].filters.regions) == 1
    assert states[1][0].filters == Filters()
    queries = decode_queries(report["queries"])["overview"]
    assert len(queries) == 2
    for state in queries:
        names = {q.name for q in state}
        assert {"order_totals", "target_totals", "collection_due"} <= names
        assert "receivables_aging" not in names  # the tiles and alerts read rates only
        assert len(set(state)) == len(state)
    # recording leaves the metric engine as it found it
    assert {name: metric.compute for name, metric in METRICS.items()} == computes


def test_pandas_peer_answers_the_pages_own_queries(demo_lake: Lake, peer: PandasPeer) -> None:
    """The histogram, lists and count a page shows besides its metrics: the peer's answers
    match the app's queries."""
    view = {"range_start": NOVEMBER[0], "flow_range_end": AS_OF, **filter_params(EAST)}
    limited = {**view, "discount_limit": 0.15, "limit": 20}
    facts = {
        "customer_last_order": "customer_rollup",
        "discount_distribution": "discount_rollup",
        "over_authority_lines": "over_limit",
    }
    app = {
        name: run_query(demo_lake, name, **limited, facts=facts.get(name, "rollup"))
        for name in PAGE_QUERIES
    }
    assert peer.query("line_count", view) == app["line_count"]["lines"][0]
    histogram = peer.query("discount_distribution", limited)
    assert histogram["lines"].sum() == app["discount_distribution"]["lines"].sum()
    over = peer.query("over_authority_lines", limited)
    assert list(over["order_id"]) == app["over_authority_lines"]["order_id"].to_list()
    top = peer.query("top_orders", limited)
    assert list(top.index) == app["top_orders"]["order_id"].to_list()
    last = peer.query("customer_last_order", limited)
    assert len(last) == app["customer_last_order"].height


def test_server_like_reruns_draw_what_plain_apptest_draws(
    demo_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timing's reruns skip AppTest's own recompiling and pages-folder run, and draw
    exactly what plain AppTest draws; the harness is as it was afterwards."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest, app_test

    from sales_dash.ui import frame
    from sales_dash_bench.apptest import APP, REGION_KEY, reruns_as_the_server_runs_them

    monkeypatch.setenv("SALES_DASH_DATA", str(demo_lake.root))
    in_pages_folder_mode: list[bool] = []
    real_check = frame._without_frame

    def noted_check() -> bool:
        in_pages_folder_mode.append(real_check())
        return in_pages_folder_mode[-1]

    monkeypatch.setattr(frame, "_without_frame", noted_check)

    def drawn(at: AppTest) -> tuple[object, ...]:
        at.switch_page("pages/margin.py")
        at.run()
        at.multiselect(key=REGION_KEY).set_value(["华东"])
        at.run()
        assert not at.exception
        metrics = [(m.label, m.value) for m in at.metric]
        tables = [frame.value.to_dict() for frame in at.dataframe]
        figures = [chart["spec"] for chart in drawn_charts(at)]
        return metrics, tables, figures, [m.value for m in at.markdown]

    plain = AppTest.from_file(str(APP), default_timeout=60)
    plain.run()
    served = AppTest.from_file(str(APP), default_timeout=60)
    served.run()
    original_cache = app_test.ScriptCache
    PagesManager.uses_pages_directory = None  # as AppTest leaves it before a run
    in_pages_folder_mode.clear()
    with reruns_as_the_server_runs_them():
        shown = drawn(served)
    assert PagesManager.uses_pages_directory is None  # the flag is as it was found
    assert in_pages_folder_mode and not any(in_pages_folder_mode)
    assert shown == drawn(plain)
    assert any(in_pages_folder_mode)  # plain AppTest enters it on every run
    assert len(shown[0]) >= 5 and len(shown[2]) >= 3
    assert app_test.ScriptCache is original_cache
    assert app_test.PagesManager is PagesManager


def test_observe_sees_every_query_until_stopped(demo_lake: Lake) -> None:
    seen: list[tuple[str, dict[str, object], float]] = []
    stop = observe(lambda name, params, seconds: seen.append((name, params, seconds)))
    params = {
        "range_start": NOVEMBER[0],
        "flow_range_end": AS_OF,
        "facts": "rollup",
        **filter_params(EAST),
    }
    try:
        run_query(demo_lake, "latest_order_date")
        run_query(demo_lake, "latest_order_date")  # a cache hit is asked for too
        run_query(demo_lake, "line_count", unused=1, **params)
    finally:
        stop()
    run_query(demo_lake, "latest_order_date")
    assert [name for name, _, _ in seen] == ["latest_order_date"] * 2 + ["line_count"]
    assert seen[0][1] == {}
    # the parameters the sql/ file uses, as given; not the others
    assert seen[2][1]["range_start"] == NOVEMBER[0] and seen[2][1]["regions"] == ["华东"]
    assert "unused" not in seen[2][1]
    assert all(seconds >= 0 for _, _, seconds in seen)


def test_bare_duckdb_answers_as_the_engine(demo_lake: Lake) -> None:
    """The bare peer computes from the lines what the app reads from its rollups."""
    with recorded_queries() as log:
        compute_metric(demo_lake, "margin", *NOVEMBER, AS_OF, by="region", filters=EAST)
    bare = BareDuckDB(demo_lake)
    try:
        for name, params in log:
            app = run_query(demo_lake, name, **params)
            ours = bare.run(name, params)
            assert ours.sort(ours.columns).equals(app.sort(app.columns)), name
    finally:
        bare.close()


def test_month_export_is_next_month_of_the_lake(demo_lake: Lake, tmp_path) -> None:
    import polars as pl

    from sales_dash_bench.run import month_export

    path = month_export(demo_lake, tmp_path)
    export = pl.read_csv(path, try_parse_dates=True)
    # the demo lake's latest line is 2026-11-23: October's lines, moved to December
    october = run_sql(
        demo_lake,
        "select count(*) as n from orders where order_date between "
        "date '2026-10-01' and date '2026-10-31'",
    )["n"][0]
    assert export.height == october > 0
    assert export["order_date"].min() >= dt.date(2026, 12, 1)
    assert export["order_date"].max() <= dt.date(2026, 12, 31)
    # numbered after the lake's last order, as an ERP numbers next month's: every new
    # number sorts after every old one (sql/order_shape.sql's range test holds)
    last = run_sql(demo_lake, "select max(order_id) as last from orders")["last"][0]
    assert export["order_id"].str.starts_with(f"{last}-").all()
    assert export["order_id"].min() > last
    october_orders = run_sql(
        demo_lake,
        "select count(distinct order_id) as n from orders where order_date between "
        "date '2026-10-01' and date '2026-10-31'",
    )["n"][0]
    assert export["order_id"].n_unique() == october_orders


def test_the_month_export_uploads_as_a_month_of_new_orders(tmp_path) -> None:
    # branch after: numbers among the lake's own ("<old>-next") failed the order-shape
    # range test, so every order count after the bench's upload read the lines
    from sales_dash.demo import build_demo
    from sales_dash.engine.grain import orders_add_up
    from sales_dash.ingest import ingest_file
    from sales_dash_bench.run import month_export

    lake = Lake(tmp_path / "lake")
    build_demo(lake, seed=7, rows=2_000, today=dt.date(2026, 11, 23))
    assert orders_add_up(lake)
    result = ingest_file(month_export(lake, tmp_path), "orders", lake)
    assert result.inserted > 0
    assert orders_add_up(lake)


def test_the_product_never_imports_the_benchmark_or_pandas() -> None:
    import ast

    from sales_dash.settings import PROJECT_ROOT

    sources = [
        *(PROJECT_ROOT / "sales_dash").rglob("*.py"),
        *(PROJECT_ROOT / "pages").glob("*.py"),
        PROJECT_ROOT / "app.py",
    ]
    found = []
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                if name.split(".")[0] in ("sales_dash_bench", "pandas"):
                    found.append(f"{path.relative_to(PROJECT_ROOT)}: {name}")
    assert len(sources) > 50
    assert found == []


@pytest.mark.parametrize(
    ("language", "says"),
    [("en", "pip install -e .[bench]"), ("zh", "基准测试是可选组件")],
)
def test_bench_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], language: str, says: str
) -> None:
    from sales_dash import cli

    monkeypatch.setenv("SALES_DASH_LANGUAGE", language)
    # as on a plain install: one of what the extra brings cannot be found
    monkeypatch.setattr(cli, "BENCH_NEEDS", ("sales_dash_bench", "no_such_module_of_the_extra"))
    assert cli.main(["bench", "--rows", "1000"]) == 2
    err = capsys.readouterr().err
    assert says in err and "uv sync --extra bench" in err


@pytest.mark.browser
@pytest.mark.slow
def test_the_whole_benchmark_at_a_tiny_size(tmp_path, capfd: pytest.CaptureFixture[str]) -> None:
    """`sales-dash bench` end to end, browser clock included: the report's shape only."""
    from sales_dash.cli import main

    argv = [
        "bench", "--rows", "20000", "--changes", "2", "--pages", "overview,margin",
        "--format", "json", "--root", str(tmp_path),
    ]  # fmt: skip
    assert main(argv) == 0
    report = json.loads(capfd.readouterr().out.strip().splitlines()[-1])
    (size,) = report["sizes"]
    assert size["rows"] == pytest.approx(20000, rel=0.02)  # the demo draws lines per order
    assert [page["page"] for page in size["pages"]] == ["overview", "margin"]
    assert all(page["app_ms_p50"] is not None for page in size["pages"])
    assert all(page["duckdb_ms"] is not None for page in size["pages"])
    assert size["upload"]["lines"] > 0 and size["upload"]["first_page_ms"] is not None
    # the upload's own peak: the app's held tables and more, never the pages' earlier peak
    assert size["upload"]["peak_rss_mb"] > 0
    clock = size["browser"]
    assert set(clock["pages"]) == {"overview", "margin"}
    for found in [*clock["pages"].values(), clock["floor"]]:
        assert set(found) == set(INTERACTIONS)
    # every interaction the page has was timed; the floor has them all
    assert all(found["p50"] is not None for found in clock["floor"].values())
    assert clock["pages"]["margin"]["region"]["p50"] is not None
    assert clock["app_all"]["p50"] is not None
    # to the last change a user sees: never after settled (it is the same clock, less the
    # changes nobody sees)
    seen = clock["seen"]
    assert set(seen["pages"]) == {"overview", "margin"}
    assert seen["app_all"]["p50"] is not None
    assert seen["app_all"]["p50"] <= clock["app_all"]["p50"]
    # the lake is left as built: the one-month upload was undone
    lake = Lake(tmp_path / "lake-20000")
    assert run_sql(lake, "select count(*) as n from orders")["n"][0] == size["rows"]


def test_peers_are_chosen_on_the_command_line() -> None:
    """`--peers none` times the app alone (a 100M lake fits neither peer in memory)."""
    from sales_dash_bench.cli import build_parser

    parser = build_parser()
    assert parser.parse_args([]).peers == ("duckdb", "pandas")
    assert parser.parse_args(["--peers", "none"]).peers == ()
    assert parser.parse_args(["--peers", "pandas"]).peers == ("pandas",)
    with pytest.raises(SystemExit):
        parser.parse_args(["--peers", "spark"])
    assert parser.parse_args([]).peers_up_to == 20_000_000
    assert parser.parse_args(["--peers-up-to", "1_000_000"]).peers_up_to == 1_000_000
    for wrong in ("0", "1000,2000", "many"):
        with pytest.raises(SystemExit):
            parser.parse_args(["--peers-up-to", wrong])


def test_a_scaling_run_replays_the_peers_up_to_their_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One run to 100M lines: the peers beside the app where they fit, the app alone
    beyond (``run_size`` records what it was asked; each size's own work is tested above)."""
    from sales_dash_bench import run

    asked: list[tuple[int, tuple[str, ...]]] = []

    def recorded(rows: int, *args: object) -> dict[str, object]:
        asked.append((rows, args[-1]))  # type: ignore[arg-type]
        return {"rows": rows}

    monkeypatch.setattr(run, "run_size", recorded)
    report = run.run_bench([100_000, 10_000_000, 100_000_000], peers_up_to=10_000_000)
    assert [size["rows"] for size in report["sizes"]] == [100_000, 10_000_000, 100_000_000]
    assert asked == [(100_000, PEERS), (10_000_000, PEERS), (100_000_000, ())]


def test_a_page_timed_without_peers_reports_no_peer_columns() -> None:
    summary = PageResult("overview", app_ms=[10.0, 12.0], metric_calls=[3, 3]).summary()
    assert summary["app_ms_p50"] == 11.0
    assert summary["duckdb_ms"] is None and summary["pandas_ms"] is None
    assert summary["app_over_duckdb"] is None and summary["pandas_over_app"] is None


def test_the_browser_clock_waits_for_a_busy_server_to_go_quiet() -> None:
    """A server loading its tables keeps a core busy; the clock starts once it is quiet."""
    import subprocess
    import sys

    from sales_dash_bench.browser import QUIET_SECONDS, cpu_seconds, wait_quiet

    # busy for 3 s of CPU, however loaded the machine (3 s of wall time gave 1.1 under load)
    busy_then_idle = "import time\nwhile time.process_time() < 3: pass\n"
    process = subprocess.Popen([sys.executable, "-c", busy_then_idle + "time.sleep(60)"])
    try:
        waited = wait_quiet(process.pid, timeout_s=30)
        assert cpu_seconds(process.pid) >= 2  # it was busy, and was waited for
        assert 3 + QUIET_SECONDS - 1 <= waited < 30
        assert wait_quiet(process.pid, timeout_s=30) < QUIET_SECONDS + 2  # quiet now
    finally:
        process.kill()
        process.wait()


def test_the_peak_restarts_from_what_the_process_holds() -> None:
    """The upload's peak is read apart from the pages' before it (``restart_peak``)."""
    child = (
        "from sales_dash_bench.memory import peak_rss_mb, restart_peak\n"
        "held = b'\\1' * (600 * 2**20)\n"
        "del held\n"
        "before = peak_rss_mb()\n"
        "assert restart_peak()\n"
        "kept = b'\\2' * (100 * 2**20)\n"
        "print(before, peak_rss_mb())\n"
    )
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True)
    before, after = map(float, done.stdout.split())
    assert before > 600
    assert 100 < after < 400  # the 100 MB held after the restart, not the 600 before it


def test_the_app_process_reports_its_own_peak_memory_not_its_parents() -> None:
    """The benchmark's app process is a child of the one that built the lakes; Linux's
    ru_maxrss would give it its parent's peak (10.1 GB read at 100M lines for 2.3)."""
    parent = b"\1" * (600 * 2**20)  # every page written: resident
    child = "from sales_dash_bench.memory import peak_rss_mb; print(peak_rss_mb())"
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True)
    del parent
    assert peak_rss_mb() > 600
    assert 0 < float(done.stdout) < 300

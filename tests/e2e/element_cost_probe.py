"""What one Streamlit element costs the browser per rerun (issue 15): a page of N elements
of one kind, rerun by a button, timed to the last visible change, with Chromium's
main-thread milliseconds of the rerun. Also the same elements sent in one burst or in
several (the script pausing between them, as a page that draws while it computes).

Not a test: a tool. ``python -m tests.e2e.element_cost_probe`` serves the probe app
itself; ``--specs markdown:30:1 metric:40:1:4`` picks kind:count:changed[:bursts].
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from sales_dash_bench.browser import (
    _MARK,
    _SETTLED,
    _WATCH,
    CHROMIUM_ARGS,
    STREAMLIT_OPTIONS,
    Clock,
    free_port,
    served,
)

APP = """
import random, time
import streamlit as st
kind = st.query_params.get("kind", "markdown")
n = int(st.query_params.get("n", "30"))
changed = st.query_params.get("changed", "0") == "1"
bursts = int(st.query_params.get("bursts", "1"))
st.button("go", key="go")
st.text(f"{random.random():.4f}")  # one change on every rerun, whatever the kind
salt = random.random() if changed else 0
for i in range(n):
    if bursts > 1 and i and i % (n // bursts) == 0:
        time.sleep(0.03)
    if kind == "markdown":
        st.markdown(f"行 {i} **数值** {salt:.3f}")
    elif kind == "text":
        st.text(f"行 {i} 数值 {salt:.3f}")
    elif kind == "caption":
        st.caption(f"行 {i} 数值 {salt:.3f}")
    elif kind == "metric":
        st.metric(f"指标 {i}", f"¥{i * 1.5 + salt:.2f}万", f"{salt:.1%}")
    elif kind == "subheader":
        st.subheader(f"标题 {i} {salt:.3f}")
    elif kind == "multiselect":
        st.multiselect(f"区域 {i}", ["华东", "华北", "华南"], key=f"m{i}")
    elif kind == "selectbox":
        st.selectbox(f"区域 {i}", ["华东", "华北", "华南"], key=f"s{i}")
    elif kind == "columns":
        left, right = st.columns(2)
        left.text("x")
        right.text(f"{salt:.3f}")
    elif kind == "dataframe":  # a table of 12 rows, 6 columns, as the pages' st.dataframe
        import polars as pl
        st.dataframe(
            pl.DataFrame({f"列{c}": [j * 10.5 + c + salt for j in range(12)] for c in range(6)}),
            key=f"d{i}",
        )
    elif kind == "container":
        with st.container(border=True):
            st.text(f"{salt:.3f}")
    elif kind.startswith("bar"):  # bar, bar-plot (the app's), bar-nomodebar, ...: 12 bars
        import plotly.graph_objects as go
        names = [f"区域{j}" for j in range(12)]
        figure = go.Figure(go.Bar(x=names, y=[j * 10 + salt for j in range(12)]))
        figure.update_layout(height=320, margin=dict(l=40, r=10, t=10, b=40))
        variant = kind.partition("-")[2]
        config = {
            "nomodebar": {"displayModeBar": False},
            "static": {"staticPlot": True},
            "few": {"modeBarButtonsToRemove": ["zoom2d", "pan2d", "zoomIn2d", "zoomOut2d",
                    "autoScale2d", "resetScale2d", "select2d", "lasso2d"]},
        }.get(variant, {})
        if variant == "fixed":
            figure.update_xaxes(fixedrange=True).update_yaxes(fixedrange=True)
            figure.update_layout(dragmode=False)
        if variant in ("width", "rev-width"):
            figure.update_layout(width=600)
        if variant.startswith("rev"):
            figure.update_layout(datarevision=1)
        width = "content" if variant.endswith("width") else "stretch"
        if variant == "plot":  # the app's own chart element (sales_dash/ui/plot.py)
            from sales_dash.ui.plot import plot
            plot(figure, f"c{i}", config)
        else:
            st.plotly_chart(figure, config=config, key=f"c{i}", width=width)
"""
DEFAULT_SPECS = [
    "empty:0:1",
    "text:30:1",
    "markdown:30:0",
    "markdown:30:1",
    "caption:30:1",
    "metric:30:1",
    "subheader:30:1",
    "multiselect:10:0",
    "selectbox:10:0",
    "columns:30:1",
    "container:30:1",
    "metric:40:1:1",
    "metric:40:1:4",
]
TRACE = ["devtools.timeline", "disabled-by-default-devtools.timeline"]


def _main_thread_ms(trace: dict[str, Any]) -> float:
    """Milliseconds of tasks on the renderer's main thread in a trace."""
    events = trace["traceEvents"]
    mains = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M"
        and e.get("name") == "thread_name"
        and e["args"].get("name") == "CrRendererMain"
    }
    busiest = max(mains, key=lambda pt: sum((e.get("pid"), e.get("tid")) == pt for e in events))
    return (
        sum(
            e["dur"]
            for e in events
            if e.get("name") == "RunTask" and (e.get("pid"), e.get("tid")) == busiest and "dur" in e
        )
        / 1000
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--specs", nargs="*", default=DEFAULT_SPECS)
    parser.add_argument("--reruns", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = Path(folder) / "probe_app.py"
        app.write_text(APP, encoding="utf-8")
        port = free_port()
        command = [sys.executable, "-m", "streamlit", "run", str(app), f"--server.port={port}"]
        with (
            served(
                [*command, *STREAMLIT_OPTIONS], port, dict(os.environ), Path(folder) / "log"
            ) as server,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            context.add_init_script(f"({_WATCH})()")
            tab = context.new_page()
            clock = Clock(tab, server.url)
            for spec in args.specs:
                kind, count, changed, bursts = (spec + ":1").split(":")[:4]
                clock.open(f"?kind={kind}&n={count}&changed={changed}&bursts={bursts}")
                seen, busy = [], []
                for _ in range(args.reruns):
                    clock.idle()
                    browser.start_tracing(page=tab, categories=TRACE)
                    tab.evaluate(_MARK)
                    tab.get_by_role("button", name="go").click()
                    tab.wait_for_function(_SETTLED, timeout=60_000, polling=50)
                    seen.append(tab.evaluate("() => window.__benchSeen - window.__benchStart"))
                    busy.append(_main_thread_ms(json.loads(browser.stop_tracing())))
                print(
                    f"{spec:18s} seen p50 {statistics.median(seen[1:]):6.0f} ms   "
                    f"main thread p50 {statistics.median(busy[1:]):6.0f} ms",
                    flush=True,
                )
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

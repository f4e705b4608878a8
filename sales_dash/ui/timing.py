"""Time the real pages under Streamlit's AppTest: ``python -m sales_dash.ui.timing``.

Run by ``sales-dash bench`` in a process of its own (SALES_DASH_DATA names the lake), so
that cold start and peak memory are the app's alone. For every page it renders once, then
changes the region filter through the list given and times each full rerun. Prints one
JSON line: {"cold_start_ms": .., "peak_rss_mb": .., "pages": {page: [ms, ...]}}.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402  (the clock starts before the imports it measures)
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

from streamlit.testing.v1 import AppTest  # noqa: E402

from sales_dash.settings import PROJECT_ROOT  # noqa: E402

APP = PROJECT_ROOT / "app.py"
TIMEOUT_S = 300
REGION_KEY = "region"


def page_file(page: str) -> str:
    return f"pages/{page}.py"


def _region_states(at: AppTest) -> list[list[str]]:
    widget = at.multiselect(key=REGION_KEY)
    return [[], *([option] for option in widget.options)]


def time_pages(pages: list[str], changes: int) -> dict:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    at.run()
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    cold_start_ms = (time.perf_counter() - STARTED) * 1000
    timings: dict[str, list[float]] = {}
    for page in pages:
        at.switch_page(page_file(page))
        at.run()
        states = _region_states(at)[:changes]
        for regions in [*states[1:], states[0]]:
            at.multiselect(key=REGION_KEY).set_value(regions)
            start = time.perf_counter()
            at.run()
            timings.setdefault(page, []).append((time.perf_counter() - start) * 1000)
            if at.exception:
                raise RuntimeError(f"{page}: {at.exception[0].message}")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "cold_start_ms": round(cold_start_ms, 1),
        "peak_rss_mb": round(peak_kib / 1024, 1),
        "pages": {page: [round(ms, 2) for ms in values] for page, values in timings.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sales_dash.ui.timing")
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--changes", type=int, default=7)
    args = parser.parse_args(argv)
    print(json.dumps(time_pages(args.pages, args.changes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

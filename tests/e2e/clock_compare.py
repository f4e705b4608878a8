"""Two running dashboards on the bench's browser clock, side by side (issue 15).

Not a test: a tool. Serve the code before and after a change from one lake (``sales-dash
serve --data LAKE --port 8561`` in each worktree, another port each), then ``python -m
tests.e2e.clock_compare --url before=http://127.0.0.1:8561 --url after=http://127.0.0.1:8562``.
Each page is timed on each dashboard in turn, then on the floor app, with the bench's
own interactions and settle rule (``sales_dash_bench.browser``); p50 / p95 per cell, to
settled and to seen.

Whichever dashboard was timed first on a page read faster, by up to a quarter, in an
A/A run (docs/performance.md, "No source watcher"): so each page is timed in
``--rounds`` rounds, the order turned round each round, and a cell pools its rounds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from sales_dash_bench.browser import (
    _WATCH,
    CHROMIUM,
    CHROMIUM_ARGS,
    INTERACTIONS,
    Clock,
    _path,
    floor_server,
    time_interactions,
)


def cell(samples: list[float]) -> str:
    if not samples:
        return "—"
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):,.0f} / {p95:,.0f}"


def _row(label: str, samples: dict[str, list[float]]) -> str:
    return f"| {label} | " + " | ".join(cell(samples[n]) for n in INTERACTIONS) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", required=True, help="LABEL=URL")
    parser.add_argument("--pages", default="overview,attainment,margin,collections,expenses")
    parser.add_argument("--repeats", type=int, default=2, help="samples per round")
    parser.add_argument("--rounds", type=int, default=2, help="the order turned each round")
    args = parser.parse_args()
    pages = args.pages.split(",")
    apps = [given.split("=", 1) for given in args.url]
    rows: list[str] = []
    seen_rows: list[str] = []
    with (
        tempfile.TemporaryDirectory() as logs,
        floor_server(Path(logs) / "floor.log") as floor_app,
        sync_playwright() as playwright,
    ):
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )

        def clock(url: str) -> Clock:
            context = chromium.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            context.add_init_script(f"({_WATCH})()")
            return Clock(context.new_page(), url)

        for index, page in enumerate(pages):
            other = pages[index - 1] if index else (pages[1:] or ["margin"])[0]
            pooled: dict[str, tuple[dict[str, list[float]], dict[str, list[float]]]] = {
                label: ({n: [] for n in INTERACTIONS}, {n: [] for n in INTERACTIONS})
                for label, _ in apps
            }
            for round_ in range(args.rounds):
                for label, url in apps if round_ % 2 == 0 else apps[::-1]:
                    found, seen = time_interactions(
                        clock(url), _path(page), _path(other), args.repeats
                    )
                    for into, samples in zip(pooled[label], (found, seen), strict=True):
                        for name, values in samples.items():
                            into[name].extend(values)
            for label, (found, seen) in pooled.items():
                rows.append(_row(f"{page}, {label}", found))
                seen_rows.append(_row(f"{page}, {label}", seen))
                print(rows[-1], seen_rows[-1], flush=True)
        floor, floor_seen = time_interactions(clock(floor_app.url), "", "margin", args.repeats)
        rows.append(_row("floor", floor))
        seen_rows.append(_row("floor", floor_seen))
        chromium.close()
    for title, table in (("settled", rows), ("seen", seen_rows)):
        print(f"\n{title}, p50 / p95 ms\n\n| page | " + " | ".join(INTERACTIONS) + " |")
        print("|---|" + "---:|" * len(INTERACTIONS))
        print("\n".join(table))


if __name__ == "__main__":
    main()

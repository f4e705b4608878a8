"""What a new session and a region pick cost the server's CPU (issue 15), for running
dashboards side by side: each page load in a new browser context (a tab opened, a reload,
a shared link), then region picks in it, alternated between the servers.

Not a test: a tool. Serve the two setups yourself (``sales-dash serve --data LAKE --port
8561`` and, say, ``... --port 8562 --server.fileWatcherType=auto``), then ``python -m
tests.e2e.session_cost_probe --server now=8561:PID --server before=8562:PID`` with each
server's process id (``ss -ltnp``). CPU is the process's user and system time from
/proc, so nothing else on the machine counts; the milliseconds to the first chart drawn
are printed beside it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.e2e.clock_probe import ARGS, CHROMIUM, OBSERVE, Frames, measure, pick_region, settle

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """The process's user and system CPU time so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", action="append", required=True, help="LABEL=PORT:PID")
    parser.add_argument("--page", default="margin")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--picks", type=int, default=4)
    args = parser.parse_args()
    servers = {}
    for given in args.server:
        label, _, spec = given.partition("=")
        port, _, pid = spec.partition(":")
        servers[label] = (int(port), int(pid))
    found: dict[str, dict[str, list[float]]] = {
        label: {"load": [], "first": [], "pick": []} for label in servers
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(args.rounds):
            for label, (port, pid) in servers.items():
                context = browser.new_context(viewport={"width": 1280, "height": 720})
                page = context.new_page()
                before, started = cpu_seconds(pid), time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/{args.page}")
                page.wait_for_selector(".sales-dash-plot .main-svg", timeout=120_000)
                found[label]["first"].append(1000 * (time.perf_counter() - started))
                page.evaluate(OBSERVE)
                settle(page, 0)
                found[label]["load"].append(cpu_seconds(pid) - before)
                frames = Frames()
                for i in range(args.picks):
                    before = cpu_seconds(pid)
                    measure(page, frames, pick_region(page, "华东" if i % 2 == 0 else None))
                    found[label]["pick"].append(cpu_seconds(pid) - before)
                context.close()
        browser.close()
    for label, rows in found.items():
        print(
            f"{label:10} CPU per page load {statistics.median(rows['load']):.2f} s "
            f"({', '.join(f'{x:.2f}' for x in rows['load'])}); "
            f"to the first chart {statistics.median(rows['first']):,.0f} ms; "
            f"CPU per region pick {statistics.median(rows['pick']):.3f} s"
        )


if __name__ == "__main__":
    main()

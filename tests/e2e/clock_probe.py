"""The user's clock (issue 15): what a region pick, a tab switch and a drill step cost in
the browser, per page, beside a floor app (one selectbox, a few st.write) in the same run.

Not a test: a tool. Start the dashboard yourself (``sales-dash serve --data LAKE --port
8561``), then ``python -m tests.e2e.clock_probe --url http://127.0.0.1:8561``; the probe
serves the floor app itself. Per interaction it prints the time from the action to the
page's last change ("settled": Streamlit's status widget gone and no DOM mutation for
400 ms) and to its last change a user can see ("seen": less the accessibility table
st.dataframe's grid writes into its canvas ~300 ms after drawing it), the DOM elements
of the main area, the bytes of websocket frames the rerun received, how many of the
elements sent were sent unchanged (same path, same bytes as the rerun before), and
Chromium's main-thread milliseconds (script, layout, style, all tasks).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright
from streamlit.proto.Delta_pb2 import Delta
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from sales_dash_bench.browser import UNSEEN

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = ("overview", "attainment", "margin", "collections", "team")
QUIET_MS = 400
BURST_GAP_MS = 16
"""Frames further apart than a display frame: the browser may draw what came before."""

FLOOR_APP = """
import streamlit as st
region = st.sidebar.selectbox("region", ["东", "西", "南", "北"], index=None, key="region")
st.title("floor")
st.write("region", region)
st.write("a few words")
tabs = st.tabs(["a", "b"], key="tab", on_change="rerun")
with tabs[0]:
    st.write("tab a")
st.button("drill", key="drill")
"""

# Records the time of the last DOM mutation in the main area (the settle clock's input).
# and the moment of the user's triggering event (the probe arms it just before).
OBSERVE = """() => {
    const unseen = UNSEEN;
    window.__lastChange = performance.now();
    window.__armed = false;
    const trigger = () => {
        if (window.__armed) { window.__armed = false; window.__actionAt = performance.now(); }
    };
    for (const kind of ['pointerdown', 'keydown']) {
        document.addEventListener(kind, trigger, {capture: true});
    }
    const main = document.querySelector('[data-testid="stApp"]');
    window.__lastSeen = performance.now();
    new MutationObserver((records) => {
        window.__lastChange = performance.now();
        if (!records.every(unseen)) window.__lastSeen = window.__lastChange;
    }).observe(main, {subtree: true, childList: true, attributes: true, characterData: true});
}""".replace("UNSEEN", UNSEEN)  # the bench's rule: which changes no user sees
SETTLED = f"""(start) => {{
    const running = document.querySelector('[data-testid="stStatusWidget"]') !== null;
    const app = document.querySelector('[data-testid="stApp"]');
    const idle = app && app.getAttribute('data-test-script-state') === 'notRunning';
    return !running && idle && window.__lastChange > start
        && performance.now() - window.__lastChange > {QUIET_MS};
}}"""
ELEMENTS = """() => document.querySelector('[data-testid="stMain"]')
    .querySelectorAll('*').length"""


@dataclass
class Frames:
    """The websocket frames received since the last ``take``, decoded as ForwardMsgs."""

    raw: list[bytes] = field(default_factory=list)
    sent_at: list[float] = field(default_factory=list)  # CDP clock, seconds
    received_at: list[float] = field(default_factory=list)
    last: dict[str, str] = field(default_factory=dict)  # delta path -> digest, last rerun

    def received(self, event: dict) -> None:
        self.received_at.append(float(event["timestamp"]))
        response = event["response"]
        data = response["payloadData"]
        self.raw.append(base64.b64decode(data) if response["opcode"] == 2 else data.encode())

    def sent(self, event: dict) -> None:
        self.sent_at.append(float(event["timestamp"]))

    def server_ms(self) -> float:
        """From the browser's first message of the rerun to the server's last answer:
        the server's run and the transfer."""
        if not self.sent_at or not self.received_at:
            return 0.0
        return 1000 * (max(self.received_at) - min(self.sent_at))

    def deltas(self) -> list[Delta]:
        """The deltas (element changes) among the frames, which are kept."""
        found = []
        for frame in self.raw:
            try:
                message = ForwardMsg.FromString(frame)
            except Exception:  # a frame the probe cannot read is not a delta
                continue
            if message.WhichOneof("type") == "delta":
                found.append(message.delta)
        return found

    def bursts(self, gap_ms: float = BURST_GAP_MS) -> tuple[int, float]:
        """How many bursts the rerun's frames came in (apart by more than ``gap_ms``: the
        browser draws each burst on its own), and the first to the last frame's ms."""
        times = sorted(self.received_at)
        if not times:
            return 0, 0.0
        apart = sum(1 for a, b in itertools.pairwise(times) if 1000 * (b - a) > gap_ms)
        return 1 + apart, 1000 * (times[-1] - times[0])

    def take(self) -> tuple[int, int, int, int]:
        """Bytes, elements sent, elements sent unchanged (or as a reference to Streamlit's
        message cache), and the unchanged ones' bytes."""
        total = sum(len(frame) for frame in self.raw)
        sent: dict[str, str] = {}
        deltas = 0
        unchanged = unchanged_bytes = refs = 0
        for frame in self.raw:
            try:
                message = ForwardMsg.FromString(frame)
            except Exception:  # a frame the probe cannot read counts as bytes only
                continue
            kind = message.WhichOneof("type")
            if kind == "ref_hash":  # Streamlit's own cache: an unchanged big element, by hash
                refs += 1
            if kind != "delta":
                continue
            path = ".".join(map(str, message.metadata.delta_path))
            body = message.delta.SerializeToString()
            digest = hashlib.sha1(body).hexdigest()
            sent[path] = digest
            deltas += 1
            if self.last.get(path) == digest:
                unchanged += 1
                unchanged_bytes += len(body)
        self.raw.clear()
        self.sent_at.clear()
        self.received_at.clear()
        self.last.update(sent)  # a fragment's rerun sends its own paths only
        return total, deltas + refs, unchanged + refs, unchanged_bytes


def settle(page, start: float, timeout_ms: int = 60_000) -> float:
    """Milliseconds from ``start`` (page clock) to the page's last change."""
    page.wait_for_function(SETTLED, arg=start, timeout=timeout_ms, polling=50)
    return float(page.evaluate("window.__lastChange")) - start


def arm(page) -> None:
    """Start the clock at the next click or key press (the action's trigger)."""
    page.evaluate("window.__armed = true")


RENDERER = ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "TaskDuration")
"""Chromium's main-thread seconds (``Performance.getMetrics``), summed per interaction."""


def renderer_metrics(cdp) -> dict[str, float]:
    if cdp is None:
        return {}
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return {m["name"]: float(m["value"]) for m in metrics if m["name"] in RENDERER}


def measure(page, frames: Frames, action: Callable[[], None], cdp=None) -> dict[str, float] | None:
    """One sample; None when the action could not be done (a widget not found in time)."""
    frames.take()
    before = renderer_metrics(cdp)
    start = float(page.evaluate("performance.now()"))
    try:
        action()
    except PlaywrightError as missed:
        print(f"  skipped a sample: {str(missed).splitlines()[0]}", flush=True)
        page.keyboard.press("Escape")
        page.wait_for_timeout(1_500)  # let a rerun the half-done action started end
        return None
    settle(page, start)
    ms = float(page.evaluate("window.__lastChange - window.__actionAt"))
    seen = float(page.evaluate("Math.max(0, window.__lastSeen - window.__actionAt)"))
    server = frames.server_ms()
    bursts, spread = frames.bursts()
    total, sent, unchanged, unchanged_bytes = frames.take()
    after = renderer_metrics(cdp)
    cpu = {name: 1000 * (after[name] - before[name]) for name in after}
    return {
        **cpu,
        "ms": ms,
        "seen": seen,
        "server": server,
        "bursts": bursts,
        "spread": spread,
        "bytes": total,
        "sent": sent,
        "unchanged": unchanged,
        "unchanged_bytes": unchanged_bytes,
        "dom": page.evaluate(ELEMENTS),
    }


def pick_region(page, name: str | None) -> Callable[[], None]:
    """Pick ``name`` in the sidebar's region box, or (None) take the last pick out."""

    def act() -> None:
        field_ = page.locator('[data-testid="stSidebar"] .st-key-region input')
        field_.click()
        if name is None:
            arm(page)
            page.keyboard.press("Backspace")
        else:
            field_.fill(name)
            option = page.get_by_role("option", name=name, exact=True)
            option.wait_for(timeout=10_000)
            arm(page)
            option.click()
        page.keyboard.press("Escape")

    return act


def switch_tab(page) -> Callable[[], None] | None:
    tabs = page.locator('[data-testid="stMain"] [role="tab"][aria-selected="false"]')
    if tabs.count() == 0:
        return None
    return lambda: (arm(page), tabs.first.click())[-1]


def drill_step(page) -> Callable[[], None] | None:
    """Click a bar of the drill chart (the page's last chart), or the breadcrumb's home;
    the floor's button."""
    if page.locator(".st-key-drill button").count():
        return lambda: (arm(page), page.locator(".st-key-drill button").click())[-1]
    home = page.locator(".st-key-crumb_all button")
    if page.locator(".st-key-crumb_region").count():
        return lambda: (arm(page), home.first.click())[-1]
    drill_chart = page.locator('[class*="st-key-drill_chart"] .sales-dash-plot')
    if drill_chart.count() == 0:
        return None
    bars = drill_chart.last.locator("g.point path")
    if bars.count() == 0:
        return None
    return lambda: (arm(page), bars.first.click(force=True))[-1]


def summary(rows: list[dict[str, float]]) -> str:
    if not rows:
        return "—"
    ms = sorted(row["ms"] for row in rows)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    last = rows[-1]
    return (
        f"p50 {statistics.median(ms):6.0f} ms  p95 {p95:6.0f} ms  "
        f"seen p50 {statistics.median(row['seen'] for row in rows):6.0f} ms  "
        f"server+ws {statistics.median(r['server'] for r in rows):5.0f} ms  "
        f"bursts {statistics.median(r['bursts'] for r in rows):3.0f} "
        f"over {statistics.median(r['spread'] for r in rows):4.0f} ms  "
        f"ws {statistics.median(r['bytes'] for r in rows) / 1024:7.1f} KiB  "
        f"sent {last['sent']:3.0f} unchanged {last['unchanged']:3.0f} "
        f"({last['unchanged_bytes'] / 1024:.1f} KiB)  dom {last['dom']:5.0f}"
        + "".join(
            f"  {name.removesuffix('Duration').lower()} "
            f"{statistics.median(r[name] for r in rows):4.0f}"
            for name in RENDERER
            if name in last
        )
    )


def probe(
    page,
    frames: Frames,
    url: str,
    regions: tuple[str, ...],
    repeats: int,
    floor: bool = False,
    cdp=None,
) -> dict[str, list[dict[str, float]]]:
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"]')
    page.evaluate(OBSERVE)
    settle(page, 0)
    out: dict[str, list[dict[str, float]]] = {"region": [], "tab": [], "drill": []}
    for _ in range(repeats):
        # the floor's selectbox holds one: pick the other; the dashboard's: take it out
        other = regions[1] if floor else None
        for pick in (regions[0], other):
            sample = measure(page, frames, pick_region(page, pick), cdp)
            out["region"] += [sample] if sample else []
    for _ in range(repeats):
        for name, find in (("drill", drill_step), ("tab", switch_tab)):
            action = find(page)
            sample = measure(page, frames, action, cdp) if action is not None else None
            out[name] += [sample] if sample else []
    return out


def serve_floor(port: int) -> subprocess.Popen[bytes]:
    script = Path(tempfile.mkdtemp()) / "floor.py"
    script.write_text(FLOOR_APP, encoding="utf-8")
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true"]
    command += [f"--server.port={port}", "--browser.gatherUsageStats=false"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("the floor app did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--url",
        action="append",
        required=True,
        help="a running dashboard, as LABEL=URL (given twice: before and after, one run)",
    )
    parser.add_argument("--floor-port", type=int, default=8599)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--regions", default="华东,华北", help="two region names to pick")
    args = parser.parse_args()
    regions = tuple(args.regions.split(","))

    floor = serve_floor(args.floor_port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            page = context.new_page()
            frames = Frames()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.on("Network.webSocketFrameReceived", frames.received)
            cdp.on("Network.webSocketFrameSent", frames.sent)
            cdp.send("Performance.enable")
            targets = {"floor": f"http://127.0.0.1:{args.floor_port}/"}
            for name in args.pages.split(","):  # the apps side by side, page by page
                for given in args.url:
                    label, _, base = given.rpartition("=")
                    path = "" if name == "overview" else name
                    targets[f"{label or 'app'}:{name}"] = f"{base.rstrip('/')}/{path}"
            for name, url in targets.items():
                floor_regions = ("东", "西")
                picks = floor_regions if name == "floor" else regions
                found = probe(page, frames, url, picks, args.repeats, name == "floor", cdp)
                for action, rows in found.items():
                    print(f"{name:22} {action:7} {summary(rows)}", flush=True)
            browser.close()
    finally:
        floor.terminate()
        floor.wait(timeout=10)


if __name__ == "__main__":
    main()

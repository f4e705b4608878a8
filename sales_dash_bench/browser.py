"""The browser clock: what a manager waits for, from a click to a settled page.

Playwright drives Debian's Chromium (``/usr/bin/chromium``, never a downloaded browser)
against the real server (``sales-dash serve`` on a free port with the bench lake) and,
in the same run, against the floor (``floor_app.py``: a minimal Streamlit app with the
same widgets under the same keys). On each page it times five interactions: a region
picked in the sidebar, the period changed, a tab switched, one drill step, and the switch
to the page from another one.

Settled: Streamlit's status widget (``[data-testid="stStatusWidget"]``) is gone, the app
says its script is not running, and the page has not changed for 400 ms (a
MutationObserver over the whole document). The time of an interaction runs from the
click to the last change before that quiet, so the 400 ms of waiting are not counted.
Seen: the same, to the last change a user can see: ``st.dataframe``'s grid writes a table
for screen readers into its canvas some 300 ms after it has drawn, which is never drawn.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sales_dash.lake import Lake
from sales_dash.settings import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
"""Headless Chromium as the benchmark and the browser tests run it (nothing phones home)."""
FLOOR_APP = Path(__file__).with_name("floor_app.py")
QUIET_MS = 400
STARTUP_S = 120
QUIET_CPU, QUIET_SECONDS, WARM_TIMEOUT_S = 0.1, 3, 900
"""A warm server: under a tenth of a core for 3 s in a row, waited for 15 min at most."""
SETTLE_TIMEOUT_MS = 120_000
OPEN_ATTEMPTS = 3
ABSENT_AFTER_MS = 3_000
"""A widget not shown this long after the page settled is not on the page."""
INTERACTIONS = ("region", "period", "tab", "drill", "page")
"""Region pick, period change, tab switch, drill step, page switch."""
STREAMLIT_OPTIONS = [
    "--server.headless=true",
    "--browser.gatherUsageStats=false",
    "--server.fileWatcherType=none",
]

UNSEEN = """(record) => {
    // st.dataframe's grid writes an accessibility table (for screen readers, never drawn)
    // into its canvas some 300 ms after it has drawn: a change, but none a user sees
    const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    const canvas = node && node.closest('[data-testid="data-grid-canvas"]');
    if (!canvas) return false;
    return node !== canvas || record.type === 'childList';
}"""
"""Whether a MutationObserver record is a change no user sees (the clock's "seen")."""
_WATCH = f"""() => {{
    const unseen = {UNSEEN};
    window.__benchLast = performance.now();
    window.__benchSeen = window.__benchLast;
    new MutationObserver((records) => {{
        window.__benchLast = performance.now();
        if (!records.every(unseen)) window.__benchSeen = window.__benchLast;
    }}).observe(document, {{subtree: true, childList: true, attributes: true,
                            characterData: true}});
}}"""
_MARK = """() => {
    window.__benchStart = performance.now(); window.__benchLast = 0; window.__benchSeen = 0;
}"""
_SETTLED = f"""() => {{
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null
        && document.querySelector('[data-testid="stStatusWidget"]') === null
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && window.__benchLast > window.__benchStart
        && performance.now() - window.__benchLast >= {QUIET_MS};
}}"""
_ELAPSED = """() => [window.__benchLast - window.__benchStart,
                    Math.max(window.__benchSeen - window.__benchStart, 0)]"""
_IDLE = f"""() => {{
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null
        && document.querySelector('[data-testid="stStatusWidget"]') === null
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && performance.now() - window.__benchLast >= {QUIET_MS};
}}"""


Sample = tuple[float, float]
"""One interaction: milliseconds to settled, and to the last change a user sees."""
Timings = tuple[dict[str, list[float]], dict[str, list[float]]]
"""Per interaction, the milliseconds to settled and to seen of each time it was done."""


class NoChromium(RuntimeError):
    """Debian's Chromium is not installed (``--no-browser`` skips the browser clock)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


@contextlib.contextmanager
def served(command: list[str], port: int, env: dict[str, str], log: Path) -> Iterator[Server]:
    """Run a Streamlit server ``command`` listening on ``port``; its URL and process id
    while it runs."""
    url = f"http://127.0.0.1:{port}"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT
        )
        try:
            _wait_healthy(url, server, log)
            yield Server(url, server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the server exited with code {server.returncode}: {tail}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"no server answered at {url} within {STARTUP_S} s")


def cpu_seconds(pid: int) -> float:
    """The CPU time process ``pid`` has used, all its threads (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_quiet(pid: int, timeout_s: float = WARM_TIMEOUT_S) -> float:
    """Wait until process ``pid`` has used under ``QUIET_CPU`` of a core for
    ``QUIET_SECONDS`` in a row (its tables loaded: the background loader keeps a core
    busy), at most ``timeout_s``; returns the seconds waited."""
    started = previous_time = time.monotonic()
    previous_cpu, quiet = cpu_seconds(pid), 0
    while quiet < QUIET_SECONDS and previous_time - started < timeout_s:
        time.sleep(1.0)
        now, cpu = time.monotonic(), cpu_seconds(pid)
        quiet = quiet + 1 if cpu - previous_cpu < QUIET_CPU * (now - previous_time) else 0
        previous_time, previous_cpu = now, cpu
    return previous_time - started


def app_server(lake: Lake, log: Path) -> contextlib.AbstractContextManager[Server]:
    """``sales-dash serve`` on a free port of this machine, serving ``lake``."""
    port = free_port()
    command = [
        sys.executable, "-m", "sales_dash", "serve", "--port", str(port),
        "--data", str(lake.root), *STREAMLIT_OPTIONS,
    ]  # fmt: skip
    # the bench's own language setting: the clicks find widgets by key, never by label
    return served(command, port, {**os.environ, "SALES_DASH_DATA": str(lake.root)}, log)


def floor_server(log: Path) -> contextlib.AbstractContextManager[Server]:
    """The floor app on a free port of this machine."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(FLOOR_APP), f"--server.port={port}",
        "--server.address=127.0.0.1", *STREAMLIT_OPTIONS,
    ]  # fmt: skip
    return served(command, port, dict(os.environ), log)


class Clock:
    """One browser tab on one server, timing interactions until settled."""

    def __init__(self, tab: Any, url: str) -> None:
        self.tab = tab
        self.url = url

    def open(self, path: str) -> None:
        """Load a page afresh (a new session: the filters as the URL gives them)."""
        self.tab.goto(f"{self.url}/{path}")
        self.idle()
        # a page that folds the sidebar away (the meeting): opened, as a user would
        expand = self.tab.locator("[data-testid='stExpandSidebarButton']")
        if expand.count() and expand.first.is_visible():
            expand.first.click()
            self.tab.locator("[data-testid='stSidebarNav']").first.wait_for()
            self.idle()

    def idle(self) -> None:
        self.tab.wait_for_function(_IDLE, timeout=SETTLE_TIMEOUT_MS, polling=50)

    def timed(self, prepare: Callable[[], object], act: Callable[[], object]) -> Sample:
        """Milliseconds from ``act`` to the settled page, and to its last change a user
        sees (``prepare`` is not counted)."""
        self.idle()
        prepare()
        self.tab.evaluate(_MARK)
        act()
        self.tab.wait_for_function(_SETTLED, timeout=SETTLE_TIMEOUT_MS, polling=50)
        settled, seen = self.tab.evaluate(_ELAPSED)
        return round(float(settled), 1), round(float(seen), 1)

    def _shown(self, element: Any) -> bool:
        """Whether the page shows ``element`` (a page without such a widget: no)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            element.wait_for(state="visible", timeout=ABSENT_AFTER_MS)
        except PlaywrightTimeout:
            return False
        return True

    def _options(self, key: str, where: str = "") -> list[Any]:
        """Open the select widget ``key``; its options not chosen yet (a multiselect's
        "select all" left out)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        widget = self.tab.locator(f"{where}.st-key-{key} input").first
        listed = self.tab.locator("[role='listbox'] [role='option']")
        self._close_lists()
        for attempt in range(OPEN_ATTEMPTS):
            # a click can land while a rerun redraws the widget, and an empty combobox
            # opens on a key, not a click: ArrowDown opens any of them
            widget.click()
            if not listed.first.is_visible():
                widget.press("ArrowDown")
            try:
                listed.first.wait_for(timeout=3_000)
                options = [listed.nth(i) for i in range(listed.count())]
                # a rerun can close the list while it is read (a busy machine): open it again
                return [
                    option
                    for option in options
                    if option.get_attribute("aria-selected", timeout=3_000) != "true"
                    and option.get_attribute("data-key", timeout=3_000) != "__select_all__"
                ]
            except PlaywrightTimeout:
                if attempt == OPEN_ATTEMPTS - 1:
                    raise
                self._close_lists()
                self.idle()
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _close_lists(self) -> None:
        """Shut an open option list (a multiselect's stays open after a pick, and makes
        the rest of the page inert)."""
        listbox = self.tab.locator("[role='listbox']")
        for _ in range(OPEN_ATTEMPTS):
            if not (listbox.count() and listbox.first.is_visible()):
                return
            self.tab.keyboard.press("Escape")
            self.tab.wait_for_timeout(100)

    def region(self, index: int) -> Sample | None:
        """Pick one more region in the sidebar's region filter."""
        return self._select("region", index, "[data-testid='stSidebar'] ")

    def _select(self, key: str, index: int, where: str = "") -> Sample | None:
        if not self._shown(self.tab.locator(f"{where}.st-key-{key} input").first):
            return None
        options = self._options(key, where)
        if not options:  # every region picked already
            self._close_lists()
            return None
        chosen = options[index % len(options)]

        def act() -> None:
            chosen.click()
            self._close_lists()

        return self.timed(lambda: None, act)

    def period(self, index: int) -> Sample | None:
        return self._select("period", index, "[data-testid='stSidebar'] ")

    def drill(self, index: int) -> Sample | None:
        return self._select("drill_region", index, "[data-testid='stMain'] ")

    def tab_switch(self, index: int) -> Sample | None:
        tabs = self.tab.locator("[data-testid='stMain'] [role='tablist']").first.locator(
            "[role='tab']"
        )
        if not self._shown(tabs.nth(1)):
            return None
        target = tabs.nth(1 if index % 2 == 0 else 0)
        return self.timed(lambda: None, target.click)

    def page_switch(self, path: str, other: str) -> Sample | None:
        """From the page ``other`` (loaded afresh, not counted) to ``path`` by its link."""
        self.open(other)
        link = self.tab.locator(f"[data-testid='stSidebarNav'] a[href$='/{path}']").first
        if not self._shown(link):
            return None
        return self.timed(lambda: None, link.click)


def time_interactions(clock: Clock, path: str, other: str, repeats: int) -> Timings:
    """Each interaction ``repeats`` times on the page ``path``: milliseconds to settled,
    and to the last change a user sees."""
    settled: dict[str, list[float]] = {name: [] for name in INTERACTIONS}
    seen: dict[str, list[float]] = {name: [] for name in INTERACTIONS}
    steps: dict[str, Callable[[int], Sample | None]] = {
        "region": clock.region,
        "period": clock.period,
        "drill": clock.drill,  # before the tabs: another tab may hide the drill
        "tab": clock.tab_switch,
    }

    def note(name: str, sample: Sample) -> None:
        settled[name].append(sample[0])
        seen[name].append(sample[1])

    def say(what: str) -> None:
        print(f"browser clock: {path or 'overview'} {what}", file=sys.stderr)

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    def tried(name: str, step: Callable[[int], Sample | None], index: int) -> Sample | bool:
        """The step's sample; False when its widget is not shown, True when it was stuck
        (on a busy machine: one interaction costs its sample, not the run)."""
        try:
            return step(index) or False
        except PlaywrightTimeout as error:
            say(f"{name} {index + 1}: left out, {str(error).splitlines()[0]}")
            clock.open(path)
            return True

    for name, step in steps.items():
        clock.open(path)
        for index in range(repeats):
            say(f"{name} {index + 1}")
            sample = tried(name, step, index)
            if sample is False and index == 0:
                # not shown in time: on a busy machine a page can take longer to draw
                # than ABSENT_AFTER_MS; absent twice from a fresh page, it is not there
                say(f"{name}: not shown, again")
                clock.open(path)
                sample = tried(name, step, index)
            if sample is False:
                say(f"{name}: not on the page")
                break
            if isinstance(sample, tuple):
                note(name, sample)
    for _ in range(repeats):
        switched = clock.page_switch(path, other)
        if switched is None:
            break
        note("page", switched)
    return settled, seen


def browser_clock(lake: Lake, pages: list[str], repeats: int) -> dict[str, Any]:
    """The app's pages and the floor, each interaction ``repeats`` times, in one run:
    {"app": {page: {interaction: [ms, ...]}}, "floor": {interaction: [ms, ...]}}, to
    settled, and the same under "seen", to the last change a user sees."""
    if not CHROMIUM.exists():
        raise NoChromium(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory() as logs,
        app_server(lake, Path(logs) / "app.log") as app,
        floor_server(Path(logs) / "floor.log") as floor_app,
        sync_playwright() as playwright,
    ):
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:

            def clock(url: str) -> Clock:
                # a context each: no widget state carried over from another page
                context = chromium.new_context(
                    viewport={"width": 1440, "height": 900}, locale="zh-CN"
                )
                context.add_init_script(f"({_WATCH})()")
                return Clock(context.new_page(), url)

            # timed as a server that has been up a while serves, as the AppTest reruns
            # are (``wait_loaded``): its tables loaded from their kept files (at 100M
            # lines 46 s), which the first page starts
            app_url, floor_url = app.url, floor_app.url
            clock(app_url).open(_path(pages[0]))
            wait_quiet(app.pid)
            found: dict[str, dict[str, list]] = {}
            seen: dict[str, dict[str, list]] = {}
            for index, page in enumerate(pages):
                # from the page before (the first page: from the second; the meeting,
                # last, folds the sidebar away and is no page to switch from)
                other = pages[index - 1] if index else (pages[1:] or ["margin"])[0]
                found[page], seen[page] = time_interactions(
                    clock(app_url), _path(page), _path(other), repeats
                )
            floor, floor_seen = time_interactions(clock(floor_url), "", "margin", repeats)
        finally:
            chromium.close()
    return {"app": found, "floor": floor, "seen": {"app": seen, "floor": floor_seen}}


def _path(page: str) -> str:
    """A page's URL path (the overview is the app's root)."""
    return "" if page == "overview" else page

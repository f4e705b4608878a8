"""End-to-end fixtures: the real app served by `streamlit run` on a demo lake, driven by
Debian's headless Chromium through Playwright.

Screenshots land in tests/artifacts/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest

from sales_dash.demo import build_demo
from sales_dash.lake import Lake
from sales_dash.settings import PROJECT_ROOT
from sales_dash_bench.browser import CHROMIUM, CHROMIUM_ARGS, Server, free_port, served
from tests.conftest import DEMO_ROWS, DEMO_TODAY

SCREENSHOTS = PROJECT_ROOT / "tests" / "artifacts" / "screenshots"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def e2e_lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    """A demo lake around a fixed date, private to the browser tests (they may upload)."""
    lake = Lake(tmp_path_factory.mktemp("e2e") / "lake")
    build_demo(lake, seed=7, rows=DEMO_ROWS, today=DEMO_TODAY)
    return lake


SERVER_LOGS: list[Path] = []
"""Every server log of the session: a failed test's report carries their page errors."""
LOG_TAIL = 120
"""Lines of a server log's tail attached to a failed test's report."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed browser test's report carries the tail of each server log that recorded a
    page error: the page shows only an error id, and CI keeps no server log."""
    report = yield
    if report.failed:
        for log in SERVER_LOGS:
            lines = log.read_text(errors="replace").splitlines() if log.exists() else []
            if any("error id" in line for line in lines):
                report.sections.append((f"server log {log}", "\n".join(lines[-LOG_TAIL:])))
    return report


@contextlib.contextmanager
def serve(
    lake: Lake, log: Path, env: dict[str, str] | None = None, port: int | None = None
) -> Iterator[str]:
    """`streamlit run app.py` serving ``lake`` (with ``env`` over the environment) on
    ``port`` (a free one unless given): its URL."""
    port = port or free_port()
    SERVER_LOGS.append(log)
    environment = {**os.environ, "SALES_DASH_DATA": str(lake.root), **(env or {})}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PROJECT_ROOT / "app.py"),
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]
    with served(command, port, environment, log) as server:
        yield server.url


@contextlib.contextmanager
def serve_script(script: Path, log: Path) -> Iterator[Server]:
    """`streamlit run` of a small app of a test's own (``script``, importing the app's
    modules), on a free port: its URL and process id while it runs."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true"]
    command += [f"--server.port={port}", "--server.address=127.0.0.1"]
    command += ["--browser.gatherUsageStats=false", "--server.fileWatcherType=none"]
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    with served(command, port, environment, log) as server:
        yield server


@pytest.fixture(scope="session")
def app_url(e2e_lake: Lake, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of `streamlit run app.py` serving ``e2e_lake``."""
    with serve(e2e_lake, tmp_path_factory.mktemp("server") / "streamlit.log") as url:
        yield url


ServerFactory = Callable[..., tuple[str, Lake]]


@pytest.fixture(scope="session")
def server_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerFactory]:
    """Start an app on a lake of its own: ``start(env={...}, demo=False)`` gives its URL and
    lake (empty unless ``demo``); every server started stops at the end of the session."""
    with contextlib.ExitStack() as servers:

        def start(env: dict[str, str] | None = None, demo: bool = False) -> tuple[str, Lake]:
            folder = tmp_path_factory.mktemp("server")
            lake = Lake(folder / "lake")
            if demo:
                build_demo(lake, seed=7, rows=DEMO_ROWS, today=DEMO_TODAY)
            return servers.enter_context(serve(lake, folder / "streamlit.log", env)), lake

        yield start


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed at /usr/bin/chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder screenshots go to, emptied at the start of the session."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


_IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && app.getAttribute('data-test-connection-state') === 'CONNECTED'
        && document.querySelector('[data-stale="true"]') === null
        && document.querySelector('[data-testid="stSkeleton"]') === null;
}"""
"""Streamlit idle and connected; no element left over from the run before (it keeps them,
marked stale, until the new run has replaced them); no element still a skeleton (a
widget's code is loaded on its first use: a selectbox's label is not there until then)."""


def wait_for_app(page: object, timeout_ms: int = 30_000) -> None:
    """Wait until Streamlit has run the script and stays idle (a rerun may follow a click)."""
    for _ in range(2):
        page.wait_for_timeout(400)
        page.wait_for_function(_IDLE, timeout=timeout_ms)


def assert_no_exception(page: object) -> None:
    """Fail on a Streamlit exception box (a traceback shown to the user)."""
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()

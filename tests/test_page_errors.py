"""A failing page shows an error id and logs the traceback under it (issue 13)."""

from __future__ import annotations

import logging
import re
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from sales_dash.settings import PROJECT_ROOT


def failing_page(language: str) -> None:
    from sales_dash.ui.errors import run_reporting_errors

    def page() -> None:
        raise ValueError("year 10001 is out of range /srv/secret/path.py")

    run_reporting_errors(page, "pages/overview.py", language)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_user_sees_an_id_and_the_log_has_the_traceback(
    language: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="sales_dash"):
        app = AppTest.from_function(failing_page, args=(language,)).run()
    assert app.exception  # raised on: Streamlit's redacted notice, and the tests see it
    [shown] = [e.value for e in app.error]
    error_id = re.search(r"[0-9a-f]{8}", shown)
    assert error_id is not None
    assert "secret" not in shown and "10001" not in shown
    [record] = [r for r in caplog.records if error_id.group() in r.getMessage()]
    assert record.exc_info is not None and "10001" in str(record.exc_info[1])


def failing_page_in_the_frame() -> None:
    from sales_dash.ui.errors import run_reporting_errors

    def page() -> None:
        raise ValueError("year 10001 is out of range")

    run_reporting_errors(lambda: run_reporting_errors(page, "pages/overview.py", "zh"), "app", "zh")


def test_a_page_failure_inside_the_frame_is_reported_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """app.py's frame reports its own failures around the page's report: one id, shown
    once and logged once, under the page's name."""
    with caplog.at_level(logging.ERROR, logger="sales_dash"):
        app = AppTest.from_function(failing_page_in_the_frame).run()
    assert app.exception
    [shown] = [e.value for e in app.error]
    [record] = [r for r in caplog.records if "error id" in r.getMessage()]
    assert "pages/overview.py" in record.getMessage()
    assert record.getMessage()[-8:] in shown


FAILING_SERVER_RUN = """
from sales_dash.ui.errors import run_reporting_errors
def page():
    raise ValueError("year 10001 is out of range")
try:
    run_reporting_errors(page, "pages/overview.py", "en")
except ValueError:
    pass
"""


def test_the_server_log_has_the_time_the_id_and_the_traceback() -> None:
    """In a process of its own, as on a server (no pytest log capture): stderr, where
    Streamlit's log goes, has the error's time, id and traceback."""
    run = subprocess.run(
        [sys.executable, "-c", FAILING_SERVER_RUN],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    logged = re.search(
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ ERROR sales_dash: "
        r"page pages/overview.py failed; error id ([0-9a-f]{8})$",
        run.stderr,
        re.MULTILINE,
    )
    assert logged is not None, run.stderr
    assert "Traceback" in run.stderr and "year 10001 is out of range" in run.stderr

"""A page that fails tells its user an error id to quote, never the traceback.

The traceback goes to the server's log under that id (``client.showErrorDetails`` is off,
so Streamlit alone would show a bare "error" with nothing to quote to an administrator).
The exception then goes on to Streamlit as before: its redacted notice stays, the run
stops as it would have, and the tests (AppTest's ``exception``) see every failure.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from sales_dash.i18n import text
from sales_dash.lake import DataChanged

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _server_log() -> logging.Logger:
    """The app's logger, on the server's stderr with the time: an administrator finds an
    error id by its text and its moment. Python's last-resort handler alone would print
    errors without the time, and drop the notes (``info``)."""
    log = logging.getLogger("sales_dash")
    if not log.handlers:  # once per process; a host that configured it keeps its own
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return log


LOG = _server_log()


@contextmanager
def rerun_on_new_data() -> Iterator[None]:
    """A run whose held lake a write replaced mid-run (``DataChanged``) starts again on
    the new data, rather than show some numbers from before the write and some after."""
    try:
        yield
    except DataChanged:
        LOG.info("the data changed during a run: it starts again")
        st.rerun()


REPORTED = "sales-dash error id "
"""The note (``BaseException.add_note``) a reported exception carries: the frame's report
around the page's does not report it twice."""

# Streamlit's notice under ours: English whatever the language, and it says nothing ours
# does not (the exception stays in the page, for the tests and AppTest, unseen)
HIDE_STREAMLIT_NOTICE = '<style>[data-testid="stException"] { display: none; }</style>'


def run_reporting_errors(run: Callable[[], None], where: str, language: str) -> None:
    """``run()``; an exception is logged with a new id, the id shown in ``language``, and
    the exception raised on. Streamlit's own control flow (``st.rerun``, ``st.stop``, page
    switches) derives from BaseException and passes through untouched; so does the rerun
    after a write replaced the data mid-run. Runs nest (app.py's frame around its page):
    an exception is reported by the innermost only."""
    try:
        with rerun_on_new_data():
            run()
    except Exception as error:
        if any(note.startswith(REPORTED) for note in getattr(error, "__notes__", ())):
            raise
        error_id = secrets.token_hex(4)
        error.add_note(REPORTED + error_id)
        LOG.exception("page %s failed; error id %s", where, error_id)
        st.html(HIDE_STREAMLIT_NOTICE)
        st.error(text("page_failed", language, error_id=error_id), icon=":material/error:")
        raise


def fragment_rerun() -> bool:
    """Whether this run is a fragment's own rerun: the page's ``run_reporting_errors``
    (app.py's) is not around it, so the fragment reports its own failures."""
    run = get_script_run_ctx()
    return run is not None and bool(run.fragment_ids_this_run)

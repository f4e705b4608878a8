"""A failing page shows an error id and logs the traceback under it (issue 13)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest


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


def page_with_a_write_mid_run(root: str) -> None:
    import streamlit as st

    from sales_dash.engine.db import run_sql
    from sales_dash.ingest import ingest_bytes
    from sales_dash.lake import Lake
    from sales_dash.ui.errors import run_reporting_errors

    held = Lake(root).held()  # as every page run holds its data (ui.frame.frame_context)

    def page() -> None:
        first = run_sql(held, "select count(*) as n from orders").item()
        if "written" not in st.session_state:  # another session's upload lands mid-run
            st.session_state.written = True
            csv = "order_id,line_no,order_date,customer_id,rep_id,region,revenue\n"
            csv += "Z1,1,2026-03-01,C9,R1,East,10.00\n"
            ingest_bytes(csv.encode(), "march.csv", "orders", Lake(root))
        second = run_sql(held, "select count(*) as n from orders").item()
        st.write(f"{first} lines, then {second}")

    run_reporting_errors(page, "pages/overview.py", "en")


def test_a_write_mid_run_starts_the_run_again_on_the_new_data(tmp_path: Path) -> None:
    """A page reads one version of the data: a write landing between two of its reads
    does not show one number from before it and one from after; the run starts again,
    and every number is the new data's."""
    from tests.engine.conftest import ORDERS_CSV, write_lake

    lake = write_lake(tmp_path, {"orders": ORDERS_CSV})
    app = AppTest.from_function(page_with_a_write_mid_run, args=(str(lake.root),)).run()
    assert not app.exception and not app.error
    assert [m.value for m in app.markdown] == ["6 lines, then 6"]

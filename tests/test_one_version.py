"""A page run reads one version of the data (``Lake.held``; docs/architecture.md, "Reads
while a write lands"): a write landing mid-run starts the run again on the new data, so
no page shows one number from before it and one from after. Real uploads, the real app
under AppTest; the write lands mid-run as another user's upload would."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.engine.conftest import ORDERS_CSV, write_lake

WEST = (
    "order_id,line_no,order_date,customer_id,rep_id,region,revenue\n"
    "W1,1,2026-02-10,C9,R3,West,90.00\n"
)
"""An upload that brings a region the lake had not seen."""


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
    """A write landing between two of a page's reads: the run starts again, and every
    number is the new data's."""
    lake = write_lake(tmp_path, {"orders": ORDERS_CSV})
    app = AppTest.from_function(page_with_a_write_mid_run, args=(str(lake.root),)).run()
    assert not app.exception and not app.error
    assert [m.value for m in app.markdown] == ["6 lines, then 6"]


def frame_then_page(root: str) -> None:
    import streamlit as st

    from sales_dash.access import Access
    from sales_dash.ingest import ingest_bytes
    from sales_dash.lake import Lake
    from sales_dash.ui.data import ACCESS_KEY
    from sales_dash.ui.frame import frame_context, frame_lake
    from tests.test_one_version import WEST

    st.session_state[ACCESS_KEY] = Access.everything()
    frame = frame_context()  # app.py's: the sidebar reads with it
    ingest_bytes(WEST.encode(), "west.csv", "orders", Lake(root))  # lands between the two
    with frame_lake(frame.lake):  # as app.py opens the page
        page = frame_context()  # the page's own ``context()``
    st.text(f"{page.lake.data_stamp() == frame.lake.data_stamp()}")
    st.text(f"{Lake(root).data_stamp() != frame.lake.data_stamp()}")


def test_the_page_reads_the_version_its_frame_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write landing after the frame (the sidebar's choices) and before the page: the
    page reads the frame's version, whose next read then starts the run again, so the
    sidebar never offers the choices of one version beside the numbers of another."""
    lake = write_lake(tmp_path, {"orders": ORDERS_CSV})
    monkeypatch.setenv("SALES_DASH_DATA", str(lake.root))  # the frame's lake
    app = AppTest.from_function(frame_then_page, args=(str(lake.root),)).run()
    assert not app.exception
    assert [t.value for t in app.text] == ["True", "True"]

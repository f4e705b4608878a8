"""Review of last session's engine changes: after any sequence of writes, undos and
restarts (receipts of 0 and refunds included), the derived tables equal a build from the
lines, a ledger's latest entries are the whole ledger's last rows, and the month trend
at each month's end equals each month alone (branches ledger, build, ingest)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sales_dash.engine.customers import ledger_entries
from sales_dash.engine.metrics import RATE_COLUMNS, compute_metric
from sales_dash.ingest.merge import Mode
from sales_dash.lake import Lake
from sales_dash.periods import split_months
from tests.engine.test_rollup_updates import (
    ORDERS_HEADER,
    PAYMENTS_HEADER,
    assert_derived_equal_the_lines,
    day,
    orders_upload,
    run_steps,
)

receipt = st.tuples(
    st.sampled_from(["P1", "P2", "P3", "P4"]),
    day,
    st.sampled_from(["C1", "C2", "C3"]),
    st.sampled_from(["0", "-50", "120", "333.3333", "700"]),
    st.sampled_from(["", "SO1", "SO2"]),
)
payments_upload = st.tuples(
    st.just("payments"),
    st.just(Mode.UPSERT),
    st.lists(receipt, min_size=1, max_size=4, unique_by=lambda r: r[0]),
)
UNPAID_HEADER = "order_id,line_no,order_date,customer_id,rep_id,region,revenue,status,due_date"
unpaid_line = st.tuples(  # no payment columns (collection unknown), returns among them
    st.sampled_from(["SO1", "SO2", "SO3", "SO6"]),
    st.integers(1, 2),
    day,
    st.sampled_from(["C1", "C2", "C3", ""]),
    st.sampled_from(["R1", "R2", ""]),
    st.sampled_from(["华东", "华南", ""]),
    st.sampled_from(["-80", "45.5", "300", "900"]),
    st.sampled_from(["", "", "cancelled"]),
    st.one_of(st.just(""), day),
)
unpaid_upload = st.tuples(
    st.just("unpaid"),
    st.sampled_from([Mode.UPSERT, Mode.REPLACE_MONTHS]),
    st.lists(unpaid_line, min_size=1, max_size=5, unique_by=lambda line: line[:2]),
)
step = st.one_of(orders_upload, unpaid_upload, payments_upload, st.just("undo"), st.just("restart"))
HEADERS = {"orders": ORDERS_HEADER, "unpaid": UNPAID_HEADER, "payments": PAYMENTS_HEADER}
START, END = dt.date(2026, 1, 1), dt.date(2026, 4, 30)
AS_OF = dt.date(2026, 3, 20)  # the last month with data still running, April after as-of


def assert_reads_agree(lake: Lake) -> None:
    for customer in ("C1", "C2", "C3"):
        whole = ledger_entries(lake, customer, AS_OF)
        for latest in (1, 2, 5):
            assert ledger_entries(lake, customer, AS_OF, latest).equals(whole.tail(latest))
    columns = list(RATE_COLUMNS["collection"])
    trend = compute_metric(
        lake, "collection", START, END, AS_OF, by="month", columns=columns, at_period_ends=True
    )
    for month in split_months(START, END):
        alone = compute_metric(
            lake, "collection", month.start, month.end, min(month.end, AS_OF), columns=columns
        )
        row = trend.filter(pl.col("month") == month.key).select(columns)
        assert row.rows() == alone.select(columns).rows(), month.key


@settings(
    max_examples=int(os.environ.get("REVIEW_EXAMPLES", "5")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(step, min_size=2, max_size=8))
def test_reads_agree_after_any_sequence_of_writes(steps: list) -> None:
    def check(lake: Lake) -> None:
        assert_derived_equal_the_lines(lake)
        assert_reads_agree(lake)

    with tempfile.TemporaryDirectory() as folder:
        run_steps(Lake(Path(folder) / "lake"), steps, HEADERS, check)

"""``engine.gate.Gate``: readers share it, a writer has it alone, and a writer waiting
holds back new readers. Real threads; each wait is bounded so a broken gate fails, not
hangs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager

from sales_dash.engine.gate import Gate

PATIENCE = 5.0
"""Seconds a step that must happen may take."""
BLOCKED = 0.3
"""Seconds a step that must not happen is watched for."""


def _started(work: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def _hold(
    block: Callable[[], AbstractContextManager[None]],
    entered: threading.Event,
    leave: threading.Event,
) -> Callable[[], None]:
    """A thread's work: enter ``block``, say so, stay until told to leave."""

    def work() -> None:
        with block():
            entered.set()
            assert leave.wait(PATIENCE)

    return work


def test_readers_share_the_gate() -> None:
    gate = Gate()
    first, second, leave = threading.Event(), threading.Event(), threading.Event()
    readers = [
        _started(_hold(gate.reading, first, leave)),
        _started(_hold(gate.reading, second, leave)),
    ]
    assert first.wait(PATIENCE) and second.wait(PATIENCE)  # both inside at once
    leave.set()
    for reader in readers:
        reader.join(PATIENCE)


def test_a_writer_waits_for_the_readers_under_way_and_holds_back_new_ones() -> None:
    gate = Gate()
    reading, leave_reading = threading.Event(), threading.Event()
    writing, leave_writing = threading.Event(), threading.Event()
    late_reading, leave_late = threading.Event(), threading.Event()
    reader = _started(_hold(gate.reading, reading, leave_reading))
    assert reading.wait(PATIENCE)
    writer = _started(_hold(gate.writing, writing, leave_writing))
    assert not writing.wait(BLOCKED)  # a reader is under way
    late = _started(_hold(gate.reading, late_reading, leave_late))
    assert not late_reading.wait(BLOCKED)  # a writer waits: no new reader passes it
    leave_reading.set()
    assert writing.wait(PATIENCE)
    assert not late_reading.wait(BLOCKED)  # the writer has it alone
    leave_writing.set()
    assert late_reading.wait(PATIENCE)
    leave_late.set()
    for thread in (reader, writer, late):
        thread.join(PATIENCE)


def test_writers_take_turns() -> None:
    gate = Gate()
    first, leave_first = threading.Event(), threading.Event()
    second, leave_second = threading.Event(), threading.Event()
    one = _started(_hold(gate.writing, first, leave_first))
    assert first.wait(PATIENCE)
    two = _started(_hold(gate.writing, second, leave_second))
    assert not second.wait(BLOCKED)
    leave_first.set()
    assert second.wait(PATIENCE)
    leave_second.set()
    for thread in (one, two):
        thread.join(PATIENCE)


def test_a_block_that_raises_lets_the_others_in() -> None:
    gate = Gate()
    for block in (gate.reading, gate.writing):
        try:
            with block():
                raise ValueError
        except ValueError:
            pass
    entered, leave = threading.Event(), threading.Event()
    writer = _started(_hold(gate.writing, entered, leave))
    assert entered.wait(PATIENCE)
    leave.set()
    writer.join(PATIENCE)

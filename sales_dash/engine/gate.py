"""Many readers of a database, or one thread bringing it to new data: never both.

A database is brought to an upload in many statements (its table views, then each derived
table). DuckDB commits each on its own, so a query that ran between two of them read the
new lines beside the old rollups: a collection rate of one state's receipts over the
other's sales. Python's ``threading`` has no readers-writer lock, and this one is a
dozen lines over its ``Condition``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Gate:
    """Readers share it; a writer has it alone. A writer waiting holds back new readers,
    so a page kept busy does not keep an upload's data from it for ever.

    Not re-entrant: a thread that holds it reading must not ask for it again (a writer
    waiting between the two would wait for it, and it for the writer)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold the block as one of the readers: no writer runs meanwhile."""
        with self._changed:
            self._changed.wait_for(lambda: not self._writing and not self._writers_waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._changed:
                self._readers -= 1
                if not self._readers:
                    self._changed.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the block alone: once the readers under way are done, before new ones."""
        with self._changed:
            self._writers_waiting += 1
            try:
                self._changed.wait_for(lambda: not self._writing and not self._readers)
            finally:
                self._writers_waiting -= 1
                self._changed.notify_all()  # readers held back by a wait that failed
            self._writing = True
        try:
            yield
        finally:
            with self._changed:
                self._writing = False
                self._changed.notify_all()

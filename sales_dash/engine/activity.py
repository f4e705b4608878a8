"""The app's own queries under way, so that background work gives way to them.

A new process loads its derived tables into memory in the background while the first
pages are served from the kept files (``db._load_in_background``). On 2 cores, a table
loaded while the first page runs its queries takes a core from them: at 100M lines the
first page after a start took 5.9-6.9 s with the loader running beside it and 4.5 s
without (docs/performance.md). The loader waits for a pause in the queries before each
table instead.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

QUIET_SECONDS = 1.0
"""How long no query of the app's may have run before background work starts a step: longer
than the gaps inside one page's run (imports, drawing; at most ~0.8 s on a slow machine at
a start), shorter than a manager's pause between two clicks."""
LONGEST_WAIT_SECONDS = 10.0
"""How long background work waits for a pause at most, so that a server kept busy without a
break still loads its tables."""


class Activity:
    """How many queries run now, and when the last one ended."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._running = 0
        self._ended = clock()

    @contextmanager
    def query(self) -> Iterator[None]:
        """Count the block as a query under way."""
        with self._lock:
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                self._ended = self._clock()

    def quiet(self, seconds: float = QUIET_SECONDS) -> bool:
        """Whether no query runs and none ended in the last ``seconds``."""
        with self._lock:
            return self._running == 0 and self._clock() - self._ended >= seconds

    def wait_quiet(
        self,
        stop: threading.Event,
        seconds: float = QUIET_SECONDS,
        longest: float = LONGEST_WAIT_SECONDS,
    ) -> None:
        """Return once ``quiet(seconds)``, after ``longest`` seconds, or when ``stop`` is set."""
        deadline = self._clock() + longest
        while not self.quiet(seconds) and self._clock() < deadline and not stop.is_set():
            stop.wait(0.05)


ACTIVITY = Activity()
"""This process's queries (``db._execute`` counts them)."""

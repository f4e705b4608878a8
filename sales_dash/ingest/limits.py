"""Caps that keep a hostile file from exhausting the machine, read from settings."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from sales_dash.ingest.problems import Problem, RejectedUpload, file_problem
from sales_dash.settings import setting

TEXT_MEMORY_BASE = 360_000_000
TEXT_MEMORY_FACTOR = 14
"""Peak memory of uploading a CSV into an empty lake, in bytes: ``TEXT_MEMORY_BASE`` plus
``TEXT_MEMORY_FACTOR`` times its size; above the peaks measured in a fresh process
(docs/security.md, "Memory, measured": 20 MB took 611 MB, 45 MB 912, 100 MB 1 613)."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    seconds: float
    lock_wait: float
    max_problems: int
    max_memory: int = 1_000_000_000
    """Bytes of memory one upload may take (setting ``upload_memory_mb``), branch memory."""

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=int(setting("upload_max_mb")) * 1_000_000,
            max_rows=int(setting("upload_max_rows")),
            max_columns=int(setting("upload_max_columns")),
            seconds=float(setting("upload_time_limit")),
            lock_wait=float(setting("upload_lock_wait")),
            max_problems=int(setting("upload_max_problems")),
            max_memory=int(setting("upload_memory_mb")) * 1_000_000,
        )

    def check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise file_problem("too_large", self.max_bytes // 1_000_000)

    def check_text_memory(self, size: int) -> None:
        """Refuse, before it is read, a text file whose upload would take more than
        ``max_memory`` (``TEXT_MEMORY_BASE`` + ``TEXT_MEMORY_FACTOR`` × its size); the
        problem says its size and the limit."""
        if TEXT_MEMORY_BASE + size * TEXT_MEMORY_FACTOR > self.max_memory:
            problem = Problem(
                0, "", f"{size / 1e6:.0f}", "too_much_memory", str(self.max_memory // 1_000_000)
            )
            raise RejectedUpload([problem])


@dataclass
class Deadline:
    """The time limit of one upload, checked between its stages."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def check(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise file_problem("time_limit", f"{self.seconds:g}")

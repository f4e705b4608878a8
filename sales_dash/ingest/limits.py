"""Caps that keep a hostile file from exhausting the machine, read from settings."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from sales_dash.ingest.problems import file_problem
from sales_dash.settings import setting


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    seconds: float
    lock_wait: float
    max_problems: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=int(setting("upload_max_mb")) * 1_000_000,
            max_rows=int(setting("upload_max_rows")),
            max_columns=int(setting("upload_max_columns")),
            seconds=float(setting("upload_time_limit")),
            lock_wait=float(setting("upload_lock_wait")),
            max_problems=int(setting("upload_max_problems")),
        )

    def check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise file_problem("too_large", self.max_bytes // 1_000_000)


@dataclass
class Deadline:
    """The time limit of one upload, checked between its stages."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def check(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise file_problem("time_limit", f"{self.seconds:g}")

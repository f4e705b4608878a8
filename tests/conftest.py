"""Shared fixtures: tiny lakes built from CSV text, and a demo lake built once per session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sales_dash.demo import build_demo
from sales_dash.lake import Lake

DEMO_TODAY = dt.date(2026, 11, 23)
"""The demo lake of the tests is built around a fixed date, never today's."""
DEMO_ROWS = 20_000


def write_csv(folder: Path, name: str, content: str, encoding: str = "utf-8") -> Path:
    """Write CSV text (dedented lines) to ``folder/name``."""
    path = folder / name
    lines = [line.strip() for line in content.strip().splitlines()]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    return Lake(tmp_path / "lake")


@pytest.fixture(scope="session")
def demo_lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    lake = Lake(tmp_path_factory.mktemp("demo") / "lake")
    build_demo(lake, seed=7, rows=DEMO_ROWS, today=DEMO_TODAY)
    return lake

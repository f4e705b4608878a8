"""The server process's freezes of its heap (``sales_dash.ui.startup``)."""

from __future__ import annotations

import gc
import itertools
import subprocess
import sys

import pytest

from sales_dash.ui import startup


def test_the_heap_is_frozen_when_the_app_starts_to_load() -> None:
    """app.py imports the module first: what the process holds then is frozen at once."""
    code = "import gc, sales_dash.ui.startup; print(gc.get_freeze_count())"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert int(found.stdout) > 1000


def test_app_py_imports_it_before_the_apps_own_modules() -> None:
    from sales_dash.settings import PROJECT_ROOT

    lines = (PROJECT_ROOT / "app.py").read_text(encoding="utf-8").splitlines()
    ours = [line for line in lines if line.startswith(("import sales_dash", "from sales_dash"))]
    assert ours[0].startswith("import sales_dash.ui.startup")


def test_the_heap_is_frozen_once_at_the_second_page_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Branch small: the first run's heap (modules, Plotly's validators) leaves the garbage
    collector's scans at the second page run of the process, and only then."""
    monkeypatch.setattr(startup, "_PAGE_RUNS", itertools.count())
    gc.unfreeze()
    try:
        startup.freeze_warm_heap()
        assert gc.get_freeze_count() == 0  # the first run: nothing warm yet
        startup.freeze_warm_heap()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        startup.freeze_warm_heap()  # the third: no second freeze
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()

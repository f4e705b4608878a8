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


def test_a_dashboard_page_imports_no_upload_and_no_workbook_writer() -> None:
    """What a new server's first page imports is part of its start (docs/performance.md,
    "The first page after a start at 100M"): the upload's modules, and the Excel writer a
    table's download alone needs (0.1 s), wait until they are used. (The Data page's
    section reads the upload history, and imports it.)"""
    code = (
        "import sys, importlib, pathlib\n"
        "import sales_dash.ui.frame, sales_dash.ui.filters, sales_dash.ui.widgets\n"
        "import sales_dash.ui.tables, sales_dash.ui.drill, sales_dash.ui.tabs\n"
        "for path in sorted(pathlib.Path('sales_dash/sections').glob('*.py')):\n"
        "    if path.stem == 'data':\n"
        "        continue\n"
        "    importlib.import_module(f'sales_dash.sections.{path.stem}')\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m == 'xlsxwriter' or m.startswith('sales_dash.ingest')))\n"
    )
    from sales_dash.settings import PROJECT_ROOT

    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"

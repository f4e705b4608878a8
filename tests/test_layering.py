"""The layers of the package (issue 12), checked on every module's imports with ``ast``:
DuckDB only in the engine's DuckDB module, that module only inside the engine, streamlit
only in the frame, the pages and the UI, and no page or section building a ``Scope``.

Ruff's banned-api says the same per folder (pyproject.toml and the ruff.toml of
sales_dash/engine/, pages/ and sales_dash/ui/); this test also covers app.py, which
ruff can only exempt from every ban at once, and a ``Scope`` built by hand.
"""

from __future__ import annotations

import ast

import pytest

from sales_dash.settings import PROJECT_ROOT

DUCKDB_MODULES = frozenset({"sales_dash/engine/db.py", "sales_dash/engine/rollups.py"})
"""db.py talks to DuckDB; rollups.py keeps db's derived tables up to date on its connection."""


def _module_of(path: str) -> str:
    """``sales_dash/engine/db.py`` -> ``sales_dash.engine.db`` (a package's own name for
    its ``__init__``)."""
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: str, source: str) -> set[str]:
    """Every module ``source`` imports, and every ``module.name`` it imports from one
    (``from sales_dash.engine import db`` imports ``sales_dash.engine.db``); relative
    imports resolved against ``path``."""
    package = _module_of(path).split(".")
    if not path.endswith("__init__.py"):
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source, path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def _builds_scope(source: str, path: str) -> bool:
    """Whether ``source`` names the engine's ``Scope`` (imported, or as an attribute)."""
    for node in ast.walk(ast.parse(source, path)):
        if isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name == "Scope":
                return True
    return "sales_dash.engine.scope.Scope" in imported(path, source)


def violations(path: str, source: str) -> list[str]:
    """The layering rules ``source`` (the text of the module at ``path``, relative to the
    project root) breaks."""
    modules = imported(path, source)
    broken = []
    if any(_within(m, "duckdb") for m in modules) and path not in DUCKDB_MODULES:
        broken.append("imports duckdb outside sales_dash/engine/db.py")
    if any(_within(m, "sales_dash.engine.db") for m in modules) and not path.startswith(
        "sales_dash/engine/"
    ):
        broken.append("imports sales_dash.engine.db outside sales_dash/engine/")
    frame = path == "app.py" or path.startswith(("pages/", "sales_dash/ui/"))
    if any(_within(m, "streamlit") for m in modules) and not frame:
        broken.append("imports streamlit outside app.py, pages/ and sales_dash/ui/")
    drawn = path.startswith(("pages/", "sales_dash/sections/"))
    if drawn and _builds_scope(source, path):
        broken.append("builds a Scope in a page or section: ask an engine function")
    return broken


def _modules() -> list[str]:
    paths = [
        "app.py",
        *(p.relative_to(PROJECT_ROOT).as_posix() for p in (PROJECT_ROOT / "pages").glob("*.py")),
        *(
            p.relative_to(PROJECT_ROOT).as_posix()
            for p in (PROJECT_ROOT / "sales_dash").rglob("*.py")
        ),
    ]
    return sorted(paths)


def test_the_modules_are_found() -> None:
    modules = _modules()
    assert {"app.py", "pages/overview.py", "sales_dash/engine/db.py"} <= set(modules)
    assert "sales_dash/sections/overview.py" in modules


@pytest.mark.parametrize("path", _modules())
def test_every_module_keeps_to_its_layer(path: str) -> None:
    assert violations(path, (PROJECT_ROOT / path).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("path", "source", "rule"),
    [
        ("sales_dash/engine/lines.py", "import duckdb", "duckdb"),
        ("pages/margin.py", "import duckdb.typing as t", "duckdb"),
        ("app.py", "from duckdb import connect", "duckdb"),
        ("pages/margin.py", "from sales_dash.engine.db import run_query", "engine.db"),
        ("sales_dash/ui/data.py", "from sales_dash.engine import db", "engine.db"),
        ("sales_dash/sections/team.py", "import sales_dash.engine.db as db", "engine.db"),
        ("sales_dash/sections/team.py", "from ..engine.db import run_query", "engine.db"),
        ("sales_dash/ingest/commit.py", "from sales_dash.engine.db import warm", "engine.db"),
        ("sales_dash/cli.py", "from sales_dash.engine import db, scope", "engine.db"),
        ("sales_dash/view.py", "import streamlit as st", "streamlit"),
        ("sales_dash/sections/overview.py", "from streamlit import cache_data", "streamlit"),
        ("sales_dash/engine/metrics.py", "import streamlit.components.v1", "streamlit"),
        ("sales_dash/sections/margin.py", "from sales_dash.engine.scope import Scope", "Scope"),
        ("pages/team.py", "from sales_dash.engine import scope\nscope.Scope(1, 2, 3, 4)", "Scope"),
        ("sales_dash/sections/drill.py", "from ..engine.scope import Scope as S", "Scope"),
    ],
)
def test_a_forbidden_import_is_caught(path: str, source: str, rule: str) -> None:
    """A temporary module breaking one rule is reported, whichever form the import takes."""
    broken = violations(path, source)
    assert len(broken) == 1
    assert rule in broken[0]


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("sales_dash/engine/db.py", "import duckdb"),
        ("sales_dash/engine/rollups.py", "import duckdb"),
        ("sales_dash/engine/lines.py", "from sales_dash.engine.db import run_query"),
        ("sales_dash/engine/lines.py", "from .db import run_query\nfrom .scope import Scope"),
        (
            "pages/margin.py",
            "import streamlit as st\nfrom sales_dash.engine.options import charted",
        ),
        ("app.py", "import streamlit as st"),
        ("sales_dash/ui/data.py", "import streamlit as st"),
        ("sales_dash/cli.py", "from sales_dash.engine.scope import DIMENSIONS"),
        ("sales_dash/sections/team.py", "from sales_dash.engine.lines import order_lines"),
    ],
)
def test_an_allowed_import_passes(path: str, source: str) -> None:
    assert violations(path, source) == []


def test_a_relative_import_resolves_against_its_package() -> None:
    assert "sales_dash.engine.db" in imported(
        "sales_dash/sections/team.py", "from ..engine import db"
    )
    assert "sales_dash.engine.db.run_query" in imported(
        "sales_dash/engine/__init__.py", "from .db import run_query"
    )

"""The app's Plotly chart: a Streamlit component that draws a figure with ``Plotly.react``
on an element kept for as long as the chart's key (issue 15, the user's clock).

``st.plotly_chart`` names its element by a hash of the figure, so a filter that changes
the data mounts every chart anew, and Streamlit 1.67 draws a mounted chart twice (its
figure is copied once more after the first drawing). Here a chart's element is named by
its key alone: new data is drawn once, in place. A page of six changed bar charts took
Chromium's main thread 550 ms a rerun with ``st.plotly_chart`` and 330-360 ms with this
(``tests/e2e/element_cost_probe.py``, docs/performance.md, "Charts drawn in place").

plotly.js comes from the Python plotly package that built the figures (its
``package_data/plotly.min.js``). Copied under its version into the app's static folder,
Streamlit serves it with a validator, so a returning browser keeps it (a component's
folder is sent again at every page load, and gzipped again: 0.27 s of the server's CPU
for plotly.js). Where that folder cannot be written, it is served as a component's
folder.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import plotly
import plotly.io
import streamlit as st
import streamlit.components.v1 as components_v1
import streamlit.components.v2 as components_v2
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from sales_dash.i18n import text
from sales_dash.ui.frame import current_language

PLOTLY_FOLDER = Path(plotly.__file__).parent / "package_data"
"""Where the plotly package keeps the plotly.js it writes into offline HTML."""
PLOTLY_JS = PLOTLY_FOLDER / "plotly.min.js"
"""The plotly.js the app draws with."""
STATIC_FOLDER_NAME = "static"
"""The app's static folder, beside its main script (the dashboard's: app.py), which
Streamlit serves as ``/app/static/`` (``server.enableStaticServing`` in
.streamlit/config.toml). The dashboard's holds the copies of plotly.js (git-ignored)
and an empty .gitkeep alone."""
PLOTLY_STATIC = Path("plotly") / plotly.__version__ / PLOTLY_JS.name
"""plotly.js's copy in it: a new plotly version is a new address, never a stale file."""

_CSS = """
:fullscreen:has(> .sales-dash-plot) { background: var(--st-background-color, #fff); }
"""

COMPONENT_NAME = "sales_dash.plot"

_COMPONENT = components_v2.component(
    COMPONENT_NAME,
    js=(Path(__file__).parent / "plot.js").read_text(encoding="utf-8"),
    css=_CSS,
    isolate_styles=False,  # plotly.js styles its hover labels and mode bar in the page's head
)


_SERVED: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
"""Per runtime (its component registry), the name plotly.js's folder is served under."""


@functools.cache
def static_copy(folder: Path) -> bool:
    """Whether plotly.js is in the static ``folder`` (copied there once per version and
    process: written under a temporary name, then renamed, so a browser never gets half)."""
    target = folder / PLOTLY_STATIC
    try:
        if target.stat().st_size == PLOTLY_JS.stat().st_size:  # copied whole, as below
            return True
    except OSError:  # not copied yet
        pass
    # a name of this process's and thread's own: two first charts at once never write
    # into one file while the other renames it
    partial = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PLOTLY_JS, partial)  # its time too: a browser's cache reads its age
        partial.replace(target)
    except OSError:  # a read-only install: the component's folder serves it
        with contextlib.suppress(OSError):  # no half-written copy left where one could be
            partial.unlink(missing_ok=True)
        return False
    return True


def _script_url() -> str:
    """Where the browser loads plotly.js from: the app's static folder, else a component's
    folder, which Streamlit serves once a script run has declared it (at a runtime's first
    chart, about 0.1 ms)."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    run = get_script_run_ctx()
    static = Path(run.main_script_path).parent / STATIC_FOLDER_NAME if run else None
    if static is not None and st.get_option("server.enableStaticServing") and static_copy(static):
        return f"{prefix}/app/static/{PLOTLY_STATIC.as_posix()}"
    registry = Runtime.instance().component_registry if Runtime.exists() else None
    name = _SERVED.get(registry) if registry is not None else None
    if name is None:
        name = components_v1.declare_component("plotly_js", path=str(PLOTLY_FOLDER)).name
        if registry is not None:
            _SERVED[registry] = name
    return f"{prefix}/component/{name}/{PLOTLY_JS.name}"


def _offline(config: dict[str, Any]) -> dict[str, Any]:
    """``config`` without plotly.js's buttons that send a chart to Plotly's cloud: a sales
    team's numbers never leave its network from a chart (Streamlit's element hid them)."""
    removed = [*config.get("modeBarButtonsToRemove", []), "sendChartToCloud", "sendDataToCloud"]
    return {
        **config,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "showLink": False,
        "modeBarButtonsToRemove": removed,
    }


def plot(
    figure: Any,
    key: str,
    config: dict[str, Any],
    *,
    on_select: Callable[[], None] | None = None,
    stretch: bool = False,
) -> None:
    """Draw ``figure`` (a Plotly figure, or anything with its ``to_dict``) under ``key``.

    ``on_select``: the chart is clickable; a click on a point calls it, with the point
    (its ``customdata``, ``x``, ``y``) in ``selected_point(key)``. ``stretch``: as tall as
    the container leaves (the meeting's screen); otherwise the figure's own height.
    """
    language = current_language()
    data = {
        "spec": plotly.io.to_json(figure, validate=False),
        "config": _offline(config),
        "script": _script_url(),
        "clickable": on_select is not None,
        "stretch": stretch,
        "fullscreen": text("chart_fullscreen", language),
        "failed": text("chart_failed", language),
    }
    height: Literal["stretch", "content"] = "stretch" if stretch else "content"
    if on_select is None:
        _COMPONENT(data=data, key=key, width="stretch", height=height)
        return
    _COMPONENT(data=data, key=key, width="stretch", height=height, on_select_change=on_select)


def selected_point(key: str) -> dict[str, Any] | None:
    """The point of the chart ``key`` a click just chose (in its ``on_select``), if any."""
    state = st.session_state.get(key)
    point = state.get("select") if state is not None else None
    return point if isinstance(point, dict) else None

"""The chart element's message (sales_dash/ui/plot.py): named by its key alone, so new data
reaches the chart already in the page; the figure as plotly.io writes it; clickable only
with a callback; plotly.js from the plotly package that built the figure, copied into
the app's static folder (a component's folder where it cannot be written)."""

from __future__ import annotations

import json
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from sales_dash.ui import plot
from sales_dash.ui.plot import PLOTLY_JS
from tests.drawn_charts import drawn_charts

APP = """
import plotly.graph_objects as go
import streamlit as st

from sales_dash.ui.plot import plot

height = st.session_state.setdefault("y", 10)
plot(go.Figure(go.Bar(x=["a"], y=[height])), "still", {"displaylogo": False})
plot(go.Figure(go.Bar(x=["b"], y=[1])), "clickable", {}, on_select=lambda: None)
"""


def _run(app: AppTest) -> list:
    app.run()
    assert not app.exception
    return app.get("bidi_component")


def test_a_chart_keeps_its_element_when_its_data_changes() -> None:
    app = AppTest.from_string(APP, default_timeout=30)
    before = _run(app)
    app.session_state["y"] = 11
    after = _run(app)
    assert [e.proto.id for e in before] == [e.proto.id for e in after]
    assert drawn_charts(app)[0]["spec"] != json.loads(before[0].proto.json)["spec"]


def test_the_message_carries_the_figure_and_where_plotly_js_is() -> None:
    app = AppTest.from_string(APP, default_timeout=30)
    _run(app)
    still, clickable = drawn_charts(app)
    expected = go.Figure(go.Bar(x=["a"], y=[10]))
    assert still["spec"] == pio.to_json(expected, validate=False)
    assert still["config"]["displaylogo"] is False
    # nothing sent to Plotly's cloud from a chart
    assert still["config"]["showSendToCloud"] is False
    assert {"sendChartToCloud", "sendDataToCloud"} <= set(
        clickable["config"]["modeBarButtonsToRemove"]
    )
    assert (still["clickable"], clickable["clickable"]) == (False, True)
    assert still["stretch"] is False
    assert still["fullscreen"] == "全屏"
    # the plotly.js of the package that built the figure, under its version, in the folder
    # Streamlit serves as /app/static/ (.streamlit/config.toml)
    assert still["script"] == f"/app/static/plotly/{plotly.__version__}/plotly.min.js"


def test_a_folder_that_cannot_be_written_serves_plotly_js_as_a_component(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "static"
    blocked.write_text("a file where the folder would be", encoding="utf-8")
    assert not plot.static_copy(blocked)
    assert blocked.read_text(encoding="utf-8") == "a file where the folder would be"
    assert [p.name for p in tmp_path.iterdir()] == ["static"]  # no half-written copy
    monkeypatch.setattr(plot, "static_copy", lambda folder: False)
    app = AppTest.from_string(APP, default_timeout=30)
    _run(app)
    still, _ = drawn_charts(app)
    assert still["script"].startswith("/component/") and still["script"].endswith("/plotly.min.js")


def test_plotly_js_is_copied_whole_under_its_version(tmp_path: Path) -> None:
    assert plot.static_copy(tmp_path / "static")
    copied = tmp_path / "static" / "plotly" / plotly.__version__ / "plotly.min.js"
    assert copied.read_bytes() == PLOTLY_JS.read_bytes()
    assert [p.name for p in copied.parent.iterdir()] == ["plotly.min.js"]

"""The chart element's message (sales_dash/ui/plot.py): named by its key alone, so new data
reaches the chart already in the page; the figure as plotly.io writes it; clickable only
with a callback; plotly.js from the plotly package that built the figure."""

from __future__ import annotations

import json
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio
from streamlit.testing.v1 import AppTest

from sales_dash.ui.plot import PLOTLY_FOLDER
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
    assert still["script"].startswith("/component/") and still["script"].endswith("/plotly.min.js")
    # the plotly.js of the package that built the figure
    assert (PLOTLY_FOLDER / "plotly.min.js").is_file()
    assert PLOTLY_FOLDER.parent == Path(plotly.__file__).parent

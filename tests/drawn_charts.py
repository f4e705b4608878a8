"""The charts an AppTest run drew: ``sales_dash.ui.plot``'s component elements, read back
as the Plotly specs the browser gets."""

from __future__ import annotations

import json
from typing import Any

from streamlit.testing.v1 import AppTest

from sales_dash.ui.plot import COMPONENT_NAME


def drawn_charts(app: AppTest) -> list[dict[str, Any]]:
    """Each chart's data as the component receives it (``spec``, ``clickable``, ...)."""
    found = app.get("bidi_component")
    return [json.loads(e.proto.json) for e in found if e.proto.component_name == COMPONENT_NAME]


def drawn_figures(app: AppTest) -> list[dict[str, Any]]:
    """Each chart's figure, as its Plotly spec."""
    return [json.loads(chart["spec"]) for chart in drawn_charts(app)]

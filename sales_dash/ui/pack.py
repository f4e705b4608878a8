"""The meeting page's "download the pack" buttons: PDF, slides and web page, built only
when clicked, from the same lake (scoped to whoever is signed in) and view as the page."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from sales_dash.lake import Lake
from sales_dash.pack.document import SectionNotes, build_pack
from sales_dash.pack.formats import FORMATS, file_name, render_pack
from sales_dash.pack.pdf import chromium
from sales_dash.ui.frame import Context
from sales_dash.view import View

LABELS = {"pdf": "PDF", "pptx": "PPT", "html": "HTML"}


def pack_buttons(
    ctx: Context,
    view: View,
    notes: Mapping[str, SectionNotes] | None = None,
    lake: Lake | None = None,
) -> None:
    """One download button per format (``view``: the meeting's, e.g. ``ctx.view`` or the
    frozen one; ``notes``: each section's note and action items, when the page has them;
    ``lake``: the one the page reads, when not ``ctx.lake`` (a frozen version))."""
    lake, language = lake or ctx.lake, ctx.language
    row = st.container(horizontal=True)
    for fmt in FORMATS:
        if fmt == "pdf" and chromium() is None:
            continue  # no browser to print with: the slides and the page still are offered

        def payload(fmt: str = fmt) -> bytes:
            # built when clicked, maybe after a write: of the data then (``Lake.held``)
            return render_pack(build_pack(lake.held(), view, language, notes), fmt)

        row.download_button(
            ctx.t("pack_download", format=LABELS[fmt]),
            data=payload,
            file_name=file_name(language, view.as_of, fmt),
            mime=FORMATS[fmt][1],
            on_click="ignore",
            icon=":material/download:",
            key=f"pack_{fmt}",
        )

"""The pack's formats: what renders each, its file suffix and its MIME type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sales_dash.pack.document import Pack
from sales_dash.pack.html import render_html
from sales_dash.pack.pdf import render_pdf
from sales_dash.pack.pptx import render_pptx

FORMATS: dict[str, tuple[Callable[[Pack], bytes], str]] = {
    "pdf": (render_pdf, "application/pdf"),
    "pptx": (
        render_pptx,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "html": (lambda pack: render_html(pack).encode("utf-8"), "text/html"),
}


def render_pack(pack: Pack, fmt: str) -> bytes:
    """``pack`` as ``fmt`` (pdf, pptx or html); PackError when a PDF cannot be printed."""
    return FORMATS[fmt][0](pack)


def file_name(language: str, as_of: dt.date, fmt: str) -> str:
    """'周例会_2026-11-23.pdf' / 'weekly-meeting_2026-11-23.pdf': in the pack's language."""
    stem = "周例会" if language == "zh" else "weekly-meeting"
    return f"{stem}_{as_of.isoformat()}.{fmt}"

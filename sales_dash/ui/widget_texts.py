"""Streamlit's own words in the UI language, where Streamlit offers no parameter for them.

Streamlit 1.67 writes the file uploader's button ("Upload") and its limit ("200MB per
file"), its main menu (System / Light / Dark, Print, Record screen, "Made with
Streamlit"), and its status widget ("Stop" while a run takes long, "Connecting" and
"Error" when the server is out of reach) in English, whatever the page's language. Where
an API exists it is used instead (``select_all=False`` on the multiselects;
``toolbarMode = "viewer"`` has no "Deploy").
Here the English is set to size 0 and the UI language's text drawn in its place by
``::after``, on the widgets' ``data-testid`` attributes: Streamlit's own stable hooks for
its tests, unlike its generated class names. tests/e2e/test_language_browser.py reads
every page's visible text, so a Streamlit update that renames a hook fails there.
"""

from __future__ import annotations

import streamlit as st

from sales_dash.i18n import text
from sales_dash.settings import setting

UPLOADER = '[data-testid="stFileUploaderDropzone"]'
THEME = '[data-testid="stMainMenuItem-theme-{}"]'
MENU_LABEL = '[data-testid="stMainMenuItem-{}"] [data-testid="stMainMenuItemLabel"]'
STOP_BUTTON = '[data-testid="stStatusWidget"] [data-testid="stBaseButton-header"]'
CONNECTION = '[data-testid="stConnectionStatus"]'
CONNECTING_DOTS = 'path[d^="M0 3v2h2V3H0z"]'
"""The three dots Streamlit draws beside "Connecting" (its "Error" has a warning sign)."""
REPLACED = {
    # the uploader's button label (its upload icon stays) and its size limit
    f'{UPLOADER} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p': (
        "st_upload_button",
        "0.875rem",
    ),
    '[data-testid="stFileUploaderDropzoneInstructions"] span': ("st_upload_limit", "0.875rem"),
    # the main menu (⋮): the theme's three choices, print, record, and the version line
    THEME.format("System"): ("st_theme_system", "0.875rem"),
    THEME.format("Light"): ("st_theme_light", "0.875rem"),
    THEME.format("Dark"): ("st_theme_dark", "0.875rem"),
    MENU_LABEL.format("print"): ("st_menu_print", "0.875rem"),
    MENU_LABEL.format("recordScreencast"): ("st_menu_record", "0.875rem"),
    '[data-testid="stMainMenuList"] + div span': ("st_menu_version", "0.75rem"),
    # the keyboard's first Tab stop, shown only while it has the focus
    '[data-testid="stSkipToContent"]': ("st_skip_to_content", "0.875rem"),
    # the status widget, top right: the button beside the running man once a run takes
    # over half a second (its "Stop", "Stopping..." once pressed), and the connection's
    # state when the server cannot be reached (dots while connecting, else an error)
    f"{STOP_BUTTON}:not(:disabled)": ("st_stop", "0.875rem"),
    f"{STOP_BUTTON}:disabled": ("st_stopping", "0.875rem"),
    f"{CONNECTION}:has({CONNECTING_DOTS}) label": ("st_connecting", "0.875rem"),
    f"{CONNECTION}:not(:has({CONNECTING_DOTS})) label": ("st_connection_error", "0.875rem"),
}
"""Selector of an element whose English text is replaced -> the text key in its place
and the size Streamlit gives that text."""
KEPT = (
    '[data-testid^="stMainMenuItem-theme-"] [data-testid="stIconMaterial"] { font-size: 1.25rem; }'
)
"""The theme buttons' icons keep their size (20 px) inside a button set to size 0."""
TILE_VALUES = (
    '[data-testid="stMetric"] [data-testid="stMetricValue"] '
    "{ font-size: clamp(1.5rem, 2.2vw, 2.25rem); }"
)
"""A tile's value shrinks with a narrow window rather than being cut: four tiles to a row
at 1280 px read "CN¥143.…" for CN¥143.7M (the meeting's own sizes, !important, win)."""
TILE_TEXTS = (
    '[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"], '
    '[data-testid="stMetricLabel"] p, [data-testid="stMetricDeltaDescription"] *'
    " { white-space: normal !important; text-overflow: clip !important; }\n"
    '[data-testid="stMetric"] div:has(> [data-testid="stMetricDelta"]) { flex-wrap: wrap; }\n'
    # Chinese breaks between any two characters: at spaces alone (the attainment tile's
    # time elapsed and its comparison hold NO-BREAK SPACEs: widgets.kpi_tiles)
    '[data-testid="stMetricDeltaDescription"] * { word-break: keep-all !important; }'
)
"""A tile's label and comparison wrap rather than being cut: at 1280 px, four tiles to a row
read "vs previous CN¥5.…" and "Needed per remaining d…"; the comparison goes under the
delta when the two do not fit on one line."""


def _css_string(value: str) -> str:
    """``value`` as a CSS string literal (our own texts, quoted all the same)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def widget_css(language: str, upload_mb: int) -> str:
    """The style sheet that writes Streamlit's own texts in ``language``."""
    rules = []
    for selector, (key, size) in REPLACED.items():
        replacement = text(key, language, mb=upload_mb, version=st.__version__)
        rules.append(f"{selector} {{ font-size: 0; }}")
        rules.append(
            f"{selector}::after {{ content: {_css_string(replacement)}; font-size: {size}; }}"
        )
    rules += [KEPT, TILE_VALUES, TILE_TEXTS]
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def widget_texts(language: str) -> None:
    """Write Streamlit's own widget texts in ``language`` (once per run, from app.py)."""
    st.html(widget_css(language, int(setting("upload_max_mb"))))

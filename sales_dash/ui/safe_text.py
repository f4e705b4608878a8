"""Text from users (names in the data, values in the URL, file names) shown as text.

Most Streamlit elements render their body or label as Markdown: ``st.markdown``,
``st.caption``, the alert boxes (``st.warning``…), headers, and the labels of buttons,
widgets, metrics, expanders and tabs. A region named ``![x](http://host/x.png)`` would
make every viewer's browser fetch that image, a rep named ``[Session expired](http://…)``
would become a link. Pass every user-supplied string through ``escape_markdown`` before
it goes into such an element (or show it with ``st.text`` / as a table cell, which render
no Markdown). Texts of our own (``ctx.t``) need no escaping; only the values put in them.

Widget options (``format_func`` results) and Plotly figures are not Markdown: escaping
them would show the backslashes.
"""

from __future__ import annotations

import string

ESCAPED = frozenset(string.punctuation)
"""Every ASCII punctuation character: CommonMark lets each be escaped with a backslash,
and between them they start every construct (links, images, emphasis, code, headings,
lists, tables, HTML, LaTeX ``$``, Streamlit's ``:red[…]`` colours and ``:icon:`` codes,
and the bare ``http://`` and ``www.`` links GitHub-flavoured Markdown makes)."""


def escape_markdown(value: object) -> str:
    """``value`` as literal text inside Markdown: each ASCII punctuation character
    backslash-escaped and line breaks made spaces (a new line could start a heading
    or a list). Renders exactly as ``str(value)`` reads, on one line."""
    text = " ".join(str(value).splitlines())
    return "".join(f"\\{char}" if char in ESCAPED else char for char in text)

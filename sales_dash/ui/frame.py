"""The frame shared by every page: language switch and the lake."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from sales_dash.i18n import LANGUAGES, text
from sales_dash.lake import Lake
from sales_dash.settings import setting
from sales_dash.ui.data import open_lake

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


@dataclass(frozen=True)
class Context:
    lake: Lake
    language: str

    def t(self, key: str, *args: object, **kwargs: object) -> str:
        return text(key, self.language, *args, **kwargs)


def language_switch() -> str:
    """The UI language, kept in the URL (?lang=en) and across page switches."""
    default = str(setting("language"))
    return st.sidebar.segmented_control(
        "语言 / Language",
        LANGUAGES,
        default=default if default in LANGUAGES else "zh",
        format_func=LANGUAGE_NAMES.get,
        required=True,
        key="lang",
        bind="query-params",
    )


def context() -> Context:
    """What a page needs: the lake and the language chosen in the sidebar."""
    language = st.session_state.get("lang") or str(setting("language"))
    return Context(lake=open_lake(), language=language)

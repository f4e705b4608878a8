"""Why a pack could not be made or sent: one sentence of ``sales_dash.i18n``."""

from __future__ import annotations


class PackError(Exception):
    """``key`` names the sentence in ``sales_dash.i18n``; ``values`` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

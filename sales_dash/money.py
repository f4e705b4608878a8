"""The lake's currency: its symbol per language, its decimals and its name in unit labels.

One currency per lake (the ``currency`` setting, CNY by default). Symbols are CLDR's
standard symbols for the zh and en locales (the ones Babel's ``get_currency_symbol`` gives):
in zh a dollar is ``US$`` so that it is never read as yuan, in en the yuan is ``CN¥`` so
that it is never read as yen. Decimals are ISO 4217's minor unit (JPY and KRW have none).
A code not in the table is shown by its code, with two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass

from sales_dash.settings import setting


@dataclass(frozen=True)
class Currency:
    code: str
    zh: str
    """Symbol in Chinese."""
    en: str
    """Symbol in English."""
    name_zh: str
    """Name in a Chinese unit label: 万 + 美元 = 万美元."""
    decimals: int = 2

    def symbol(self, language: str) -> str:
        return self.zh if language == "zh" else self.en


CURRENCIES: dict[str, Currency] = {
    c.code: c
    for c in (
        Currency("CNY", "¥", "CN¥", "元"),
        Currency("USD", "US$", "$", "美元"),
        Currency("EUR", "€", "€", "欧元"),
        Currency("HKD", "HK$", "HK$", "港元"),
        Currency("TWD", "NT$", "NT$", "新台币"),
        Currency("JPY", "JP¥", "¥", "日元", decimals=0),
        Currency("GBP", "£", "£", "英镑"),
        Currency("KRW", "₩", "₩", "韩元", decimals=0),
        Currency("AUD", "AU$", "A$", "澳元"),
        Currency("CAD", "CA$", "CA$", "加元"),
        Currency("SGD", "SGD", "SGD", "新加坡元"),
        Currency("CHF", "CHF", "CHF", "瑞士法郎"),
        Currency("INR", "₹", "₹", "印度卢比"),
        Currency("MOP", "MOP", "MOP", "澳门元"),
    )
}

SIGNS: dict[str, frozenset[str]] = {
    "¥": frozenset({"CNY", "JPY"}),
    "￥": frozenset({"CNY", "JPY"}),
    "$": frozenset({"USD", "HKD", "TWD", "AUD", "CAD", "SGD", "MOP"}),
    "€": frozenset({"EUR"}),
    "£": frozenset({"GBP"}),
    # written with a prefix that names the currency (CLDR's symbols, and RMB)
    "US$": frozenset({"USD"}),
    "HK$": frozenset({"HKD"}),
    "NT$": frozenset({"TWD"}),
    "CN¥": frozenset({"CNY"}),
    "JP¥": frozenset({"JPY"}),
    "RMB": frozenset({"CNY"}),
    "A$": frozenset({"AUD"}),
    "AU$": frozenset({"AUD"}),
    "CA$": frozenset({"CAD"}),
    "S$": frozenset({"SGD"}),
}
"""Currency signs an export's amounts may carry before the number, and the currencies each
can stand for."""


def lake_currency() -> Currency:
    """The ``currency`` setting's currency."""
    return currency_of(str(setting("currency")))


def currency_of(code: str | None) -> Currency:
    """The currency of an ISO code (None: the lake's); an unknown code shows as itself."""
    if code is None:
        return lake_currency()
    code = code.upper()
    return CURRENCIES.get(code) or Currency(code, code, code, code)


def unit_label(unit: str, language: str, code: str | None = None) -> str:
    """A money column's unit for its header: ¥ / 万元 / 亿元 for CNY in zh, 万美元 for USD,
    $ / $K / $M in en (``unit`` is "", 万, 亿, K or M)."""
    currency = currency_of(code)
    if unit in ("万", "亿") and language == "zh":
        return f"{unit}{currency.name_zh}"
    return f"{currency.symbol(language)}{unit}"


def sign_fits(sign: str, code: str | None = None) -> bool:
    """Whether an amount's sign (``$``, ``¥`` ...) can be the lake's currency."""
    return currency_of(code).code in SIGNS.get(sign, frozenset())

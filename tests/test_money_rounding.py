"""Review of ``format_money``'s rounding (branch small's zh 万 with two decimals): a half
rounds away from zero as every other money display does (``format_amount``, the ledger),
not by the float's binary value or to even, so zh and en say the same amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sales_dash.i18n import format_money


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        # 9.995万 is 10.00万 to two decimals, shown ¥10.0万 (float rounding read ¥9.99万)
        (99_950, "¥10.0万", "CN¥100.0K"),
        (-99_950, "-¥10.0万", "-CN¥100.0K"),
        (Decimal("99950.0000"), "¥10.0万", "CN¥100.0K"),
        (99_949.99, "¥9.99万", "CN¥99.9K"),
        (99_999.99, "¥10.0万", "CN¥100.0K"),
        (100_000, "¥10.0万", "CN¥100.0K"),
        (-100_000, "-¥10.0万", "-CN¥100.0K"),
        (12_345, "¥1.23万", "CN¥12.3K"),
        # 1.25K is 1.3K (to even read 1.2K); ¥9,998.5 is ¥9,999 (to even read ¥9,998)
        (1_250, "¥1,250", "CN¥1.3K"),
        (9_998.5, "¥9,999", "CN¥10.0K"),
        (2.5, "¥3", "CN¥3"),
        (-2.5, "-¥3", "-CN¥3"),
        (-0.4, "¥0", "CN¥0"),
        # 亿: the unit is chosen after rounding
        (99_999_999, "¥1.00亿", "CN¥100.0M"),
        (99_995_000, "¥9,999.5万", "CN¥100.0M"),
        (99_994_999, "¥9,999.5万", "CN¥100.0M"),
        (123_456_789_012, "¥1,234.57亿", "CN¥123,456.8M"),
    ],
)
def test_a_half_rounds_away_from_zero_in_both_languages(
    value: Decimal | float | int, zh: str, en: str
) -> None:
    assert (format_money(value, "zh"), format_money(value, "en")) == (zh, en)


def test_an_amount_beyond_decimal_precision_is_still_written() -> None:
    """A hostile 1e30 has more digits than Decimal's default 28: written, not raised."""
    assert format_money(1e30, "en") == "CN¥" + f"{10**24:,}" + ".0M"
    assert format_money(-1e30, "zh") == "-¥" + f"{10**22:,}" + ".00亿"

"""Number formats and texts: zh in 万 / 亿 with ¥, en in K / M with CN¥, one-decimal percentages."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from sales_dash.i18n import LANGUAGES, NULL, TEXTS, format_count, format_money, format_percent, text
from sales_dash.upload_texts import INGEST_TEXTS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12345678.90"), "¥1,234.6万"),
        (12_345, "¥1.23万"),  # a single-digit 万 keeps three digits, as CN¥12.3K does
        (99_949, "¥9.99万"),
        (99_996, "¥10.0万"),  # 9.9996 rounds up to ten 万: one decimal again
        (10_000, "¥1.00万"),
        (9_999.4, "¥9,999"),
        (9_999.96, "¥1.00万"),  # rounds up into the next unit, never "¥10,000"
        (123_456_789, "¥1.23亿"),
        (99_999_999, "¥1.00亿"),  # not "¥10,000.0万"
        (2_500_000_000, "¥25.00亿"),
        (950, "¥950"),
        (0, "¥0"),
        (Decimal("0.00"), "¥0"),
        (-56_789, "-¥5.68万"),
        (-123_456_789, "-¥1.23亿"),
        (-0.4, "¥0"),  # no "-¥0"
        (None, NULL),
        (float("nan"), NULL),
    ],
)
def test_money_in_chinese_uses_wan_and_yi(value: object, expected: str) -> None:
    assert format_money(value, "zh") == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12345678.90"), "CN¥12.3M"),
        (1_234_567, "CN¥1.2M"),
        (999_960, "CN¥1.0M"),  # not "CN¥1,000.0K"
        (12_345, "CN¥12.3K"),
        (1_000, "CN¥1.0K"),
        (999, "CN¥999"),
        (-12_345, "-CN¥12.3K"),
        (-2_500_000, "-CN¥2.5M"),
        (None, NULL),
    ],
)
def test_money_in_english_uses_k_and_m(value: object, expected: str) -> None:
    # CLDR's English symbol of the yuan is CN¥ (¥ alone reads as yen): issue 11
    assert format_money(value, "en") == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (0.923, {}, "92.3%"),
        (1.0, {}, "100.0%"),
        (0.0, {}, "0.0%"),
        (2.4876, {}, "248.8%"),
        (-0.041, {}, "-4.1%"),
        (None, {}, NULL),
        (float("nan"), {}, NULL),
        (-0.041, {"points": True}, "-4.1 pt"),
        (0.041, {"points": True}, "+4.1 pt"),
        (-0.0001, {"points": True}, "+0.0 pt"),  # no "-0.0"
        (0.123, {"signed": True}, "+12.3%"),
        (-0.5, {"signed": True}, "-50.0%"),
        (None, {"points": True}, NULL),
    ],
)
def test_percentages_have_one_decimal(value: float | None, kwargs: dict, expected: str) -> None:
    assert format_percent(value, **kwargs) == expected


def test_counts_have_thousands_separators() -> None:
    assert format_count(1234567) == "1,234,567"
    assert format_count(2.345, decimals=1) == "2.3"
    assert format_count(None) == NULL


def test_every_text_exists_in_both_languages_with_the_same_placeholders() -> None:
    dashboard = {k: v for k, v in TEXTS.items() if k not in INGEST_TEXTS}
    for key, entry in dashboard.items():
        assert set(LANGUAGES) <= set(entry), key
        placeholders = {lang: set(re.findall(r"\{(\w*)\}", entry[lang])) for lang in LANGUAGES}
        assert placeholders["zh"] == placeholders["en"], key


def test_text_formats_and_falls_back_to_english() -> None:
    assert text("say_behind", "zh", name="华东", attainment="92.3%", points="4.1") == (
        "华东本月达成 92.3%，落后时间进度 4.1 个百分点"
    )
    assert text("page_margin", "fr") == "Margin"


def test_ingest_texts_are_merged() -> None:
    assert "problem_at" in TEXTS


def test_no_text_key_is_defined_twice() -> None:
    """A key written twice in the text dictionaries silently keeps the later text: the
    empty-lake page once showed the command line's sentence with an unfilled {path}."""
    import ast
    from collections import Counter

    from sales_dash.settings import PROJECT_ROOT

    seen: Counter[str] = Counter()
    for module in ("sales_dash/i18n.py", "sales_dash/upload_texts.py"):
        for node in ast.walk(ast.parse((PROJECT_ROOT / module).read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict):
                continue
            for key, value in zip(node.keys, node.values, strict=True):
                languages = {
                    k.value for k in getattr(value, "keys", []) if isinstance(k, ast.Constant)
                }
                if isinstance(key, ast.Constant) and {"zh", "en"} & languages:
                    seen[key.value] += 1
    assert len(seen) > 500  # the dictionaries were found
    assert [key for key, count in seen.items() if count > 1] == []


def test_the_empty_lake_page_says_what_to_do_without_placeholders() -> None:
    for language in ("zh", "en"):
        assert "{" not in text("no_data_yet", language)

"""The lake's currency in every money format, and settings parsed as the type they declare."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from sales_dash.charts.style import money_axis
from sales_dash.cli import main
from sales_dash.export import to_xlsx_bytes
from sales_dash.i18n import NULL, format_amount, format_money
from sales_dash.ingest.limits import Limits
from sales_dash.lake import Lake
from sales_dash.money import lake_currency, sign_fits, unit_label
from sales_dash.settings import SettingError, setting
from sales_dash.ui.frame import Context
from sales_dash.ui.tables import download_frame, money_format


@pytest.mark.parametrize(
    ("value", "language", "currency", "expected"),
    [
        (12_345, "zh", "CNY", "¥1.23万"),
        (123_456_789, "zh", "CNY", "¥1.23亿"),
        (123_456, "zh", "USD", "US$12.3万"),  # CLDR zh: a dollar is never read as yuan
        (1_234_567, "en", "USD", "$1.2M"),
        (-12_345, "en", "USD", "-$12.3K"),
        (999, "en", "USD", "$999"),
        (1_234_567, "en", "CNY", "CN¥1.2M"),  # CLDR en: the yuan is never read as yen
        (1_234_567, "en", "JPY", "¥1.2M"),
        (12_345, "zh", "JPY", "JP¥1.23万"),
        (12_345, "zh", "EUR", "€1.23万"),
        (12_345, "en", "HKD", "HK$12.3K"),
        (12_345, "en", "TWD", "NT$12.3K"),
        (12_345, "en", "GBP", "£12.3K"),
        (12_345, "en", "XYZ", "XYZ12.3K"),  # a code not in the table shows as itself
        (None, "en", "USD", NULL),
    ],
)
def test_compact_money_per_currency_and_language(
    value: int | None, language: str, currency: str, expected: str
) -> None:
    assert format_money(value, language, currency) == expected


@pytest.mark.parametrize(
    ("value", "language", "currency", "expected"),
    [
        (Decimal("12345.675"), "en", "USD", "$12,345.68"),  # half away from zero
        (Decimal("-12345.675"), "en", "USD", "-$12,345.68"),
        (Decimal("48.8960"), "zh", "CNY", "¥48.90"),
        (12345.5, "en", "JPY", "¥12,346"),  # no decimals in yen
        (Decimal("12345.4"), "zh", "JPY", "JP¥12,345"),
        (Decimal("-0.004"), "en", "USD", "$0.00"),  # no "-$0.00"
        (None, "zh", "CNY", NULL),
    ],
)
def test_exact_amounts_to_the_currencys_minor_unit(
    value: object, language: str, currency: str, expected: str
) -> None:
    assert format_amount(value, language, currency) == expected  # type: ignore[arg-type]


def test_the_currency_setting_reaches_tiles_axes_and_table_headers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SALES_DASH_CURRENCY", "usd")
    assert lake_currency().code == "USD"
    assert format_money(1_234_567, "en") == "$1.2M"
    assert format_money(123_456, "zh") == "US$12.3万"
    assert format_amount(Decimal("1234.56"), "en") == "$1,234.56"
    # the axis names its unit once in its title, as the table headers do (issue 14)
    assert money_axis("M", "en")["title"]["text"] == "$M"
    assert money_axis("万", "zh")["title"]["text"] == "万美元"
    assert money_format(pl.Series([15_000, 5_000_000]), "zh") == (1e4, "%,.1f", "万美元")
    assert money_format(pl.Series([2e8, 5e8]), "zh") == (1e8, "%,.2f", "亿美元")
    assert money_format(pl.Series([2_500, 5_000_000]), "en") == (1e6, "%,.3f", "$M")
    assert money_format(pl.Series([0.25, 10.0]), "en") == (1.0, "%,.2f", "$")


def test_a_yen_table_shows_no_fractions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALES_DASH_CURRENCY", "JPY")
    assert money_format(pl.Series([0.25, 10.0]), "en") == (1.0, "%,.0f", "¥")
    assert money_format(pl.Series([300, 5_000]), "zh") == (1.0, "%,.0f", "JP¥")


def test_unit_labels_follow_the_currency() -> None:
    assert unit_label("万", "zh", "CNY") == "万元"
    assert unit_label("亿", "zh", "USD") == "亿美元"
    assert unit_label("万", "zh", "HKD") == "万港元"
    assert unit_label("", "zh", "CNY") == "¥"
    assert unit_label("K", "en", "EUR") == "€K"


def test_signs_that_can_be_the_lakes_currency() -> None:
    assert sign_fits("¥", "CNY") and sign_fits("￥", "JPY") and sign_fits("$", "HKD")
    assert not sign_fits("$", "CNY") and not sign_fits("¥", "USD") and not sign_fits("€", "GBP")


def test_xlsx_money_columns_show_the_currencys_decimals() -> None:
    frame = pl.DataFrame(
        {"region": ["华东"], "销售额 (JPY)": [Decimal("12345.6789")], "count": [3]},
        schema_overrides={"销售额 (JPY)": pl.Decimal(18, 4)},
    )
    payload = to_xlsx_bytes(frame, money=["销售额 (JPY)"], decimals=0)
    sheet = openpyxl.load_workbook(io.BytesIO(payload)).active
    assert sheet is not None
    assert sheet["B2"].value == pytest.approx(12345.6789)  # the exact figure is kept
    assert sheet["B2"].number_format == "#,##0"
    assert sheet["C2"].number_format == "General"
    two = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, money=["销售额 (JPY)"]))).active
    assert two is not None and two["B2"].number_format == "#,##0.00"


def test_settings_parse_the_type_they_declare(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALES_DASH_UPLOAD_LOCK_WAIT", "0.2")
    monkeypatch.setenv("SALES_DASH_UPLOAD_MAX_ROWS", "1_000")
    monkeypatch.setenv("SALES_DASH_DISCOUNT_LIMIT", "0.2")
    assert setting("upload_lock_wait") == 0.2
    assert Limits.from_settings().lock_wait == 0.2
    assert setting("upload_max_rows") == 1000
    assert setting("discount_limit") == 0.2
    assert setting("currency") == "CNY"
    assert setting("payment_terms_days") == 30


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SALES_DASH_DEMO_ROWS", "0.5", "SALES_DASH_DEMO_ROWS='0.5' is not a whole number."),
        (
            "SALES_DASH_UPLOAD_LOCK_WAIT",
            "soon",
            "SALES_DASH_UPLOAD_LOCK_WAIT='soon' is not a number.",
        ),
        (
            "SALES_DASH_CURRENCY",
            "dollars",
            "SALES_DASH_CURRENCY='dollars' is not a currency code (e.g. CNY, USD, EUR).",
        ),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    name = variable.removeprefix("SALES_DASH_").lower()
    with pytest.raises(SettingError) as caught:
        setting(name)
    assert str(caught.value) == message


def test_the_command_line_reports_a_bad_setting_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("SALES_DASH_UPLOAD_MAX_MB", "lots")
    path = tmp_path / "o.csv"
    path.write_text("order_id,order_date,revenue\nSO1,2026-10-03,1\n", encoding="utf-8")
    code = main(["ingest", str(path), "--table", "orders", "--data", str(tmp_path / "lake")])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == "sales-dash: SALES_DASH_UPLOAD_MAX_MB='lots' is not a whole number.\n"


def test_downloads_name_the_currency_in_money_headers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_CURRENCY", "USD")
    frame = pl.DataFrame(
        {"key": ["k"], "region": ["East"], "revenue": [Decimal("48.896")], "gross_margin": [0.2]}
    )
    shown = download_frame(Context(Lake(tmp_path / "lake"), "en"), frame)
    assert shown.columns == ["Region", "Revenue (USD)", "Gross margin"]
    assert shown["Revenue (USD)"].to_list() == [Decimal("48.896")]  # the exact figure

"""Issue 14: a downloaded table is named in the UI language and by its period:
回款_按区域_2026-11.xlsx in Chinese, collection_by_region_2026-11.xlsx in English."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sales_dash.i18n import download_name

NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))

TABLE_KEYS = (
    # every table key the pages pass to ui.tables.table / big_table (grep "table(ctx")
    "attainment_by_month",
    "attainment_by_rep",
    "attainment_drill_region",
    "attainment_drill_rep",
    "attainment_drill_customer",
    "attainment_lines",
    "overview_drill_region",
    "overview_lines",
    "margin_by_category",
    "margin_by_product",
    "margin_by_rep",
    "margin_by_customer",
    "margin_lines",
    "over_authority",
    "collection_by_rep",
    "collections_drill_region",
    "collections_ledger",
    "top_overdue",
    "aging_at_region",
    "aging_at_rep",
    "monthly_collections",
    "customer_ledger",
    "expense_by_month",
    "expense_by_rep",
    "expenses_drill_region",
    "market_by_category",
    "market_drill_region",
    "rep_scorecard",
    "rep_customers",
    "rep_recent_orders",
    "retention_by_region",
    "top_customers",
    "new_customers",
    "dormant_customers",
    "top_reps",
    "bottom_reps",
    "biggest_orders",
    "worst_overdue",
    "meeting_drill_region",
    "lake_tables",
    "upload_history",
    "lake_months",
)


@pytest.mark.parametrize(
    ("key", "start", "end", "zh", "en"),
    [
        ("collection_by_rep", *NOVEMBER, "回款_按业务员_2026-11", "collection_by_rep_2026-11"),
        ("attainment_by_month", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "达成_逐月_2026", None),
        ("aging_at_region", *NOVEMBER, "账龄_按区域_2026-11", None),
        ("collections_drill_rep", *NOVEMBER, "回款_下钻_业务员_2026-11", None),
        # a period that is not one whole month or year: both dates, inclusive
        (
            "market_by_category",
            dt.date(2026, 10, 1),
            dt.date(2026, 12, 31),
            "市场占有率_按品类_2026-10-01_2026-12-31",
            "market_by_category_2026-10-01_2026-12-31",
        ),
        (
            "top_overdue",
            dt.date(2026, 11, 1),
            dt.date(2026, 11, 23),
            "逾期最多的客户_2026-11-01_2026-11-23",
            None,
        ),
    ],
)
def test_download_names(key: str, start: dt.date, end: dt.date, zh: str, en: str | None) -> None:
    assert download_name(key, "zh", start, end) == zh
    if en is not None:
        assert download_name(key, "en", start, end) == en


def test_every_table_of_the_pages_has_a_chinese_name() -> None:
    latin = {
        k: download_name(k, "zh")
        for k in TABLE_KEYS
        if re.search(r"[A-Za-z]", download_name(k, "zh"))
    }
    assert latin == {}


def test_a_key_with_an_unknown_word_keeps_its_own_name() -> None:
    assert download_name("pivot_by_weekday", "zh", *NOVEMBER) == "pivot_by_weekday_2026-11"

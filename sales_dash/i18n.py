"""Chinese and English texts and number formats, keyed by the same names.

zh is the default language: money in 万 / 亿 with ¥, en in K / M; percentages with one
decimal; "—" for a null.
"""

from __future__ import annotations

from decimal import Decimal

from sales_dash.ingest.messages import INGEST_TEXTS

LANGUAGES = ("zh", "en")
NULL = "—"

TEXTS: dict[str, dict[str, str]] = {
    # metric and column labels
    "revenue": {"zh": "销售额", "en": "Revenue"},
    "cost": {"zh": "销售成本", "en": "Cost"},
    "gross_profit": {"zh": "毛利", "en": "Gross profit"},
    "gross_margin": {"zh": "毛利率", "en": "Gross margin"},
    "quota": {"zh": "销售指标", "en": "Quota"},
    "attainment": {"zh": "达成率", "en": "Attainment"},
    "time_progress": {"zh": "时间进度", "en": "Time elapsed"},
    "pacing_gap": {"zh": "进度差", "en": "Pacing gap"},
    "forecast": {"zh": "预测销售额", "en": "Run-rate forecast"},
    "forecast_attainment": {"zh": "预测达成率", "en": "Forecast attainment"},
    "due_amount": {"zh": "应收金额", "en": "Amount due"},
    "collected": {"zh": "已回款", "en": "Collected"},
    "collection_rate": {"zh": "回款率", "en": "Collection rate"},
    "outstanding": {"zh": "应收余额", "en": "Outstanding"},
    "not_due": {"zh": "未到期", "en": "Not yet due"},
    "d1_30": {"zh": "逾期1-30天", "en": "1–30 days overdue"},
    "d31_60": {"zh": "逾期31-60天", "en": "31–60 days overdue"},
    "d61_90": {"zh": "逾期61-90天", "en": "61–90 days overdue"},
    "d90_plus": {"zh": "逾期90天以上", "en": "90+ days overdue"},
    "expense": {"zh": "费用", "en": "Expense"},
    "expense_ratio": {"zh": "费用率", "en": "Expense ratio"},
    "expense_budget": {"zh": "费用预算", "en": "Expense budget"},
    "budget_usage": {"zh": "费用使用率", "en": "Budget used"},
    "market_size": {"zh": "市场容量", "en": "Market size"},
    "market_share": {"zh": "市场占有率", "en": "Market share"},
    "visits": {"zh": "拜访次数", "en": "Visits"},
    "visits_per_week": {"zh": "周均拜访", "en": "Visits per week"},
    "new_customers": {"zh": "新客户", "en": "New customers"},
    "retention_rate": {"zh": "客户留存率", "en": "Retention"},
    # app frame
    "app_title": {"zh": "销售仪表盘", "en": "Sales dashboard"},
    "overview": {"zh": "总览", "en": "Overview"},
    "this_month": {"zh": "本月", "en": "This month"},
    "period_caption": {
        "zh": "统计期间 {start} 至 {end}，数据截至 {as_of}",
        "en": "Period {start} to {end}, data as of {as_of}",
    },
    "time_progress_caption": {"zh": "时间进度 {value}", "en": "Time elapsed {value}"},
    "no_data": {
        "zh": "还没有数据。运行 `sales-dash demo` 生成演示数据，或上传导出文件。",
        "en": "No data yet. Run `sales-dash demo` for demo data, or upload an export.",
    },
    "building_demo": {"zh": "正在生成演示数据…", "en": "Building the demo data…"},
    "language": {"zh": "语言", "en": "Language"},
    # command line
    "unknown_metric": {
        "zh": "未知指标“{0}”；可用：{1}。",
        "en": "Unknown metric '{0}'; choose one of: {1}.",
    },
    "grouping_not_allowed": {
        "zh": "指标 {1} 不能按“{0}”分组；可用：{2}。",
        "en": "Metric {1} cannot be grouped by '{0}'; allowed: {2}.",
    },
    "period_reversed": {
        "zh": "开始日期 {0} 晚于结束日期 {1}。",
        "en": "The start date {0} is after the end date {1}.",
    },
    "bad_date": {
        "zh": "“{0}”不是有效日期（应为 YYYY-MM-DD）。",
        "en": "'{0}' is not a date (expected YYYY-MM-DD).",
    },
    "demo_built": {
        "zh": "演示数据已写入 {path}：{orders} 行订单，{visits} 次拜访。",
        "en": "Demo lake written to {path}: {orders} order lines, {visits} visits.",
    },
}


TEXTS.update(INGEST_TEXTS)


def text(key: str, language: str, *args: object, **kwargs: object) -> str:
    """The text for ``key`` in ``language`` (falling back to English), formatted."""
    entry = TEXTS[key]
    template = entry.get(language) or entry["en"]
    return template.format(*args, **kwargs) if (args or kwargs) else template


def _plain(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def format_money(value: Decimal | float | int | None, language: str) -> str:
    """Money for a person: ¥1,234.5万 / ¥1.23亿 in zh, ¥1.2M / ¥12.3K in en; — for null."""
    if value is None:
        return NULL
    amount = float(value)
    sign = "-" if amount < 0 else ""
    size = abs(amount)
    if language == "zh":
        if size >= 1e8:
            return f"{sign}¥{_plain(size / 1e8, 2)}亿"
        if size >= 1e4:
            return f"{sign}¥{_plain(size / 1e4, 1)}万"
        return f"{sign}¥{_plain(size, 0)}"
    if size >= 1e6:
        return f"{sign}¥{_plain(size / 1e6, 1)}M"
    if size >= 1e3:
        return f"{sign}¥{_plain(size / 1e3, 1)}K"
    return f"{sign}¥{_plain(size, 0)}"


def format_percent(value: float | None, points: bool = False) -> str:
    """A ratio as a percentage with one decimal (0.923 -> 92.3%); ``points`` for a gap."""
    if value is None:
        return NULL
    if points:
        return f"{value * 100:+.1f} pt"
    return f"{value * 100:.1f}%"


def format_count(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return NULL
    return _plain(float(value), decimals)

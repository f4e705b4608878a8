"""Chinese and English texts and number formats, keyed by the same names.

zh is the default language: money in 万 / 亿, en in K / M, with the symbol of the lake's
currency in that language (``sales_dash.money``); percentages with one decimal; "—" for a null.
"""

from __future__ import annotations

import codecs
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, localcontext

from sales_dash.money import currency_of
from sales_dash.upload_texts import INGEST_TEXTS

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
    # column labels of tables
    "region": {"zh": "区域", "en": "Region"},
    "rep_id": {"zh": "业务员编号", "en": "Rep ID"},
    "rep_name": {"zh": "业务员", "en": "Rep"},
    "customer_id": {"zh": "客户编号", "en": "Customer ID"},
    "customer_name": {"zh": "客户", "en": "Customer"},
    "category": {"zh": "品类", "en": "Category"},
    "product": {"zh": "产品", "en": "Product"},
    "month": {"zh": "月份", "en": "Month"},
    "week": {"zh": "周", "en": "Week"},
    "order_id": {"zh": "订单号", "en": "Order"},
    "line_no": {"zh": "行号", "en": "Line"},
    "order_date": {"zh": "订单日期", "en": "Order date"},
    "quantity": {"zh": "数量", "en": "Quantity"},
    "discount_rate": {"zh": "折扣率", "en": "Discount"},
    "due_date": {"zh": "应收日期", "en": "Due date"},
    "paid_amount": {"zh": "已回款", "en": "Paid"},
    "days_overdue": {"zh": "最长逾期天数", "en": "Days overdue (oldest)"},
    "overdue": {"zh": "逾期金额", "en": "Overdue"},
    "abc_class": {"zh": "ABC 分类", "en": "ABC class"},
    "revenue_share": {"zh": "销售额占比", "en": "Revenue share"},
    "cumulative_share": {"zh": "累计占比", "en": "Cumulative share"},
    "lines": {"zh": "订单行数", "en": "Order lines"},
    "first_order_date": {"zh": "首单日期", "en": "First order"},
    "last_order_date": {"zh": "最近下单日期", "en": "Last order"},
    "revenue_year_before": {"zh": "前12个月销售额", "en": "Revenue, prior 12 months"},
    "needed_per_day": {"zh": "剩余每日需完成", "en": "Needed per remaining day"},
    "expense_per_visit": {"zh": "单次拜访费用", "en": "Expense per visit"},
    "visits_on_target": {"zh": "拜访达标", "en": "Visits on target"},
    "previous_share": {"zh": "对比期占有率", "en": "Share, comparison"},
    "share_change": {"zh": "占有率变化", "en": "Share change"},
    "table_name": {"zh": "数据表", "en": "Table"},
    "first_month": {"zh": "最早月份", "en": "First month"},
    "last_month": {"zh": "最近月份", "en": "Last month"},
    "months": {"zh": "月数", "en": "Months"},
    "rows": {"zh": "行数", "en": "Rows"},
    "discount_percent": {"zh": "折扣（%）", "en": "Discount (%)"},
    "this_week": {"zh": "本周", "en": "This week"},
    "last_week": {"zh": "上周同期", "en": "Last week, same days"},
    "customers": {"zh": "客户数", "en": "Customers"},
    "active_customers": {"zh": "有销售客户", "en": "Buying customers"},
    "dormant_customers": {"zh": "沉睡客户（D）", "en": "Dormant customers (D)"},
    "over_lines": {"zh": "超权限折扣行", "en": "Over-authority lines"},
    "over_revenue": {"zh": "超权限折扣销售额", "en": "Over-authority revenue"},
    "table_orders": {"zh": "订单明细", "en": "Orders"},
    "table_visits": {"zh": "拜访记录", "en": "Visits"},
    "table_quotas": {"zh": "销售指标", "en": "Quotas"},
    "table_market": {"zh": "市场容量", "en": "Market sizes"},
    "table_payments": {"zh": "收款单", "en": "Receipts"},
    "upload_col_upload_id": {"zh": "上传编号", "en": "Upload"},
    "upload_col_uploaded_at": {"zh": "上传时间", "en": "Uploaded at"},
    "upload_col_file": {"zh": "文件", "en": "File"},
    "upload_col_sha256": {"zh": "SHA-256", "en": "SHA-256"},
    "upload_col_table": {"zh": "数据表", "en": "Table"},
    "upload_col_encoding": {"zh": "编码", "en": "Encoding"},
    "upload_col_inserted": {"zh": "新增", "en": "Inserted"},
    "upload_col_updated": {"zh": "更新", "en": "Updated"},
    "upload_col_deleted": {"zh": "删除", "en": "Deleted"},
    "upload_col_skipped": {"zh": "跳过", "en": "Skipped"},
    "upload_col_undone": {"zh": "已撤销", "en": "Undone"},
    # metric definitions (tooltips)
    "revenue_help": {
        "zh": "期间内订单行销售额合计（不含已取消，退货为负）。",
        "en": "Sum of order-line revenue in the period (cancelled lines excluded, returns count).",
    },
    "quota_help": {
        "zh": "期间内各月销售指标之和；跨月部分按天数折算。",
        "en": "Monthly quotas of the period; a partly covered month counts by its share of days.",
    },
    "attainment_help": {
        "zh": "达成率 = 销售额 ÷ 销售指标。",
        "en": "Attainment = revenue ÷ quota.",
    },
    "time_progress_help": {
        "zh": "时间进度 = 截至日已过天数 ÷ 期间总天数。",
        "en": "Time elapsed = days up to the as-of date ÷ days in the period.",
    },
    "pacing_gap_help": {
        "zh": "进度差 = 达成率 − 时间进度；为负表示落后于时间。",
        "en": "Pacing gap = attainment − time elapsed; negative means behind time.",
    },
    "forecast_attainment_help": {
        "zh": "按当前日均销售额推算到期末的达成率。",
        "en": "Attainment at period end if the daily run rate so far continues.",
    },
    "needed_per_day_help": {
        "zh": "完成指标还差的金额 ÷ 剩余天数。",
        "en": "Revenue still missing to reach the quota ÷ days left in the period.",
    },
    "gross_profit_help": {
        "zh": "毛利 = 销售额 − 销售成本。",
        "en": "Revenue − cost of goods sold.",
    },
    "gross_margin_help": {
        "zh": "毛利率 = 毛利 ÷ 销售额。",
        "en": "Gross margin = gross profit ÷ revenue.",
    },
    "collection_rate_help": {
        "zh": "回款率 = 期间内到期（且不晚于截至日）订单的已回款 ÷ 应收金额。",
        "en": "Collected ÷ amount due, over lines falling due in the period up to the as-of date.",
    },
    "due_amount_help": {
        "zh": "期间内到期（且不晚于截至日）订单行的销售额。",
        "en": "Revenue of lines falling due in the period, up to the as-of date.",
    },
    "outstanding_help": {
        "zh": "截至日所有未收回的应收款（不受期间影响）。",
        "en": "Everything still unpaid at the as-of date (independent of the period).",
    },
    "d90_plus_help": {
        "zh": "逾期超过 90 天的应收余额。",
        "en": "Receivables more than 90 days past due.",
    },
    "expense_ratio_help": {
        "zh": "费用率 = 拜访费用 ÷ 销售额。",
        "en": "Expense ratio = visit expenses ÷ revenue.",
    },
    "budget_usage_help": {
        "zh": "费用使用率 = 费用 ÷ 费用预算（按天折算）。",
        "en": "Expenses ÷ expense budget (prorated by days).",
    },
    "expense_per_visit_help": {
        "zh": "费用 ÷ 拜访次数。",
        "en": "Expenses ÷ visits.",
    },
    "market_share_help": {
        "zh": "市场占有率 = 销售额 ÷ 同期市场容量（按截至日已过天数折算）。",
        "en": "Market share = revenue ÷ the market size of the same days (prorated to as-of).",
    },
    "market_size_help": {
        "zh": "所选区域（及品类）的市场容量，按截至日已过天数折算。",
        "en": "Market size of the regions (and categories) chosen, prorated to as-of.",
    },
    "new_customers_help": {
        "zh": "首笔订单落在本期间的客户。",
        "en": "Customers whose first order falls in the period.",
    },
    "retention_rate_help": {
        "zh": "上一等长期间下过单、本期间又下单的客户比例。",
        "en": "Share of the previous equal-length period's customers who ordered again.",
    },
    "visits_per_week_help": {
        "zh": "拜访次数 ÷ （期间天数 ÷ 7）。",
        "en": "Visits ÷ (days in the period ÷ 7).",
    },
    "dormant_customers_help": {
        "zh": "本期间无销售、但前 12 个月有销售的客户（D 类）。",
        "en": "No revenue in the period but revenue in the 12 months before (class D).",
    },
    "over_lines_help": {
        "zh": "折扣率超过授权上限的订单行数。",
        "en": "Order lines discounted beyond the authorised limit.",
    },
    # app frame
    "app_title": {"zh": "销售仪表盘", "en": "Sales dashboard"},
    "overview": {"zh": "总览", "en": "Overview"},
    "page_attainment": {"zh": "达成", "en": "Attainment"},
    "page_margin": {"zh": "毛利", "en": "Margin"},
    "page_collections": {"zh": "回款", "en": "Collections"},
    "page_expenses": {"zh": "费用", "en": "Expenses"},
    "page_market": {"zh": "市场", "en": "Market share"},
    "page_team": {"zh": "团队", "en": "Team"},
    "page_customers": {"zh": "客户", "en": "Customers"},
    "page_meeting": {"zh": "周例会", "en": "Weekly meeting"},
    "page_upload": {"zh": "上传", "en": "Upload"},
    "page_data": {"zh": "数据", "en": "Data"},
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
    "no_data_yet": {
        "zh": "还没有数据。可以先载入演示数据看看效果，或上传 ERP/CRM 导出的文件。",
        "en": "No data yet. Load the demo company to look around, or upload your ERP/CRM exports.",
    },
    "load_demo": {"zh": "载入演示数据", "en": "Load demo data"},
    # Streamlit's own "Choose an option", in the UI language, on every selectbox
    "choose_option": {"zh": "请选择", "en": "Choose an option"},
    "go_upload": {"zh": "去上传", "en": "Upload files"},
    "nothing_matches": {
        "zh": "没有符合当前筛选条件的数据。请放宽筛选条件或换一个期间。",
        "en": "Nothing matches the current filters. Widen the filters or pick another period.",
    },
    "building_demo": {"zh": "正在生成演示数据…", "en": "Building the demo data…"},
    "language": {"zh": "语言", "en": "Language"},
    # sidebar filters
    "filters": {"zh": "筛选", "en": "Filters"},
    "period": {"zh": "期间", "en": "Period"},
    "period_help": {
        "zh": "期间以截至日为准（不是今天）。",
        "en": "Periods are relative to the as-of date, not to today.",
    },
    "preset_this_month": {"zh": "本月", "en": "This month"},
    "preset_last_month": {"zh": "上月", "en": "Last month"},
    "preset_this_quarter": {"zh": "本季度", "en": "This quarter"},
    "preset_this_year": {"zh": "本年", "en": "This year"},
    "preset_last_12_months": {"zh": "近12个月", "en": "Last 12 months"},
    "preset_custom": {"zh": "自定义", "en": "Custom range"},
    "asof": {"zh": "截至日", "en": "As of"},
    "asof_help": {
        "zh": "时间进度、回款和账龄按此日期计算；默认为最新数据日期 {latest}。",
        "en": "Time elapsed, collections and aging are measured at this date; "
        "default: the latest data date, {latest}.",
    },
    "range": {"zh": "自定义期间", "en": "Custom range"},
    "cmp": {"zh": "对比", "en": "Compare with"},
    "cmp_help": {
        "zh": "环比：上一期间；同比：去年同期。期间未结束时只比较相同天数。",
        "en": "The previous period, or the same period last year; an open period is "
        "compared over the same number of days.",
    },
    "cmp_previous": {"zh": "环比", "en": "Previous period"},
    "cmp_last_year": {"zh": "同比", "en": "Last year"},
    "vs_previous": {"zh": "环比", "en": "vs previous"},
    "vs_last_year": {"zh": "同比", "en": "vs last year"},
    "vs_last_week": {"zh": "上周同期", "en": "last week"},
    "region_help": {"zh": "不选即全部区域。", "en": "None chosen means all regions."},
    "rep": {"zh": "业务员", "en": "Rep"},
    "rep_help": {
        "zh": "只列出所选区域的业务员。",
        "en": "Lists the reps of the regions chosen.",
    },
    "category_help": {
        "zh": "按品类或产品筛选时没有指标（指标只按业务员和月份设定）。",
        "en": "With a category or product filter there are no targets (they exist per rep "
        "and month only).",
    },
    "product_help": {
        "zh": "只列出所选品类的产品。",
        "en": "Lists the products of the categories chosen.",
    },
    "all": {"zh": "全部", "en": "All"},
    "reset_filters": {"zh": "重置筛选", "en": "Reset filters"},
    "url_fallback": {
        "zh": "链接中的{field}“{value}”无效，已改用默认值。",
        "en": "The link's {field} '{value}' is not valid; the default is used instead.",
    },
    "target": {"zh": "目标", "en": "Target"},
    "overall": {"zh": "整体", "en": "Overall"},
    "no_targets_with_filter": {
        "zh": "按品类或产品筛选时没有销售指标，达成率显示为 —。",
        "en": "Targets exist per rep and month only: with a category or product filter "
        "attainment shows —.",
    },
    "no_visits_with_filter": {
        "zh": "拜访和费用不区分产品，按品类或产品筛选时不显示。",
        "en": "Visits and expenses carry no product, so a category or product filter "
        "leaves them empty.",
    },
    # tables
    "download_csv": {"zh": "CSV", "en": "CSV"},
    "download_xlsx": {"zh": "Excel", "en": "Excel"},
    "by_region": {"zh": "按区域", "en": "By region"},
    "by_rep": {"zh": "按业务员", "en": "By rep"},
    "by_category": {"zh": "按品类", "en": "By category"},
    "by_product": {"zh": "按产品", "en": "By product"},
    "by_customer": {"zh": "按客户", "en": "By customer"},
    "monthly_year": {"zh": "{year} 年逐月", "en": "{year} by month"},
    # overview
    "alerts_title": {"zh": "预警", "en": "Alerts"},
    "no_alerts": {"zh": "没有需要关注的预警。", "en": "No alerts: everyone is on track."},
    "alert_pacing": {"zh": "进度落后", "en": "Behind time"},
    "alert_pacing_line": {
        "zh": "{name}：进度差 {value}（预警线 {threshold}）",
        "en": "{name}: pacing gap {value} (alert at {threshold})",
    },
    "alert_collection": {"zh": "回款率低于目标", "en": "Collection below target"},
    "alert_collection_line": {
        "zh": "{name}：回款率 {value}（目标 {threshold}）",
        "en": "{name}: collection rate {value} (target {threshold})",
    },
    "alert_expense_overrun": {"zh": "费用超预算", "en": "Expense budget overrun"},
    "alert_expense_overrun_line": {
        "zh": "{name}：费用使用率 {value}",
        "en": "{name}: {value} of the budget spent",
    },
    "alert_expense_projected": {"zh": "费用预计超预算", "en": "Expenses heading over budget"},
    "alert_expense_projected_line": {
        "zh": "{name}：按目前速度期末将达预算的 {value}",
        "en": "{name}: on course for {value} of the budget",
    },
    # attainment, margin, collections, expenses, market
    "scatter_title": {"zh": "客户：销售额 × 毛利率", "en": "Customers: revenue × margin"},
    "discounts_title": {"zh": "折扣分布与超权限折扣", "en": "Discounts and over-authority lines"},
    "discount_limit": {"zh": "授权上限", "en": "Limit"},
    "over_authority_list": {
        "zh": "折扣率超过 {limit} 的订单行（按销售额排序）",
        "en": "Order lines discounted beyond {limit} (largest first)",
    },
    "aging_title": {"zh": "应收账龄（截至 {as_of}）", "en": "Receivables aging at {as_of}"},
    "top_overdue_title": {
        "zh": "逾期最多的客户（截至 {as_of}）",
        "en": "Customers with the most overdue (at {as_of})",
    },
    "no_overdue": {"zh": "没有逾期应收款。", "en": "Nothing is overdue."},
    "share_by_region": {"zh": "各区域市场占有率", "en": "Share by region"},
    "share_by_category": {"zh": "各品类市场占有率", "en": "Share by category"},
    "share_change_title": {"zh": "占有率变化（{against}）", "en": "Share change ({against})"},
    # team and customers
    "scorecard_title": {"zh": "业务员评分卡", "en": "Rep scorecard"},
    "scorecard_caption": {
        "zh": "点击列标题排序。拜访目标：每周 {target} 次。",
        "en": "Click a column header to sort. Visit target: {target} per week.",
    },
    "rep_detail_title": {"zh": "业务员详情", "en": "Rep detail"},
    "rep_detail_pick": {"zh": "选择业务员", "en": "Choose a rep"},
    "rep_customers": {"zh": "客户", "en": "Customers"},
    "recent_orders": {"zh": "最近订单", "en": "Recent orders"},
    "abc_title": {"zh": "客户 ABC 分类", "en": "Customer ABC classes"},
    "abc_caption": {
        "zh": "A：累计销售额前 70%；B：70%–90%；C：其余；D：本期无销售但前 12 个月有销售。",
        "en": "A: first 70% of revenue; B: 70–90%; C: the rest; D: no revenue now but "
        "some in the 12 months before.",
    },
    "retention_title": {"zh": "各区域客户留存率", "en": "Customer retention by region"},
    "top_customers": {"zh": "重点客户", "en": "Top customers"},
    "new_list": {"zh": "新客户", "en": "New customers"},
    "dormant_list": {"zh": "沉睡客户（待唤醒）", "en": "Dormant customers to win back"},
    "dormant_caption": {
        "zh": "按前 12 个月销售额排序：越靠前越值得尽快回访。",
        "en": "Sorted by revenue in the 12 months before: the first ones are worth a call first.",
    },
    # drill-down
    "drill_title": {"zh": "下钻分析", "en": "Drill down"},
    "drill_region": {"zh": "区域", "en": "Region"},
    "drill_rep": {"zh": "业务员", "en": "Rep"},
    "drill_customer": {"zh": "客户", "en": "Customer"},
    "drill_pick": {"zh": "选择…", "en": "Choose…"},
    "drill_all": {"zh": "全部区域", "en": "All regions"},
    "drill_hint": {
        "zh": "点击柱形或在上方选择，即可进入下一层。",
        "en": "Click a bar, or choose above, to go one level down.",
    },
    "drill_chart_region": {"zh": "各区域{metric}", "en": "{metric} by region"},
    "chart_fullscreen": {"zh": "全屏", "en": "Full screen"},
    "chart_failed": {
        "zh": "图表未能显示：浏览器没能加载绘图程序，请刷新页面。",
        "en": "The chart could not be drawn: the browser did not load its code. Reload the page.",
    },
    "drill_chart_rep": {"zh": "各业务员{metric}", "en": "{metric} by rep"},
    "drill_chart_customer": {"zh": "各客户{metric}", "en": "{metric} by customer"},
    "lines_caption": {
        "zh": "共 {total} 行订单明细，显示最近 {shown} 行（最多 {limit} 行）。",
        "en": "{total} order lines; the latest {shown} shown (at most {limit}).",
    },
    # weekly meeting
    "meeting_caption": {
        "zh": "本周自 {start} 起，数据截至 {as_of}；月度进度为截至日所在月份。",
        "en": "This week from {start}, data as of {as_of}; pacing is for the month of "
        "the as-of date.",
    },
    "section": {"zh": "环节", "en": "Section"},
    "section_headlines": {"zh": "要点", "en": "Headlines"},
    "section_week": {"zh": "本周 vs 上周", "en": "This week vs last"},
    "section_pacing": {"zh": "月度进度", "en": "Month pacing"},
    "section_reps": {"zh": "业务员排名", "en": "Rep ranking"},
    "section_orders": {"zh": "本周大单", "en": "Biggest orders"},
    "section_overdue": {"zh": "逾期催收", "en": "Overdue accounts"},
    "back": {"zh": "上一环节", "en": "Previous section"},
    "next": {"zh": "下一环节", "en": "Next section"},
    "top_reps": {"zh": "达成率前 5 名", "en": "Top 5 by attainment"},
    "bottom_reps": {"zh": "达成率后 5 名", "en": "Bottom 5 by attainment"},
    "no_orders_this_week": {"zh": "本周还没有订单。", "en": "No orders this week yet."},
    "whole_team": {"zh": "整体", "en": "Company"},
    "say_month_total": {
        "zh": "{name}本月累计销售额 {revenue}，时间进度 {progress}",
        "en": "{name}, month to date: {revenue} sold, {progress} of the month gone",
    },
    "say_behind": {
        "zh": "{name}本月达成 {attainment}，落后时间进度 {points} 个百分点",
        "en": "{name}: {attainment} of this month's quota, {points} points behind time",
    },
    "say_ahead": {
        "zh": "{name}本月达成 {attainment}，领先时间进度 {points} 个百分点",
        "en": "{name}: {attainment} of this month's quota, {points} points ahead of time",
    },
    "say_on_time": {
        "zh": "{name}本月达成 {attainment}，与时间进度持平",
        "en": "{name}: {attainment} of this month's quota, level with time",
    },
    "say_no_quota": {
        "zh": "{name}本月没有销售指标",
        "en": "{name}: no quota this month",
    },
    "say_week": {
        "zh": "{name}本周销售额 {revenue}，较上周同期 {change}",
        "en": "{name}, this week: {revenue} sold, {change} against the same days last week",
    },
    "say_best_worst": {
        "zh": "达成最高：{best}（{best_value}）；最低：{worst}（{worst_value}）",
        "en": "Highest attainment: {best} ({best_value}); lowest: {worst} ({worst_value})",
    },
    "say_overdue": {
        "zh": "逾期最多：{customer}，逾期 {amount}，最久 {days} 天",
        "en": "Most overdue: {customer}, {amount} past due, the oldest {days} days",
    },
    # data page
    "data_version": {"zh": "数据版本", "en": "Data version"},
    "order_lines": {"zh": "订单行", "en": "Order lines"},
    "months_loaded": {"zh": "订单月份数", "en": "Months of orders"},
    "last_upload": {"zh": "最近上传", "en": "Last upload"},
    "tables_title": {"zh": "数据表", "en": "Tables"},
    "uploads_title": {"zh": "上传记录", "en": "Uploads"},
    "uploads_unavailable": {
        "zh": "上传记录暂不可用（上传功能尚未安装）。",
        "en": "The upload history is not available yet (the upload feature is not installed).",
    },
    "no_uploads": {"zh": "还没有上传记录。", "en": "No uploads yet."},
    "months_title": {"zh": "各月行数", "en": "Rows per month"},
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
    # --- branch uploadpage: the Upload page (columns by name, encodings, states, undo)
    "column_line_no": {"zh": "明细行号", "en": "Line no."},
    "column_paid_date": {"zh": "回款日期", "en": "Paid on"},
    "column_status": {"zh": "状态", "en": "Status"},
    "column_visit_id": {"zh": "拜访编号", "en": "Visit ID"},
    "column_visit_date": {"zh": "拜访日期", "en": "Visit date"},
    "column_visit_type": {"zh": "拜访类型", "en": "Visit type"},
    "column_revenue_quota": {"zh": "销售指标", "en": "Revenue quota"},
    "column_visit_target": {"zh": "拜访目标", "en": "Visit target"},
    "upload_file_row": {"zh": "文件行号", "en": "Row in file"},
    "encoding_workbook": {"zh": "Excel 工作簿", "en": "Excel workbook"},
    "encoding_legacy_workbook": {"zh": "Excel 97-2003 工作簿", "en": "Excel 97–2003 workbook"},
    "encoding_ods": {"zh": "OpenDocument 表格", "en": "OpenDocument spreadsheet"},
    "upload_file_info": {"zh": "{name} · {size}", "en": "{name} · {size}"},
    "upload_read_summary": {
        "zh": "识别为{table}，编码 {encoding}，表头在第 {header_row} 行；"
        "{rows} 行数据，另有 {skipped} 个空行或合计行已跳过。",
        "en": "Read as {table}, encoding {encoding}, header in row {header_row}; "
        "{rows} data rows, and {skipped} blank or total rows skipped.",
    },
    "upload_ready": {
        "zh": "校验通过：没有发现问题。请查看下面的试运行，确认后才写入。",
        "en": "Validation passed: no problems found. Check the dry run below; nothing is "
        "written until you confirm.",
    },
    "upload_ready_skipping": {
        "zh": "{rows} 行有问题，将被跳过；其余的行可以写入。请查看下面的试运行，确认后才写入。",
        "en": "{rows} row(s) with problems will be skipped; the rest can be written. Check the "
        "dry run below; nothing is written until you confirm.",
    },
    "upload_problems_title": {
        "zh": "文件中有 {count} 个问题，未写入。请修正后重新上传，或选择“跳过有问题的行”。",
        "en": "The file has {count} problem(s) and was not written. Fix them and upload "
        "again, or choose to skip the invalid rows.",
    },
    "upload_nothing_left": {
        "zh": "跳过有问题的行之后，没有可以写入的行。",
        "en": "Once the invalid rows are skipped, no rows are left to write.",
    },
    "upload_file_problems": {"zh": "文件整体的问题：", "en": "Problems of the file as a whole:"},
    "upload_same_as": {
        "zh": "内容与上传 {upload_id}（{uploaded_at}）完全相同：{file}",
        "en": "The content is identical to upload {upload_id} ({uploaded_at}): {file}",
    },
    "upload_action": {"zh": "操作", "en": "Action"},
    "upload_action_upload": {"zh": "上传", "en": "Upload"},
    "upload_action_undo": {"zh": "撤销 {target}", "en": "Undo of {target}"},
    "upload_action_redo": {"zh": "恢复 {target}", "en": "Redo of {target}"},
    "upload_redo": {"zh": "恢复", "en": "Redo"},
    "upload_undo_ask_undo": {
        "zh": "确定撤销上传 {upload_id} 吗？",
        "en": "Undo upload {upload_id}?",
    },
    "upload_undo_ask_redo": {
        "zh": "确定恢复上传 {upload_id} 吗？",
        "en": "Put upload {upload_id} back?",
    },
    "upload_undo_file": {"zh": "文件：{file}", "en": "File: {file}"},
    "upload_undo_effect": {
        "zh": "将删除 {deleted} 行，新增 {inserted} 行，改回 {updated} 行；涉及月份：{months}。"
        "之后仍可在上传记录中反悔。",
        "en": "This deletes {deleted} row(s), inserts {inserted} and changes {updated} back; "
        "months: {months}. It can itself be undone from the history afterwards.",
    },
    "upload_undo_yes": {"zh": "确认撤销", "en": "Yes, undo it"},
    "upload_redo_yes": {"zh": "确认恢复", "en": "Yes, put it back"},
    "upload_undo_no": {"zh": "取消", "en": "Cancel"},
    "upload_undone_page": {
        "zh": "已撤销上传 {upload_id}：相关月份已恢复到上传之前"
        "（记录为 {undo_id}，可再撤销以恢复）。",
        "en": "Upload {upload_id} undone: its months are back as they were before it "
        "(recorded as {undo_id}, which can be undone to put it back).",
    },
    "upload_redone_page": {
        "zh": "上传 {upload_id} 已恢复生效（记录为 {undo_id}）。",
        "en": "Upload {upload_id} is in effect again (recorded as {undo_id}).",
    },
    "upload_col_undoes": {"zh": "撤销的记录", "en": "Undoes"},
    # --- branch receipts: the payments table (收款单) and its columns
    "upload_table_payments": {"zh": "收款单", "en": "Receipts"},
    "payment_id": {"zh": "收款单号", "en": "Receipt no."},
    "payment_date": {"zh": "收款日期", "en": "Receipt date"},
    "payment_amount": {"zh": "收款金额", "en": "Amount received"},
    "payment_method": {"zh": "结算方式", "en": "Payment method"},
    "credit": {"zh": "预收余额", "en": "Customer credit"},
    "collection_basis": {"zh": "回款依据", "en": "Collections from"},
    "collection_basis_receipts": {"zh": "收款单", "en": "Receipts"},
    "collection_basis_line": {"zh": "订单行的回款列", "en": "Order lines' paid columns"},
    "collection_basis_unknown": {"zh": "无回款数据", "en": "No payment data"},
    # --- branch hardening (issue 13): refusals and text that must stay text
    "demo_refused": {
        "zh": "{path} 中已有 {count} 次上传的数据，生成演示数据会覆盖它们，未做任何改动；"
        "确需覆盖请加 --force。",
        "en": "The lake at {path} holds {count} upload(s) that the demo would replace, so "
        "nothing was changed; add --force to replace them anyway.",
    },
    "demo_refused_page": {
        "zh": "数据中已有 {count} 次上传，载入演示数据会覆盖它们，因此未做任何改动。",
        "en": "The data holds {count} upload(s) that the demo would replace, so nothing "
        "was changed.",
    },
}


# branch `unknown` (issue 11 §1): why a metric is "—", how much of its scope it covers
# (sales_dash.engine.unknowns), and the group of lines without a rep or region
UNKNOWN_TEXTS: dict[str, dict[str, str]] = {
    "unassigned": {"zh": "未分配", "en": "Unassigned"},
    "unknown_no_cost": {"zh": "这些订单行没有成本数据。", "en": "No cost in these lines."},
    "partial_cost": {
        "zh": "毛利与毛利率基于 {share} 的销售额（有成本的订单行）。",
        "en": "Gross profit and margin based on {share} of the revenue (lines with a cost).",
    },
    "unknown_no_payments": {
        "zh": "上传的数据没有回款信息。",
        "en": "The uploads carry no payment data.",
    },
    "partial_payments": {
        "zh": "回款率基于 {share} 的订单金额。",
        "en": "Collection rate based on {share} of the order amount.",
    },
    "partial_receivables": {
        "zh": "应收账款与账龄基于 {share} 的订单行（有回款信息的）。",
        "en": (
            "Receivables and aging based on {share} of the order lines (those with payment data)."
        ),
    },
    "unknown_no_quotas": {"zh": "未导入销售指标。", "en": "No quotas loaded."},
    "unknown_no_visits": {"zh": "未导入拜访记录。", "en": "No visits loaded."},
    "unknown_no_expense": {"zh": "这些拜访没有费用数据。", "en": "No expense in these visits."},
    "partial_expense": {
        "zh": "费用基于 {share} 的拜访（有费用的）。",
        "en": "Expense based on {share} of the visits (those with an expense).",
    },
    "unknown_no_budget": {
        "zh": "销售指标中没有费用预算。",
        "en": "No expense budget in the quotas.",
    },
    "partial_budget": {
        "zh": "只有 {share} 的指标行有费用预算，费用使用率不计算。",
        "en": (
            "Only {share} of the quota rows carry an expense budget: budget usage is not computed."
        ),
    },
    "unknown_no_market": {"zh": "未导入市场容量。", "en": "No market sizes loaded."},
    "unknown_no_customers": {"zh": "这些订单行没有客户编号。", "en": "No customer in these lines."},
    "customers_left_out": {
        "zh": "没有客户编号的订单行销售额 {amount}，计入销售额与毛利，不计入客户指标。",
        "en": (
            "{amount} of revenue on lines without a customer: in revenue and margin, "
            "left out of the customer metrics."
        ),
    },
    "partial_customers": {
        "zh": "客户指标基于 {share} 的销售额（有客户编号的订单行），其余不计入。",
        "en": (
            "Customer metrics based on {share} of the revenue (lines with a customer); "
            "the rest is left out."
        ),
    },
    "unknown_no_discounts": {"zh": "这些订单行没有折扣数据。", "en": "No discount in these lines."},
    "partial_discounts": {
        "zh": "超权限折扣与折扣分布基于 {share} 的订单行（有折扣的）。",
        "en": (
            "Over-authority lines and the discount histogram based on {share} of the "
            "lines (those with a discount)."
        ),
    },
}
TEXTS.update(UNKNOWN_TEXTS)


# branch `collections` (issue 16): money received, 回款周期, DSO, aging at a date
COLLECTIONS_TEXTS: dict[str, dict[str, str]] = {
    "cash": {"zh": "回款", "en": "Cash collected"},
    "cash_collected": {"zh": "回款额", "en": "Cash collected"},
    "collection_days": {"zh": "回款周期（天）", "en": "Days to collect"},
    "dso": {"zh": "应收账款周转天数 (DSO)", "en": "DSO (days)"},
    "aging_at_title": {"zh": "任选日期的应收账龄", "en": "Aging at a date you pick"},
    "aging_as_of": {"zh": "账龄截至日期", "en": "Aging as of"},
    "cash_vs_due_title": {
        "zh": "每月回款额与到期金额",
        "en": "Cash collected against due, by month",
    },
    "collection_days_title": {"zh": "回款周期（天）", "en": "Days to collect"},
    "dso_title": {"zh": "应收账款周转天数 (DSO)", "en": "Days sales outstanding (DSO)"},
    "last_receipt": {"zh": "最近回款日", "en": "Last receipt"},
    "ledger_title": {"zh": "客户往来明细", "en": "Customer ledger"},
    "ledger_customer": {"zh": "客户", "en": "Customer"},
    "ledger_none": {
        "zh": "没有逾期客户可查看往来明细。",
        "en": "No overdue customer to show a ledger for.",
    },
    "entry_date": {"zh": "日期", "en": "Date"},
    "entry": {"zh": "类型", "en": "Entry"},
    "document": {"zh": "单号", "en": "Document"},
    "billed": {"zh": "应收", "en": "Billed"},
    "received": {"zh": "收款", "en": "Received"},
    "balance": {"zh": "余额", "en": "Balance"},
    "ledger_line": {"zh": "销售", "en": "Sale"},
    "ledger_return": {"zh": "退货", "en": "Return"},
    "ledger_receipt": {"zh": "收款", "en": "Receipt"},
    "ledger_refund": {"zh": "退款", "en": "Refund"},
    "ledger_line_paid": {"zh": "订单行回款", "en": "Paid on the line"},
    "collection_basis_note": {
        "zh": "回款依据（截至 {as_of} 的订单行）：{parts}",
        "en": "Collections from (order lines up to {as_of}): {parts}",
    },
    "collection_basis_part": {"zh": "{basis} {count} 行", "en": "{basis}: {count} lines"},
    "unknown_cash_by_product": {
        "zh": "收款单不分品类或产品：按品类或产品筛选时回款额未知。",
        "en": (
            "Receipts carry no category or product: cash collected is unknown under such a filter."
        ),
    },
}
TEXTS.update(COLLECTIONS_TEXTS)

# branch `collect2` (issue 16): the scorecard's 回款周期, the ledger as a drill level,
# and which source each scope's collections come from
COLLECT2_TEXTS: dict[str, dict[str, str]] = {
    "collection_days_on_target": {"zh": "回款周期达标", "en": "Days to collect on target"},
    "scorecard_days_caption": {
        "zh": "回款周期目标：不超过 {target} 天（✗ 为超过目标）。",
        "en": "Days-to-collect target: at most {target} days (✗: over the target).",
    },
    "ledger_drill_caption": {
        "zh": "截至 {as_of} 的往来明细：销售、退货、收款与余额。",
        "en": "The account up to {as_of}: sales, returns, money received and the balance.",
    },
    "sources_title": {"zh": "回款数据来源", "en": "Where collections come from"},
    "sources_receipt_customers": {
        "zh": "按收款单核销的客户",
        "en": "Customers settled by receipts",
    },
    "sources_line_customers": {
        "zh": "按订单行已回款金额的客户",
        "en": "Customers settled by their lines' paid amounts",
    },
    "sources_unknown_amount": {
        "zh": "无回款信息的订单金额",
        "en": "Order amount without payment data",
    },
    "sources_caption": {
        "zh": "有收款单的客户以收款单为准，其订单行的已回款金额不再计入；其余客户以订单行的"
        "已回款金额为准；两者都没有的订单行回款未知（{lines} 行）。",
        "en": "A customer with receipts is settled by them, and its lines' paid amounts are "
        "not counted; the others by their lines' paid amounts; lines with neither have "
        "unknown collections ({lines} lines).",
    },
    "basis_receipts": {"zh": "回款基于收款单。", "en": "Collections based on receipts."},
    "basis_lines": {
        "zh": "回款基于订单行的已回款金额。",
        "en": "Collections based on the order lines' paid amounts.",
    },
    "basis_partial": {
        "zh": "回款中 {share} 的订单行基于收款单，其余基于订单行的已回款金额。",
        "en": (
            "Collections based on receipts for {share} of the order lines, on the lines' "
            "paid amounts for the rest."
        ),
    },
}
TEXTS.update(COLLECT2_TEXTS)

TEXTS.update(INGEST_TEXTS)

# --- branch catalogue (issue 12): 客单价 and 人均销售额, and booleans in downloads
CATALOGUE_TEXTS: dict[str, dict[str, str]] = {
    "orders": {"zh": "订单数", "en": "Orders"},
    "reps": {"zh": "销售人数", "en": "Reps"},
    "rep_revenue": {"zh": "已分配销售额", "en": "Revenue with a rep"},
    "average_order_value": {"zh": "客单价", "en": "Average order value"},
    "average_order_value_help": {
        "zh": "客单价 = 销售额 ÷ 订单数（有正销售额订单行的订单，退货单不计；退货冲减销售额）。",
        "en": (
            "Average order value = revenue ÷ orders (orders with a line of positive revenue; "
            "a return is no order, and it lowers the revenue)."
        ),
    },
    "revenue_per_rep": {"zh": "人均销售额", "en": "Revenue per rep"},
    "revenue_per_rep_help": {
        "zh": "人均销售额 = 有销售人员的订单行销售额 ÷ 期间内有订单行的销售人员数（未分配不计）。",
        "en": (
            "Revenue per rep = revenue of the lines with a rep ÷ reps with an order line "
            "in the period (unassigned lines count for neither)."
        ),
    },
    "yes": {"zh": "是", "en": "Yes"},
    "no": {"zh": "否", "en": "No"},
}
TEXTS.update(CATALOGUE_TEXTS)
# --- end of branch catalogue


def text(key: str, language: str, *args: object, **kwargs: object) -> str:
    """The text for ``key`` in ``language`` (falling back to English), formatted."""
    entry = TEXTS[key]
    template = entry.get(language) or entry["en"]
    return template.format(*args, **kwargs) if (args or kwargs) else template


def _plain(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


_UNITS = {
    "zh": ((1e8, "亿", 2), (1e4, "万", 1)),
    "en": ((1e6, "M", 1), (1e3, "K", 1)),
}
_SINGLE_DIGIT_DECIMALS = {"万": 2}
"""A unit whose single-digit amounts take more decimals: 万 is ten times coarser than K,
so ¥19,740 reads ¥1.97万 (three digits, as CN¥19.7K does), not ¥2.0万."""


def format_money(
    value: Decimal | float | int | None, language: str, currency: str | None = None
) -> str:
    """Money for a person: ¥1,234.5万 / ¥1.23万 / ¥1.23亿 in zh, $1.2M / $12.3K in en; — for null.

    The symbol is the lake's currency's (``currency``: another ISO code) in ``language``.
    The unit is chosen after rounding, so 99,999,999 reads ¥1.00亿, not ¥10,000.0万.
    """
    if value is None:
        return NULL
    # a half rounds away from zero, as format_amount does: Python's round on a float goes
    # to even and by the float's binary value (¥99,950 read ¥9.99万 while en read 100.0K)
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if not amount.is_finite():  # NaN
        return NULL
    size = abs(amount)
    units = [(1.0, "", 0), *reversed(_UNITS["zh" if language == "zh" else "en"])]
    divisor, unit, decimals = Decimal(1), "", 0
    shown = _half_up(size, 0)
    for larger, larger_unit, places in units[1:]:
        if shown * divisor < Decimal(int(larger)):
            break
        # the amount as it would be shown reaches the larger unit: promote it
        divisor, unit, decimals = Decimal(int(larger)), larger_unit, places
        shown = _half_up(size / divisor, places)
    finer = _SINGLE_DIGIT_DECIMALS.get(unit)
    if finer is not None and _half_up(size / divisor, finer) < 10:
        decimals, shown = finer, _half_up(size / divisor, finer)
    sign = "-" if amount < 0 and shown != 0 else ""
    symbol = currency_of(currency).symbol(language)
    return f"{sign}{symbol}{shown:,.{decimals}f}{unit}"


def _half_up(value: Decimal, places: int) -> Decimal:
    with localcontext() as context:  # as many digits as the value has (a hostile 1e30)
        context.prec = max(context.prec, value.adjusted() + places + 2)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_amount(
    value: Decimal | float | int | None, language: str, currency: str | None = None
) -> str:
    """Money to the currency's minor unit, no compact unit: $12,345.68, ¥12,346 for JPY;
    rounded half away from zero (an exact Decimal stays exact); — for null."""
    if value is None:
        return NULL
    amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not amount.is_finite():
        return NULL
    money = currency_of(currency)
    shown = amount.quantize(Decimal(1).scaleb(-money.decimals), rounding=ROUND_HALF_UP)
    sign = "-" if shown < 0 else ""
    return f"{sign}{money.symbol(language)}{abs(shown):,.{money.decimals}f}"


def format_percent(value: float | None, points: bool = False, signed: bool = False) -> str:
    """A ratio as a percentage with one decimal (0.923 -> 92.3%); — for null.

    ``points`` writes a difference of ratios in percentage points (+4.1 pt); ``signed``
    puts a sign on a percentage change (+12.3%).
    """
    if value is None or value != value:
        return NULL
    shown = round(value * 100, 1) + 0.0  # + 0.0 turns -0.0 into 0.0
    if points:
        return f"{shown:+.1f} pt"
    return f"{shown:+.1f}%" if signed else f"{shown:.1f}%"


def format_count(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return NULL
    return _plain(float(value), decimals)


# --- branch uploadpage: names of columns and encodings as a person reads them
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf_8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf_8_sig": "UTF-8 (BOM)",
    "gbk": "GBK",
    "gb2312": "GB2312",
    "gb18030": "GB18030",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252",
    "iso8859-1": "Latin-1",
    "big5": "Big5",
    "big5hkscs": "Big5-HKSCS",
    "cp950": "Big5 (CP950)",
    "ascii": "ASCII",
}
WORKBOOKS = {
    "xlsx": "encoding_workbook",
    "xlsm": "encoding_workbook",
    "xls": "encoding_legacy_workbook",
    "ods": "encoding_ods",
}


def encoding_label(encoding: str, language: str) -> str:
    """How a file was read, by a name people know: ``UTF-8 (带 BOM)`` for ``utf-8-sig``,
    ``Excel 工作簿`` for a workbook; a codec we have no name for, in capitals."""
    name = encoding.strip().lower()
    if name in WORKBOOKS:
        return text(WORKBOOKS[name], language)
    if name in ENCODING_NAMES:
        return encoding_in(ENCODING_NAMES[name], language)
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return encoding.upper()
    return encoding_in(ENCODING_NAMES.get(canonical, canonical.upper()), language)


def column_label(column: str, language: str) -> str:
    """A stored column by its name in ``language`` (销售额 / Revenue for ``revenue``); the
    column's own name when no label exists."""
    for key in (f"column_{column}", column):
        if key in TEXTS:
            return text(key, language)
    return column


# --- branch wiring: the Upload page's choices, mapping, table guess, moves and deletions
WIRING_TEXTS: dict[str, dict[str, str]] = {
    "column_profit": {"zh": "利润", "en": "Profit"},
    "column_amount": {"zh": "收款金额", "en": "Amount received"},  # the payments table's
    "column_method": {"zh": "结算方式", "en": "Payment method"},
    "upload_choices_title": {
        "zh": "需要你选择：文件中不止一列可能是同一个字段，或某列只是可能",
        "en": "Your choice: more than one column of the file could be the same field, "
        "or a column only may be it",
    },
    "upload_choice": {
        "zh": "{column}：用文件中的哪一列？",
        "en": "{column}: which column of the file?",
    },
    "upload_choice_placeholder": {"zh": "请选择…", "en": "Choose…"},
    "upload_choose_first": {
        "zh": "还有 {count} 个字段需要你选择文件中的列（见上方），选择后才能校验和写入。",
        "en": "{count} field(s) wait for you to choose the file's column (above); the file "
        "is checked and can be written once you have chosen.",
    },
    "upload_choose_date_order": {
        "zh": "文件中的日期看不出月和日的先后：请在上方选择日期格式，选择后才能校验和写入。",
        "en": "The file's dates do not tell which is the month and which the day: choose the "
        "date order above; the file is checked and can be written once you have chosen.",
    },
    "upload_table_confidence": {"zh": "识别把握：{confidence}", "en": "Confidence: {confidence}"},
    "upload_table_runner_up": {
        "zh": "识别把握：{confidence}（其次是{runner}：{runner_confidence}）",
        "en": "Confidence: {confidence} (next: {runner}, {runner_confidence})",
    },
    "upload_table_switch": {"zh": "改为{table}", "en": "Read as {table} instead"},
    "upload_read_header": {
        "zh": "识别为{table}，编码 {encoding}，表头在第 {header_row} 行。",
        "en": "Read as {table}, encoding {encoding}, header in row {header_row}.",
    },
    "upload_sheet_best": {"zh": "（最佳）", "en": " (best)"},
    "upload_remembered": {
        "zh": "已应用为这种导出文件记住的列映射（上次使用 {last_used}）；"
        "下面的选择和列映射已按它填好，可以修改，写入后记住修改后的映射。",
        "en": "Applied the column mapping remembered for this export (last used {last_used}); "
        "the choices and the mapping below are filled in from it and can be changed, and "
        "the changed mapping is remembered once written.",
    },
    "upload_mapping_help_named": {
        "zh": "每一列导入为哪个字段；选“不使用”表示不导入该列。",
        "en": "Which field each column goes to; choose 'not used' to leave a column out.",
    },
    "upload_moves_title": {
        "zh": "这个文件会把 {lines} 条已有的明细移到另一个区域、业务员、客户或月份。"
        "请核对下面的例子；勾选“确认移动”后才能写入。",
        "en": "This file would move {lines} stored line(s) to another region, rep, customer or "
        "month. Check the examples below; it can be written only once you accept the moves.",
    },
    "upload_moves_examples": {
        "zh": "例子（共 {count} 处，列出前 {shown} 处）",
        "en": "Examples ({shown} of {count} shown)",
    },
    "upload_moves_accept": {
        "zh": "确认移动：按文件改写这 {lines} 条已有明细",
        "en": "Accept the moves: rewrite these {lines} stored line(s) as the file has them",
    },
    "upload_replace_scope": {"zh": "替换范围", "en": "What to replace"},
}
TEXTS.update(WIRING_TEXTS)


# --- branch auth (issue 13): sign-in, roles, the `users` command, the bind rule
AUTH_TEXTS: dict[str, dict[str, str]] = {
    "signin_title": {"zh": "登录", "en": "Sign in"},
    "signin_name": {"zh": "用户名", "en": "User name"},
    "signin_password": {"zh": "密码", "en": "Password"},
    "signin_submit": {"zh": "登录", "en": "Sign in"},
    "signin_sso": {"zh": "使用公司账号登录", "en": "Sign in with the company account"},
    "signin_or": {"zh": "或使用本地账号：", "en": "Or with a local account:"},
    "signin_wrong": {"zh": "用户名或密码错误。", "en": "Wrong user name or password."},
    "signin_locked": {
        "zh": "登录失败次数过多，已暂时锁定；请在 {time} 之后再试。",
        "en": "Too many failed sign-ins: locked for now; try again after {time}.",
    },
    "signin_expired": {
        "zh": "长时间未操作，已自动退出，请重新登录。",
        "en": "Signed out after a long time without use; please sign in again.",
    },
    "signin_sso_unmapped": {
        "zh": "这个公司账号未获授权使用本仪表盘，请联系管理员；也可以退出登录，换一个账号。",
        "en": "This company account has no access to this dashboard: ask an administrator, "
        "or sign out to use another account.",
    },
    "signout": {"zh": "退出登录", "en": "Sign out"},
    "signed_in_as": {"zh": "当前用户：{user}（{role}）", "en": "Signed in as {user} ({role})"},
    "cli_data_kept_changing": {
        "zh": "{path} 中的数据在计算期间被连续 {count} 次上传或撤销所替换，请稍后再试。",
        "en": "The data in {path} was replaced by an upload or undo {count} times while this "
        "ran: try again in a moment.",
    },
    "cli_no_data_yet": {
        "zh": "{path} 中还没有订单数据：用 sales-dash demo 生成演示数据，"
        "或用 sales-dash ingest 文件 --table orders 上传导出文件。",
        "en": "There is no order data in {path} yet: sales-dash demo builds a demo company, "
        "sales-dash ingest FILE --table orders uploads an export.",
    },
    "page_failed": {
        "zh": "页面出错了。如需帮助，请把错误编号 {error_id} 告诉管理员"
        "（详情已记录在服务器日志中）。",
        "en": "This page failed. Quote the error id {error_id} to your administrator "
        "(the details are in the server's log).",
    },
    "page_refused": {
        "zh": "你的账号没有权限打开这个页面。",
        "en": "Your account may not open this page.",
    },
    "upload_col_user": {"zh": "操作人", "en": "By"},
    "role_admin": {"zh": "管理员", "en": "Administrator"},
    "role_director": {"zh": "销售总监", "en": "Sales director"},
    "role_region_manager": {"zh": "大区经理", "en": "Region manager"},
    "role_rep": {"zh": "业务员", "en": "Sales rep"},
    "role_clerk": {"zh": "销售助理", "en": "Sales-ops clerk"},
    "users_added": {"zh": "已添加用户 {name}（{role}）。", "en": "Added user {name} ({role})."},
    "users_removed": {"zh": "已删除用户 {name}。", "en": "Removed user {name}."},
    "users_password_set": {"zh": "已更改 {name} 的密码。", "en": "Changed the password of {name}."},
    "users_exists": {"zh": "用户 {name} 已存在。", "en": "User {name} already exists."},
    "users_unknown": {"zh": "没有用户 {name}。", "en": "There is no user {name}."},
    "users_bad_name": {
        "zh": "用户名“{name}”不可用：不能为空、不能含控制字符、不超过 200 个字符。",
        "en": "User name '{name}' is not usable: it must not be empty, hold control "
        "characters or exceed 200 characters.",
    },
    "users_empty_password": {"zh": "密码不能为空。", "en": "The password must not be empty."},
    "users_long_password": {
        "zh": "密码不能超过 1024 个字符。",
        "en": "The password must not exceed 1024 characters.",
    },
    "users_password_mismatch": {
        "zh": "两次输入的密码不一致，未做任何改动。",
        "en": "The two passwords differ; nothing was changed.",
    },
    "users_password_prompt": {"zh": "密码：", "en": "Password: "},
    "users_password_again": {"zh": "再次输入密码：", "en": "Password again: "},
    "users_none": {
        "zh": "还没有用户：本仪表盘只在本机（127.0.0.1）提供，无需登录。",
        "en": "No users yet: the dashboard serves this machine only (127.0.0.1), without sign-in.",
    },
    "users_name": {"zh": "用户", "en": "User"},
    "users_role": {"zh": "角色", "en": "Role"},
    "users_scope": {"zh": "范围", "en": "Scope"},
    "users_kind": {"zh": "登录方式", "en": "Sign-in"},
    "users_locked": {"zh": "锁定至", "en": "Locked until"},
    "users_kind_password": {"zh": "密码", "en": "password"},
    "users_kind_sso": {"zh": "公司账号", "en": "company SSO"},
    "users_scope_all": {"zh": "全部", "en": "all"},
    "users_scope_regions": {"zh": "区域：{regions}", "en": "regions: {regions}"},
    "users_scope_reps": {"zh": "业务员：{reps}", "en": "reps: {reps}"},
    "serve_local_only": {
        "zh": "未配置登录（没有用户，也没有单点登录），仪表盘只在本机提供：{url}",
        "en": "No sign-in is configured (no users, no single sign-on), so the dashboard "
        "serves this machine only: {url}",
    },
    "serve_use_host": {
        "zh": "请用 --host 指定监听地址，而不是 --server.address。",
        "en": "Choose the address to listen on with --host, not --server.address.",
    },
    "serve_needs_signin": {
        "zh": "没有配置登录时不能在 {host} 上提供服务：请先用 `sales-dash users add` 添加用户，"
        "或在 .streamlit/secrets.toml 中配置 [auth] 单点登录。",
        "en": "Refusing to listen on {host} without sign-in: add users with "
        "`sales-dash users add` or configure single sign-on ([auth] in "
        ".streamlit/secrets.toml) first.",
    },
}
TEXTS.update(AUTH_TEXTS)


# --- branch pack (issue 14): the meeting as a PDF, slides or a web page, and its mail
PACK_TEXTS: dict[str, dict[str, str]] = {
    "pack_title": {"zh": "周例会", "en": "Weekly meeting"},
    "pack_all_regions": {"zh": "全公司", "en": "All regions"},
    "pack_reps": {"zh": "业务员 {reps}", "en": "Reps {reps}"},
    "pack_this_month": {"zh": "本月", "en": "This month"},
    "pack_as_of": {"zh": "截至 {date}", "en": "as of {date}"},
    "pack_footer": {
        "zh": "数据截至 {as_of} · 第 {page}/{pages} 页",
        "en": "Data as of {as_of} · page {page} of {pages}",
    },
    "pack_time_progress": {"zh": "时间进度 {value}", "en": "Time elapsed {value}"},
    "pack_vs_last": {"zh": "上周同期 {value}", "en": "last week {value}"},
    "pack_note": {"zh": "备注", "en": "Note"},
    "pack_actions": {"zh": "待办", "en": "Action items"},
    "pack_status_open": {"zh": "未完成", "en": "open"},
    "pack_status_done": {"zh": "已完成", "en": "done"},
    "pack_action_line": {
        "zh": "{what}（{owner}，{due} 前，{status}）",
        "en": "{what} ({owner}, due {due}, {status})",
    },
    "pack_no_chromium": {
        "zh": "生成 PDF 需要 Chromium（/usr/bin/chromium）：请先运行 bash scripts/test.sh "
        "或 apt-get install chromium fonts-noto-cjk；也可以用 --format pptx 或 html。",
        "en": "A PDF needs Chromium (/usr/bin/chromium): run bash scripts/test.sh or apt-get "
        "install chromium fonts-noto-cjk first; or use --format pptx or html.",
    },
    "pack_pdf_failed": {
        "zh": "Chromium 没能生成 PDF：{reason}",
        "en": "Chromium could not print the PDF: {reason}",
    },
    "pack_written": {"zh": "已写出 {path}（{pages} 页）。", "en": "Wrote {path} ({pages} pages)."},
    "pack_cannot_write": {
        "zh": "无法写入 {path}：{reason}",
        "en": "Cannot write {path}: {reason}",
    },
    "pack_no_folder": {"zh": "文件夹不存在", "en": "the folder does not exist"},
    "pack_no_permission": {"zh": "没有写入权限", "en": "permission denied"},
    "pack_download": {"zh": "下载 {format}", "en": "Download {format}"},
    "mail_subject": {"zh": "周例会 · {scope}", "en": "Weekly meeting · {scope}"},
    "mail_body": {
        "zh": "你好，\n\n附件是本周例会的材料（{scope}），数据截至 {as_of}。\n\n{headlines}\n\n"
        "—— sales-dash",
        "en": "Hello,\n\nAttached is this week's meeting pack ({scope}), data as of {as_of}."
        "\n\n{headlines}\n\n— sales-dash",
    },
    "send_not_account": {
        "zh": "{address} 不是任何账户，不知道该看哪些区域：加 --unscoped 才会给它发全公司的材料"
        "（或先用 sales-dash users add 建账户）。没有发出任何邮件。",
        "en": "{address} is no account, so its scope is unknown: only with --unscoped does it "
        "get the company's pack (or add it with sales-dash users add first). Nothing was sent.",
    },
    "send_not_address": {
        "zh": "{address} 不是邮件地址。没有发出任何邮件。",
        "en": "{address} is not an e-mail address. Nothing was sent.",
    },
    "send_outside_scope": {
        "zh": "{address} 看不到 {chosen} 的数据，只会收到一份空材料。没有发出任何邮件。",
        "en": "{address} may not see {chosen}: their pack would be empty. Nothing was sent.",
    },
    "send_no_dashboard": {
        "zh": "{address} 的角色看不到仪表盘，不发送例会材料。没有发出任何邮件。",
        "en": "{address}'s role does not see the dashboard: no meeting pack for it. "
        "Nothing was sent.",
    },
    "send_no_host": {
        "zh": "没有设置 SMTP 服务器：请设置 SALES_DASH_SMTP_HOST（docs/meeting-pack.md）。",
        "en": "No SMTP server set: set SALES_DASH_SMTP_HOST (docs/meeting-pack.md).",
    },
    "send_no_sender": {
        "zh": "没有设置发件人：请设置 SALES_DASH_SMTP_FROM 或 SALES_DASH_SMTP_USER。",
        "en": "No sender set: set SALES_DASH_SMTP_FROM or SALES_DASH_SMTP_USER.",
    },
    "send_failed": {
        "zh": "发送到 {address} 失败：{reason}",
        "en": "Sending to {address} failed: {reason}",
    },
    "send_sent": {"zh": "已发送给 {address}（{scope}）。", "en": "Sent to {address} ({scope})."},
}
TEXTS.update(PACK_TEXTS)
# --- branch meetstate (issue 14): the meeting's scope banner, freeze, notes and actions
MEETSTATE_TEXTS: dict[str, dict[str, str]] = {
    "meeting_scope_mine": {"zh": "我的范围：{scope}", "en": "My scope: {scope}"},
    "meeting_as_of_short": {"zh": "截至 {date}", "en": "as of {date}"},
    "meeting_frozen_since": {
        "zh": "已冻结：数据版本 {version}，{time} 冻结",
        "en": "Frozen: data version {version}, since {time}",
    },
    "meeting_freeze": {"zh": "冻结", "en": "Freeze"},
    "meeting_freeze_help": {
        "zh": "把本次会议固定在当前数据版本和截至日：会议中有人上传也不会改变画面上的数字；"
        "链接带着冻结。",
        "en": "Hold this meeting at the current data version and as-of date: an upload "
        "during the meeting changes nothing on screen; the link carries the freeze.",
    },
    "meeting_unfreeze": {"zh": "解除冻结", "en": "Unfreeze"},
    "meeting_freeze_gone": {
        "zh": "链接中的冻结已过期或不存在，显示的是最新数据。",
        "en": "The freeze this link names has expired or does not exist: showing live data.",
    },
    "meeting_freeze_busy": {
        "zh": "数据正在连续更新，暂时无法冻结，请稍后再试。",
        "en": "The data is changing right now: the meeting cannot be frozen, try again shortly.",
    },
    "notes_title": {"zh": "备注与待办", "en": "Notes and actions"},
    "note_label": {"zh": "本环节备注", "en": "Note for this section"},
    "note_save": {"zh": "保存备注", "en": "Save note"},
    "note_saved": {"zh": "已保存。", "en": "Saved."},
    "action_what": {"zh": "待办事项", "en": "Action"},
    "action_owner": {"zh": "负责人", "en": "Owner"},
    "action_due": {"zh": "截止日", "en": "Due"},
    "action_status": {"zh": "状态", "en": "Status"},
    "action_add": {"zh": "添加待办", "en": "Add action"},
    "action_done": {"zh": "已完成", "en": "Done"},
    "action_open": {"zh": "未完成", "en": "Open"},
    "action_nobody": {"zh": "（未指定）", "en": "(nobody yet)"},
    "action_what_missing": {
        "zh": "请填写待办事项的内容。",
        "en": "Write what the action is.",
    },
    "action_what_too_long": {
        "zh": "待办事项不能超过 500 个字符。",
        "en": "An action may hold at most 500 characters.",
    },
    "action_bad_status": {"zh": "状态只能是未完成或已完成。", "en": "Status is open or done."},
    "last_week_actions": {"zh": "上周待办", "en": "Last week's actions"},
    "last_week_summary": {
        "zh": "已完成 {done} 项，未完成 {open} 项",
        "en": "{done} done, {open} open",
    },
    "last_week_none": {"zh": "上周没有记录待办。", "en": "No actions were recorded last week."},
    "notes_not_visible": {
        "zh": "这次会议的范围超出了您可查看的范围，不能查看或编辑其备注。",
        "en": "This meeting's scope is beyond yours: its notes cannot be seen or edited.",
    },
}
TEXTS.update(MEETSTATE_TEXTS)
# --- branch meetfit (issue 14): the meeting on a projector, controls hidden
MEETFIT_TEXTS: dict[str, dict[str, str]] = {
    "meeting_hide_controls": {"zh": "隐藏控件", "en": "Hide controls"},
    "meeting_show_controls": {"zh": "显示控件", "en": "Show controls"},
    "meeting_controls_help": {
        "zh": "演示时只留下范围、本环节和翻页按钮（快捷键 H）；← → 或翻页器切换环节。",
        "en": "For presenting: only the scope, the section and the step buttons stay "
        "(key H); ← → or a clicker steps through the sections.",
    },
    "alerts_more": {"zh": "其余 {count} 条预警", "en": "{count} more alerts"},
}
TEXTS.update(MEETFIT_TEXTS)


# --- branch charts (issue 14): what the bar colours mean, in each chart's legend
CHARTS_TEXTS: dict[str, dict[str, str]] = {
    "colour_far_behind": {
        "zh": "落后{mark}超过 {points} 个百分点",
        "en": "More than {points} pt behind {mark}",
    },
    "colour_behind": {"zh": "落后于{mark}", "en": "Behind {mark}"},
    "colour_on_pace": {"zh": "达到{mark}", "en": "At or ahead of {mark}"},
    "colour_over": {"zh": "超出{mark}", "en": "Over {mark}"},
    "colour_within": {"zh": "未超出{mark}", "en": "Within {mark}"},
    "colour_gain": {"zh": "上升", "en": "Up"},
    "colour_loss": {"zh": "下降", "en": "Down"},
    "axis_points": {"zh": "变化（百分点）", "en": "Change (percentage points)"},
    # trend titles name the months shown, which the chosen period decides (not "近12个月")
    "trend_title_span": {"zh": "{span}销售额与指标", "en": "Revenue vs quota, {span}"},
    "market_trend_title_span": {
        "zh": "{span}市场容量、销售额与占有率",
        "en": "Market size, revenue and share, {span}",
    },
    "monthly_collections_title_span": {
        "zh": "{span}回款（回款率为各月月底时的值）",
        "en": "Collections, {span} (each month's rate as it stood at its end)",
    },
    "span_year": {"zh": "{year}年", "en": "{year}"},
    "span_months": {"zh": "{start}至{end}", "en": "{start} – {end}"},
    "span_month": {"zh": "{year}年{month}月", "en": "{month} {year}"},
}
TEXTS.update(CHARTS_TEXTS)

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month_name(month: str, language: str) -> str:
    year, number = month.split("-")[:2]
    name = int(number) if language == "zh" else MONTH_NAMES[int(number) - 1]
    return text("span_month", language, year=year, month=name)


def month_span(first: str, last: str, language: str) -> str:
    """The months ``first``..``last`` ('YYYY-MM') in words: 2026年 for a calendar year,
    2025年12月至2026年11月 / Dec 2025 – Nov 2026 otherwise (branch charts, issue 14)."""
    if first[:4] == last[:4] and first[5:7] == "01" and last[5:7] == "12":
        return text("span_year", language, year=first[:4])
    if first == last:
        return _month_name(first, language)
    return text(
        "span_months", language, start=_month_name(first, language), end=_month_name(last, language)
    )


# --- branch zhui (issue 14): Streamlit's own words, encodings and download names in the
# UI language
ZHUI_TEXTS = {
    "st_upload_button": {"zh": "选择文件", "en": "Upload"},
    "st_upload_limit": {"zh": "每个文件不超过 {mb} MB", "en": "{mb} MB per file"},
    "st_theme_system": {"zh": "系统", "en": "System"},
    "st_theme_light": {"zh": "浅色", "en": "Light"},
    "st_theme_dark": {"zh": "深色", "en": "Dark"},
    "st_menu_print": {"zh": "打印", "en": "Print"},
    "st_skip_to_content": {"zh": "跳到正文", "en": "Skip to main content"},
    "st_menu_record": {"zh": "录屏", "en": "Record screen"},
    "st_stop": {"zh": "停止", "en": "Stop"},
    "st_stopping": {"zh": "正在停止…", "en": "Stopping..."},
    "st_connecting": {"zh": "正在连接", "en": "Connecting"},
    "st_connection_error": {"zh": "连接中断", "en": "Error"},
    "st_menu_version": {
        "zh": "基于 Streamlit {version} 构建",
        "en": "Made with Streamlit {version}",
    },
    "upload_report_file": {"zh": "{name}_校验报告", "en": "{name}-report"},
}
TEXTS.update(ZHUI_TEXTS)
ENCODING_LANGUAGE_NAMES = {
    "UTF-8 (BOM)": {"zh": "UTF-8 (带 BOM)", "en": "UTF-8 (with BOM)"},
    "GBK": {"zh": "GBK (简体中文)", "en": "GBK (Simplified Chinese)"},
    "GB2312": {"zh": "GB2312 (简体中文)", "en": "GB2312 (Simplified Chinese)"},
    "GB18030": {"zh": "GB18030 (简体中文)", "en": "GB18030 (Simplified Chinese)"},
    "Big5": {"zh": "Big5 (繁体中文)", "en": "Big5 (Traditional Chinese)"},
    "Big5-HKSCS": {
        "zh": "Big5-HKSCS (繁体中文，香港)",
        "en": "Big5-HKSCS (Traditional Chinese, HK)",
    },
    "Big5 (CP950)": {"zh": "Big5 (CP950，繁体中文)", "en": "Big5 (CP950, Traditional Chinese)"},
    "Windows-1252": {"zh": "Windows-1252 (西欧)", "en": "Windows-1252 (Western European)"},
    "Latin-1": {"zh": "Latin-1 (西欧)", "en": "Latin-1 (Western European)"},
}
"""An encoding's name (``ENCODING_NAMES``) with what it is for, in each language."""


def encoding_in(name: str, language: str) -> str:
    """``name`` (an ``ENCODING_NAMES`` value) with its language or script in ``language``."""
    named = ENCODING_LANGUAGE_NAMES.get(name)
    return named.get(language, named["en"]) if named else name


# branch zhui: a downloaded table's file name in the UI language (达成_逐月_2026.xlsx)
DOWNLOAD_NAMES_ZH = {
    "top_overdue": "逾期最多的客户",
    "worst_overdue": "逾期最多的客户",
    "monthly_collections": "回款_逐月",
    "customer_ledger": "客户往来明细",
    "lake_tables": "数据_各表",
    "lake_months": "数据_各月行数",
    "upload_history": "上传记录",
    "rep_scorecard": "团队_业务员",
    "rep_customers": "业务员_客户",
    "rep_recent_orders": "业务员_最近订单",
    "over_authority": "超权限折扣订单行",
    "top_customers": "重点客户",
    "new_customers": "新客户",
    "dormant_customers": "沉睡客户",
    "biggest_orders": "本周最大订单",
    "top_reps": "领先的业务员",
    "bottom_reps": "落后的业务员",
}
DOWNLOAD_WORDS_ZH = {
    "attainment": "达成",
    "overview": "总览",
    "meeting": "周例会",
    "margin": "毛利",
    "collection": "回款",
    "collections": "回款",
    "expense": "费用",
    "expenses": "费用",
    "market": "市场占有率",
    "aging": "账龄",
    "retention": "客户留存",
    "month": "逐月",
    "region": "区域",
    "rep": "业务员",
    "category": "品类",
    "product": "产品",
    "customer": "客户",
    "lines": "订单明细",
    "ledger": "往来明细",
    "drill": "下钻",
}
"""The words of a table's key (``collection_by_region``) in Chinese, for its file name."""


def _table_name_zh(key: str) -> str:
    """``collection_by_region`` -> 回款_按区域; a key with an unknown word stays as it is."""
    if key in DOWNLOAD_NAMES_ZH:
        return DOWNLOAD_NAMES_ZH[key]
    words = key.replace("_at_", "_by_").split("_")
    named: list[str] = []
    for index, word in enumerate(words):
        if word == "by" and index + 1 < len(words):
            continue
        if word not in DOWNLOAD_WORDS_ZH:
            return key
        after_by = index > 0 and words[index - 1] == "by" and word != "month"
        named.append(("按" if after_by else "") + DOWNLOAD_WORDS_ZH[word])
    return "_".join(named)


def _period_name(start: dt.date, end: dt.date) -> str:
    """2026-11 for a whole month, 2026 for a whole year, else both dates."""
    whole_month = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    if whole_month and (start.year, start.month) == (end.year, end.month):
        return f"{start:%Y-%m}"
    if whole_month and start.year == end.year and (start.month, end.month) == (1, 12):
        return f"{start:%Y}"
    return f"{start.isoformat()}_{end.isoformat()}"


def download_name(
    key: str, language: str, start: dt.date | None = None, end: dt.date | None = None
) -> str:
    """The file name (without extension) of the table ``key`` downloaded in ``language``
    for the period ``start``..``end`` (inclusive): 回款_按区域_2026-11 in Chinese,
    collection_by_region_2026-11 in English."""
    name = _table_name_zh(key) if language == "zh" else key
    return f"{name}_{_period_name(start, end)}" if start and end else name


# --- branch bench (issue 12): `sales-dash bench` without its optional extra
BENCH_TEXTS = {
    "bench_not_installed": {
        "zh": "基准测试是可选组件，尚未安装。请在项目目录中运行 `pip install -e .[bench]`"
        "（或 `uv sync --extra bench`），然后再运行 `sales-dash bench`。",
        "en": "The benchmark is an optional extra and is not installed. In the project "
        "folder run `pip install -e .[bench]` (or `uv sync --extra bench`), then "
        "`sales-dash bench` again.",
    },
}
TEXTS.update(BENCH_TEXTS)


# --- branch ui2 (issue 15): a long table shows its latest rows, the download holds all
UI2_TEXTS = {
    "table_latest_rows": {
        "zh": "显示最近 {shown} 条，共 {total} 条；全部明细请点下方按钮下载 CSV 或 Excel。",
        "en": "The latest {shown} of {total} rows shown; download the CSV or Excel below "
        "for all of them.",
    },
}
TEXTS.update(UI2_TEXTS)


# --- branch sledger: a scoped reader's ledger takes the credit a customer's return left
# to the lines of another region or rep (sql/_ledger_transfers.sql)
SLEDGER_TEXTS = {
    "ledger_return_credit": {"zh": "退货抵扣", "en": "Return credit"},
}
TEXTS.update(SLEDGER_TEXTS)

-- grain: one row per period and group of market rows, sizes prorated by calendar days
--        to the days the sales count: from the period's start to its flow end
--        (min(end, as_of)), so an open month's sales to date meet the market of the same
--        days (docs/metrics.md, "Market share"; period_months in _setup.sql)
-- params: $period_keys varchar[], $period_starts date[], $flow_ends date[],
--         $by ('region', 'category' or ''), $regions (varchar[], empty = all),
--         $split_categories (bool: use category rows, else the whole-market "" rows),
--         $categories (varchar[], empty = all; only with $split_categories)
select
    months.period_key,
    group_key($by, market.region, null, market.category, null, null) as group_key,
    sum(market.market_size * months.days_inside / months.days_in_month) as market_size
from market
inner join period_months($period_keys, $period_starts, $flow_ends) as months
    on market.month = months.month
where in_filter($regions, market.region)
    and (
        ($split_categories and market.category <> '' and in_filter($categories, market.category))
        or (not $split_categories and market.category = '')
    )
group by all

-- grain: one row per period and group of market rows, sizes prorated by calendar days
-- (period_months in _setup.sql)
-- params: $period_keys varchar[], $period_starts date[], $period_ends date[],
--         $by ('region', 'category' or ''), $regions (varchar[], empty = all),
--         $split_categories (bool: use category rows, else the whole-market "" rows),
--         $categories (varchar[], empty = all; only with $split_categories)
select
    months.period_key,
    group_key($by, market.region, null, market.category, null, null) as group_key,
    sum(market.market_size * months.days_inside / months.days_in_month) as market_size
from market
inner join period_months($period_keys, $period_starts, $period_ends) as months
    on market.month = months.month
where in_filter($regions, market.region)
    and (
        ($split_categories and market.category <> '' and in_filter($categories, market.category))
        or (not $split_categories and market.category = '')
    )
group by all

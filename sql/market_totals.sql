-- grain: one row per period and group of market rows, sizes prorated by calendar days
--        to the days the sales count: from the period's start to its flow end
--        (min(end, as_of)), so an open month's sales to date meet the market of the same
--        days (docs/metrics.md, "Market share")
-- params: $period_keys varchar[], $period_starts date[], $flow_ends date[],
--         $by ('region', 'category' or ''), $regions (varchar[], empty = all),
--         $split_categories (bool: use category rows, else the whole-market "" rows),
--         $categories (varchar[], empty = all; only with $split_categories)
with periods as (
    select
        unnest($period_keys) as period_key,
        unnest($period_starts)::date as period_start,
        unnest($flow_ends)::date as period_end
),

monthly as (
    select
        *,
        strptime(month || '-01', '%Y-%m-%d')::date as month_start,
        last_day(strptime(month || '-01', '%Y-%m-%d')::date) as month_end
    from market
    where in_filter($regions, region)
        and (
            ($split_categories and category <> '' and in_filter($categories, category))
            or (not $split_categories and category = '')
        )
),

overlap as (
    select
        periods.period_key,
        monthly.*,
        date_diff(
            'day',
            greatest(periods.period_start, monthly.month_start),
            least(periods.period_end, monthly.month_end)
        ) + 1 as days_inside,
        day(monthly.month_end) as days_in_month
    from monthly
    inner join periods
        on monthly.month_start <= periods.period_end
        and monthly.month_end >= periods.period_start
)

select
    period_key,
    group_key($by, region, null, category, null, null) as group_key,
    sum(market_size * days_inside / days_in_month) as market_size
from overlap
group by all

-- grain: one row per period and group: booked lines discounted beyond $discount_limit
-- params: $period_keys varchar[], $period_starts date[], $flow_ends date[] (period ends
--         capped at the as-of date), $range_start, $flow_range_end (dates), $by,
--         $discount_limit (0-1), $facts ('over_limit' or 'lines', see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
with periods as (
    select
        unnest($period_keys) as period_key,
        unnest($period_starts)::date as period_start,
        unnest($flow_ends)::date as period_end
),

lines as (
    select *
    from over_limit_facts($facts, $discount_limit)
    where order_date between $range_start and $flow_range_end
        and in_filter($regions, region)
        and in_filter($reps, rep_id)
        and in_filter($categories, category)
        and in_filter($products, product)
        and in_filter($customers, customer_id)
)

select
    periods.period_key,
    group_key($by, lines.region, lines.rep_id, lines.category, lines.product, lines.customer_id)
        as group_key,
    count(*) as over_lines,
    sum(lines.revenue) as over_revenue
from lines
inner join periods on lines.order_date between periods.period_start and periods.period_end
group by all

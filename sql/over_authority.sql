-- grain: one row per period and group: booked lines discounted beyond $discount_limit,
-- dated in the period up to the as-of date
-- params: $period_grain ('month', 'week' or '' for one period), $period_keys varchar[]
--         (the one period's key first), $range_start, $flow_range_end (the first day,
--         and the last day up to the as-of date, of the periods together), $by,
--         $discount_limit (0-1), $facts ('over_limit' or 'lines', see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
select
    period_of($period_grain, $period_keys[1], order_date) as period_key,
    group_key($by, region, rep_id, category, product, customer_id) as group_key,
    count(*) as over_lines,
    sum(revenue) as over_revenue
from over_limit_facts($facts, $discount_limit)
where order_date between $range_start and $flow_range_end
    and filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)
group by all

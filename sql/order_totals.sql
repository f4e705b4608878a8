-- grain: one row per period and group of non-cancelled order lines dated in the period,
-- up to the as-of date
-- params: $period_grain ('month', 'week' or '' for one period), $period_keys varchar[]
--         (the one period's key first), $range_start, $flow_range_end (the first day,
--         and the last day up to the as-of date, of the periods together),
--         $by (group dimension or ''), $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
select
    period_of($period_grain, $period_keys[1], order_date) as period_key,
    group_key($by, region, rep_id, category, product, customer_id) as group_key,
    sum(revenue) as revenue,
    -- unknown is not zero: cost of the lines that carry one, and how much they cover
    sum(cost) as cost,
    sum(costed_revenue) as costed_revenue,
    sum(costed_lines)::bigint as costed_lines,
    sum(discount_lines)::bigint as discount_lines,
    sum(identified_revenue) as identified_revenue,
    sum(identified_lines)::bigint as identified_lines,
    sum(lines)::bigint as lines
from order_facts($facts)
where order_date between $range_start and $flow_range_end
    and filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)
group by all

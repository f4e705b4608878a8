-- grain: one row per period and group: customers who ordered in the previous period of
-- equal length (the same number of days just before the period), and how many of them
-- ordered again in the period
-- params: $period_keys varchar[], $period_starts date[], $period_ends date[], $flow_ends
--         date[] (ends capped at the as-of date: the current window stops there),
--         $previous_start (earliest previous-period start), $flow_range_end (dates), $by,
--         $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
with periods as (
    select
        period_key,
        period_start,
        period_end,
        period_start - (period_end - period_start + 1)::integer as previous_start,
        flow_end
    from (
        select
            unnest($period_keys) as period_key,
            unnest($period_starts)::date as period_start,
            unnest($period_ends)::date as period_end,
            unnest($flow_ends)::date as flow_end
    )
),

lines as (
    select *
    from order_facts($facts)
    -- a line without a customer counts for revenue, not for customer metrics
    where order_date between $previous_start and $flow_range_end
        and customer_id is not null
        and filters_match($regions, $reps, $categories, $products, $customers,
            region, rep_id, category, product, customer_id)
),

customer_windows as (
    select
        periods.period_key,
        group_key($by, lines.region, lines.rep_id, lines.category, lines.product, lines.customer_id)
            as group_key,
        lines.customer_id,
        bool_or(lines.order_date < periods.period_start) as in_previous,
        bool_or(lines.order_date >= periods.period_start) as in_current
    from lines
    inner join periods on lines.order_date between periods.previous_start and periods.flow_end
    group by all
)

select
    period_key,
    group_key,
    count(*) filter (where in_previous) as previous_customers,
    count(*) filter (where in_previous and in_current) as retained_customers,
    count(*) filter (where in_current) as active_customers
from customer_windows
group by all

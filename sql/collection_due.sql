-- grain: one row per period and group of non-cancelled lines falling due in the period
-- (due_date inside the period and on or before $as_of)
-- params: $period_keys varchar[], $period_starts date[], $period_ends date[], $as_of (date),
--         $by, $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
with periods as (
    select
        unnest($period_keys) as period_key,
        unnest($period_starts)::date as period_start,
        least(unnest($period_ends)::date, $as_of::date) as due_until
),

lines as (
    select *
    from order_facts($facts)
    where due_date <= $as_of
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
    sum(lines.revenue) as due_amount,
    sum(lines.paid_amount) as collected
from lines
inner join periods on lines.due_date between periods.period_start and periods.due_until
group by all

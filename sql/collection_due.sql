-- grain: one row per period and group of non-cancelled lines falling due in the period
-- (due_date inside the period and on or before $as_of). A line without a due date (its
-- file had no payment data) falls due order_date + $due_days after, for the coverage only:
-- due_amount and collected sum the lines with payment data (tracked), due_revenue and
-- due_lines every line due, so the metric can say how much it covers.
-- params: $period_keys varchar[], $period_starts date[], $period_ends date[], $as_of (date),
--         $due_days (int, the payment terms),
--         $by, $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
with periods as (
    select
        unnest($period_keys) as period_key,
        unnest($period_starts)::date as period_start,
        least(unnest($period_ends)::date, $as_of::date) as due_until
),

lines as (
    select
        *,
        coalesce(due_date, order_date + $due_days::integer) as due_on
    from order_facts($facts)
    where coalesce(due_date, order_date + $due_days::integer) <= $as_of
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
    sum(lines.tracked_revenue) as due_amount,
    sum(lines.paid_amount) as collected,
    sum(lines.revenue) as due_revenue,
    sum(lines.tracked_lines)::bigint as tracked_lines,
    sum(lines.lines)::bigint as due_lines
from lines
inner join periods on lines.due_on between periods.period_start and periods.due_until
group by all

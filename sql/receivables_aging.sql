-- grain: one row per group: receivables outstanding at $as_of, bucketed by days past due
-- (a snapshot: lines booked on or before $as_of with revenue − paid_amount > 0; no period)
-- params: $as_of (date), $by, $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers
with open_lines as (
    select
        *,
        date_diff('day', due_date, $as_of::date) as days_overdue
    -- at the rollups' grain, only the owed rows are read
    from order_facts(if($facts = 'rollup', 'owed', $facts))
    where order_date <= $as_of
        and open_amount > 0
        and in_filter($regions, region)
        and in_filter($reps, rep_id)
        and in_filter($categories, category)
        and in_filter($products, product)
        and in_filter($customers, customer_id)
)

select
    group_key($by, region, rep_id, category, product, customer_id) as group_key,
    sum(open_amount) as outstanding,
    coalesce(sum(open_amount) filter (where days_overdue <= 0), 0) as not_due,
    coalesce(sum(open_amount) filter (where days_overdue between 1 and 30), 0) as d1_30,
    coalesce(sum(open_amount) filter (where days_overdue between 31 and 60), 0) as d31_60,
    coalesce(sum(open_amount) filter (where days_overdue between 61 and 90), 0) as d61_90,
    coalesce(sum(open_amount) filter (where days_overdue > 90), 0) as d90_plus,
    max(days_overdue) as max_days_overdue
from open_lines
group by all

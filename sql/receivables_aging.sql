-- grain: one row per group: receivables outstanding at $as_of, bucketed by days past due
-- (a snapshot, no period: the open spans holding $as_of, i.e. lines booked on or before it
-- with revenue − what was applied to them on or before it > 0; sql/_open_spans.sql). A
-- line without a due date falls due order_date + $due_days after.
-- params: $as_of (date), $due_days (int), $by, $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers
with open_lines as (
    select
        *,
        date_diff(
            'day', coalesce(due_date, order_date + $due_days::integer), $as_of::date
        ) as days_overdue
    from open_facts($facts)
    where valid_from <= $as_of
        and valid_to > $as_of
        and filters_match($regions, $reps, $categories, $products, $customers,
            region, rep_id, category, product, customer_id)
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

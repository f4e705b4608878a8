-- grain: one row per period and group of visits dated in the period
-- params: $period_keys varchar[], $period_starts date[], $flow_ends date[] (period ends
--         capped at the as-of date), $range_start, $flow_range_end (dates), $by ('region', 'rep', 'customer' or ''),
--         $regions, $reps, $customers (varchar[], empty = all)
with periods as (
    select
        unnest($period_keys) as period_key,
        unnest($period_starts)::date as period_start,
        unnest($flow_ends)::date as period_end
),

in_range as (
    select *
    from visits
    where visit_date between $range_start and $flow_range_end
        and in_filter($regions, region)
        and in_filter($reps, rep_id)
        and in_filter($customers, customer_id)
)

select
    periods.period_key,
    group_key($by, in_range.region, in_range.rep_id, null, null, in_range.customer_id)
        as group_key,
    count(*) as visits,
    sum(in_range.expense) as expense
from in_range
inner join periods on in_range.visit_date between periods.period_start and periods.period_end
group by all

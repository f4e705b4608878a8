-- grain: one row per period and group of visits dated in the period, up to the as-of date
-- params: $period_grain ('month', 'week' or '' for one period), $period_keys varchar[]
--         (the one period's key first), $range_start, $flow_range_end (the first day,
--         and the last day up to the as-of date, of the periods together),
--         $by ('region', 'rep', 'customer' or ''),
--         $regions, $reps, $customers (varchar[], empty = all)
select
    period_of($period_grain, $period_keys[1], visit_date) as period_key,
    group_key($by, region, rep_id, null, null, customer_id) as group_key,
    count(*) as visits,
    -- unknown is not zero: the expense of the visits that carry one, and how many do
    sum(expense) as expense,
    count(expense) as expense_visits
from visits
where visit_date between $range_start and $flow_range_end
    and filters_match($regions, $reps, [], [], $customers,
        region, rep_id, null, null, customer_id)
group by all

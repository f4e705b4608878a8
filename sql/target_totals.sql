-- grain: one row per period and group of quota rows, targets prorated by calendar days
-- (a month counts by days inside the period / days in the month: period_months in
-- _setup.sql), unrounded: the metric layer divides by the exact figure and rounds to
-- cents only for display
-- params: $period_keys varchar[], $period_starts date[], $period_ends date[],
--         $by ('region', 'rep' or ''), $regions, $reps (varchar[], empty = all)
select
    months.period_key,
    group_key($by, quotas.region, quotas.rep_id, null, null, null) as group_key,
    sum(quotas.revenue_quota * months.days_inside / months.days_in_month) as quota,
    sum(quotas.expense_budget * months.days_inside / months.days_in_month) as expense_budget,
    sum(quotas.visit_target * months.days_inside / months.days_in_month) as visit_target,
    -- unknown is not zero: how many quota rows there are, and how many carry a budget
    count(*) as quota_rows,
    count(quotas.expense_budget) as budget_rows
from quotas
inner join period_months($period_keys, $period_starts, $period_ends) as months
    on quotas.month = months.month
where in_filter($regions, quotas.region) and in_filter($reps, quotas.rep_id)
group by all

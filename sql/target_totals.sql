-- grain: one row per period and group of quota rows, targets prorated by calendar days
-- (a month counts by days inside the period / days in the month), unrounded: the
-- metric layer divides by the exact figure and rounds to cents only for display
-- params: $period_keys varchar[], $period_starts date[], $period_ends date[],
--         $by ('region', 'rep' or ''), $regions, $reps (varchar[], empty = all)
with periods as (
    select
        unnest($period_keys) as period_key,
        unnest($period_starts)::date as period_start,
        unnest($period_ends)::date as period_end
),

monthly as (
    select
        *,
        strptime(month || '-01', '%Y-%m-%d')::date as month_start,
        last_day(strptime(month || '-01', '%Y-%m-%d')::date) as month_end
    from quotas
    where in_filter($regions, region) and in_filter($reps, rep_id)
),

overlap as (
    select
        periods.period_key,
        monthly.*,
        date_diff(
            'day',
            greatest(periods.period_start, monthly.month_start),
            least(periods.period_end, monthly.month_end)
        ) + 1 as days_inside,
        day(monthly.month_end) as days_in_month
    from monthly
    inner join periods
        on monthly.month_start <= periods.period_end
        and monthly.month_end >= periods.period_start
)

select
    period_key,
    group_key($by, region, rep_id, null, null, null) as group_key,
    sum(revenue_quota * days_inside / days_in_month) as quota,
    sum(expense_budget * days_inside / days_in_month) as expense_budget,
    sum(visit_target * days_inside / days_in_month) as visit_target,
    -- unknown is not zero: how many quota rows there are, and how many carry a budget
    count(*) as quota_rows,
    count(expense_budget) as budget_rows
from overlap
group by all

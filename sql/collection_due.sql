-- grain: one row per period and group of non-cancelled lines falling due in the period
-- (due_date inside the period and on or before $as_of). A line without a due date falls
-- due order_date + $due_days after. due_amount sums the lines with payment information
-- (tracked: their own paid columns or their customer's receipts), due_revenue and
-- due_lines every line due, so the metric can say how much it covers; collected is what
-- was applied to the tracked lines on or before $as_of (sql/_settled.sql): the rate as it
-- stood at $as_of, which money arriving later does not change. With $at_period_ends, each
-- period's as it stood at its own end (its last day, or $as_of if earlier): a month trend
-- in one query, each month as it stood then.
-- params: $period_keys varchar[], $period_starts date[], $period_ends date[], $as_of (date),
--         $due_days (int, the payment terms), $at_period_ends (boolean),
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
        and filters_match($regions, $reps, $categories, $products, $customers,
            region, rep_id, category, product, customer_id)
),

-- The money applied to lines falling due between the first period's start and the last
-- period's end (or $as_of): a line's own due date, else order_date + $due_days. In two
-- parts, each a range on one column, which a scan of the kept files skips whole row
-- groups by (a coalesce it cannot): a month's rows fall due within its payment terms, so
-- the other months are not read (at 100M lines, the 20M rows of applied_daily were read
-- for a month's rate until loaded). The lines above stay one scan: split too, they read
-- 0.1 s faster from the files at 100M, but cost 3-7 ms more a query in memory at 200k.
applied as (
    select *, due_date as due_on
    from applied_facts($facts)
    where due_date between list_min($period_starts::date[])
        and least(list_max($period_ends::date[]), $as_of::date)
        and applied_date <= $as_of
    union all
    select *, order_date + $due_days::integer as due_on
    from applied_facts($facts)
    where due_date is null
        and order_date between list_min($period_starts::date[]) - $due_days::integer
        and least(list_max($period_ends::date[]), $as_of::date) - $due_days::integer
        and applied_date <= $as_of
),

due as (
    select
        periods.period_key,
        group_key($by, lines.region, lines.rep_id, lines.category, lines.product,
            lines.customer_id) as group_key,
        sum(lines.tracked_revenue) as due_amount,
        sum(lines.revenue) as due_revenue,
        sum(lines.tracked_lines)::bigint as tracked_lines,
        sum(lines.lines)::bigint as due_lines
    from lines
    inner join periods on lines.due_on between periods.period_start and periods.due_until
    group by all
),

collected as (
    select
        periods.period_key,
        group_key($by, applied.region, applied.rep_id, applied.category, applied.product,
            applied.customer_id) as group_key,
        sum(applied.amount)::decimal(38, 4) as collected
    from applied
    inner join periods on applied.due_on between periods.period_start and periods.due_until
    where (not $at_period_ends or applied.applied_date <= periods.due_until)
        and filters_match($regions, $reps, $categories, $products, $customers,
            applied.region, applied.rep_id, applied.category, applied.product, applied.customer_id)
    group by all
)

select
    due.period_key,
    due.group_key,
    due.due_amount,
    -- no money applied yet: 0 where the group has payment information, else unknown
    if(due.tracked_lines > 0, coalesce(collected.collected, 0), null)::decimal(38, 4)
        as collected,
    due.due_revenue,
    due.tracked_lines,
    due.due_lines
from due
left join collected
    on due.period_key = collected.period_key
    and due.group_key is not distinct from collected.group_key

-- grain: one row per period and group: the receivables at the period's end (its last day
-- up to the as-of date: sql/_open_spans.sql) and the revenue of the 90 days ending then,
-- for DSO = outstanding / trailing revenue × 90. The revenue is that of the lines with
-- payment information (tracked), as the receivables are: the known part, on both sides.
-- params: $period_keys varchar[], $flow_ends date[], $by, $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
with periods as (
    select unnest($period_keys) as period_key, unnest($flow_ends)::date as flow_end
),

-- a period ending on a month end reads the month-end rollup where its grain keeps one;
-- any other day (the as-of date inside a month) reads the spans holding it
open_at_end as (
    select
        period_key,
        group_key($by, region, rep_id, category, product, customer_id) as group_key,
        sum(open_amount)::decimal(38, 4) as outstanding_at_end
    from (
        select periods.period_key, spans.region, spans.rep_id, spans.category, spans.product,
            spans.customer_id, spans.open_amount
        from open_facts($facts) spans
        inner join periods
            on spans.valid_from <= periods.flow_end
            and spans.valid_to > periods.flow_end
        where not (reads_month_ends($facts) and periods.flow_end = last_day(periods.flow_end))
        union all
        select periods.period_key, ends.region, ends.rep_id, ends.category, ends.product,
            ends.customer_id, ends.open_amount
        from month_end_facts($facts) ends
        inner join periods
            on ends.month_end = periods.flow_end
        where not ends.still_open
        union all
        select periods.period_key, ends.region, ends.rep_id, ends.category, ends.product,
            ends.customer_id, ends.open_amount
        from month_end_facts($facts) ends
        inner join periods
            on ends.month_end <= periods.flow_end
            and periods.flow_end = last_day(periods.flow_end)
        where ends.still_open
    )
    where filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)
    group by all
),

-- the revenue of each day first, then each period's 90 days of it: the windows overlap
-- (twelve month ends read most days three times), the days are few
sales_daily as (
    select
        order_date,
        group_key($by, region, rep_id, category, product, customer_id) as group_key,
        sum(tracked_revenue) as tracked_revenue
    from order_facts($facts)
    where order_date between list_min($flow_ends)::date - 89 and list_max($flow_ends)::date
        and filters_match($regions, $reps, $categories, $products, $customers,
            region, rep_id, category, product, customer_id)
    group by all
),

sales_before as (
    select
        periods.period_key,
        sales_daily.group_key,
        sum(sales_daily.tracked_revenue)::decimal(38, 4) as trailing_revenue
    from sales_daily
    inner join periods
        on sales_daily.order_date between periods.flow_end - 89 and periods.flow_end
    group by all
)

select
    coalesce(open_at_end.period_key, sales_before.period_key) as period_key,
    coalesce(open_at_end.group_key, sales_before.group_key) as group_key,
    coalesce(open_at_end.outstanding_at_end, 0)::decimal(38, 4) as outstanding_at_end,
    coalesce(sales_before.trailing_revenue, 0)::decimal(38, 4) as trailing_revenue
from open_at_end
full join sales_before
    on open_at_end.period_key = sales_before.period_key
    and open_at_end.group_key is not distinct from sales_before.group_key

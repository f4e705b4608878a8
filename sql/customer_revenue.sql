-- grain: one row per customer with booked lines in the period or the year before it
-- params: $range_start, $flow_range_end (the period's first day, and its last up to the
--         as-of date), $lookback_start (first day of the 12 months before $range_start),
--         $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers
select
    customer_id,
    coalesce(sum(revenue) filter (where order_date >= $range_start), 0) as revenue,
    coalesce(sum(revenue) filter (where order_date < $range_start), 0) as revenue_year_before
from order_facts($facts)
-- a line without a customer counts for revenue, not for customer metrics
where order_date between $lookback_start and $flow_range_end
    and customer_id is not null
    and filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)
group by customer_id

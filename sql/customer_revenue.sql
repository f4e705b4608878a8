-- grain: one row per customer with booked lines in the period or the year before it
-- params: $start, $end (period, inclusive), $lookback_start (first day of the 12 months
--         before $start), $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers
select
    customer_id,
    coalesce(sum(revenue) filter (where order_date >= $start), 0) as revenue,
    coalesce(sum(revenue) filter (where order_date < $start), 0) as revenue_year_before
from order_facts($facts)
-- a line without a customer counts for revenue, not for customer metrics
where order_date between $lookback_start and $end
    and customer_id is not null
    and in_filter($regions, region)
    and in_filter($reps, rep_id)
    and in_filter($categories, category)
    and in_filter($products, product)
    and in_filter($customers, customer_id)
group by customer_id

-- grain: one row per customer with booked lines on or before $flow_range_end: the latest
-- order date
-- params: $flow_range_end (date: the period end capped at the as-of date, so that no order
--         after as-of shows), $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[])
select customer_id, max(order_date) as last_order_date
from order_facts($facts)
where order_date <= $flow_range_end
    and customer_id is not null
    and filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)
group by customer_id

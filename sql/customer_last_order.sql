-- grain: one row per customer with booked lines on or before $end: the latest order date
-- params: $end (date: the period end capped at the as-of date, so that no order after
--         as-of shows), $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[])
select customer_id, max(order_date) as last_order_date
from order_facts($facts)
where order_date <= $end
    and customer_id is not null
    and in_filter($regions, region)
    and in_filter($reps, rep_id)
    and in_filter($categories, category)
    and in_filter($products, product)
    and in_filter($customers, customer_id)
group by customer_id

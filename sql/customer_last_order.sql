-- grain: one row per customer with booked lines on or before $end: the latest order date
-- params: $end (date: the period end capped at the as-of date, so that no order after
--         as-of shows), $facts ('customer_rollup': customer_daily; 'lines': the order lines, needed
--         under a category or product filter, which customer_daily does not keep),
--         $regions, $reps, $categories, $products, $customers (varchar[])
with facts as (
    select order_date, customer_id, region, rep_id, null as category, null as product
    from customer_daily
    where $facts = 'customer_rollup'
    union all
    select order_date, customer_id, region, rep_id, category, product
    from orders
    where $facts = 'lines' and is_booked(status)
)

select customer_id, max(order_date) as last_order_date
from facts
where order_date <= $end
    and in_filter($regions, region)
    and in_filter($reps, rep_id)
    and in_filter($categories, category)
    and in_filter($products, product)
    and in_filter($customers, customer_id)
group by customer_id

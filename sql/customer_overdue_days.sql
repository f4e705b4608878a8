-- grain: one row per customer with receivables open at $as_of: the days the oldest open
-- line is past due (the same lines as receivables_aging.sql)
-- params: $as_of (date), $facts ('customer_rollup': customer_daily; 'lines': the order lines, needed
--         under a category or product filter, which customer_daily does not keep),
--         $regions, $reps, $categories, $products, $customers (varchar[])
with facts as (
    select order_date, due_date, customer_id, region, rep_id, null as category,
        null as product, open_amount
    from customer_daily
    where $facts = 'customer_rollup'
    union all
    select order_date, due_date, customer_id, region, rep_id, category, product,
        revenue - paid_amount as open_amount
    from orders
    where $facts = 'lines' and is_booked(status)
)

select
    customer_id,
    max(date_diff('day', due_date, $as_of::date)) as days_overdue
from facts
where order_date <= $as_of
    and open_amount > 0
    and in_filter($regions, region)
    and in_filter($reps, rep_id)
    and in_filter($categories, category)
    and in_filter($products, product)
    and in_filter($customers, customer_id)
group by customer_id

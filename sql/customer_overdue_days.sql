-- grain: one row per customer with receivables open at $as_of: the days the oldest open
-- line is past due (the same lines as receivables_aging.sql)
-- params: $as_of (date), $regions, $reps, $categories, $products, $customers (varchar[])
select
    customer_id,
    max(date_diff('day', due_date, $as_of::date)) as days_overdue
from orders
where order_date <= $as_of
    and revenue - paid_amount > 0
    and is_booked(status)
    and in_filter($regions, region)
    and in_filter($reps, rep_id)
    and in_filter($categories, category)
    and in_filter($products, product)
    and in_filter($customers, customer_id)
group by customer_id

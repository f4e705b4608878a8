-- grain: one row per booked order line with money still owed (revenue − paid_amount > 0)
-- The receivables subset, rebuilt by sales_dash.db whenever the data version changes:
-- customer-level aging reads it instead of scanning every order line.
create or replace table open_lines as
select
    order_date,
    due_date,
    region,
    rep_id,
    category,
    product,
    customer_id,
    revenue - paid_amount as open_amount
from orders
where is_booked(status)
    and revenue - paid_amount > 0
order by customer_id, due_date

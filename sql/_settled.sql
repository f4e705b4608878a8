-- grain: one row per application of money to a booked order line (docs/receipts.md)
-- Not run as it stands: sales_dash.db reads these lines and every receipt, applies the
-- receipts in Python (sales_dash.settled.settled_rows) and keeps the result as the table
-- settled, with the line's dates and groups: collection as it stood at an as-of date,
-- cash collected and 回款周期 are sums over it.
select
    order_id,
    line_no,
    order_date,
    due_date,
    customer_id,
    revenue,
    paid_amount,
    paid_date,
    region,
    rep_id,
    category,
    product
from orders
where is_booked(status)

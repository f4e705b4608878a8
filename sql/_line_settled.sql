-- grain: one row per booked line that its own paid columns settle (a customer without
-- receipts) and that carries a paid amount: the settled rows of such lines
-- The rule of sales_dash.engine.receipts._line_allocations, in SQL for the build of every
-- month's settled rows from scratch (sales_dash.engine.rollups): a line's paid_amount settles
-- that line, dated paid_date, else its due date, else its order date ("paid on its terms",
-- date_known false). settled_lines holds the lines (sql/_settled.sql's columns);
-- tests/engine/test_line_settled.py holds both to the same rows. Sorted as settled_rows
-- sorts: by payment date, then the allocation's own order.
select
    order_id,
    line_no,
    customer_id,
    'line' as source,
    cast(null as varchar) as payment_id,
    coalesce(paid_date, due_date, order_date) as payment_date,
    coalesce(paid_date, due_date, order_date) as applied_date,
    cast(paid_amount as decimal(18, 4)) as amount,
    paid_date is not null as date_known,
    order_date,
    due_date,
    region,
    rep_id,
    category,
    product
from settled_lines
where paid_amount is not null and paid_amount != 0
order by payment_date, customer_id nulls first, order_id nulls first, line_no nulls first

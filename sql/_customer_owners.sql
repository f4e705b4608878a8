-- grain: one row per customer of a booked line: the region and rep of its latest line
-- (by order date, then order id and line number), who owns the account. A receipt that
-- names no region or rep is counted for its customer's owner (sql/cash_collected.sql), and
-- the overdue list names the owning rep.
create or replace table customer_owners as
select
    customer_id,
    arg_max(region, (order_date, order_id, line_no)) as region,
    arg_max(rep_id, (order_date, order_id, line_no)) as rep_id,
    arg_max(rep_name, (order_date, order_id, line_no)) as rep_name
from orders
where is_booked(status) and customer_id is not null
group by customer_id

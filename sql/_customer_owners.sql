-- grain: one row per customer of a booked line: the region and rep of its latest line
-- (by order date, then order id and line number), who owns the account. A receipt that
-- names no region or rep is counted for its customer's owner (sql/cash_collected.sql), and
-- the overdue list names the owning rep.
-- Made from owner_months (sql/_owner_months.sql), each month's latest line per customer.
create or replace table customer_owners as
select
    customer_id,
    arg_max(region, latest) as region,
    arg_max(rep_id, latest) as rep_id,
    arg_max(rep_name, latest) as rep_name
from owner_months
group by customer_id
order by customer_id

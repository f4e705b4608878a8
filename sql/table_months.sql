-- grain: one row per table and month of the lake: how many rows it holds
-- params: none
-- the order lines per month, as kept in customer_months (sql/_customer_months.sql)
select 'orders' as table_name, strftime(order_date, '%Y-%m') as month, sum(lines)::bigint as row_count
from customer_months
group by all

union all

select 'visits' as table_name, strftime(visit_date, '%Y-%m') as month, count(*) as row_count
from visits
group by all

union all

select 'quotas' as table_name, month, count(*) as row_count
from quotas
group by all

union all

select 'market' as table_name, month, count(*) as row_count
from market
group by all

union all

select 'payments' as table_name, strftime(payment_date, '%Y-%m') as month, count(*) as row_count
from payments
group by all

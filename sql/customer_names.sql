-- grain: one row per customer: the name on the customer's latest order line that names it
-- (each month's kept in customer_months, sql/_customer_months.sql)
select customer_id, arg_max(customer_name, customer_named_on) as customer_name
from customer_months
where customer_name is not null
group by customer_id

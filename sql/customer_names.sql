-- grain: one row per customer: the name on the customer's latest order line
select customer_id, arg_max(customer_name, order_date) as customer_name
from orders
where customer_name is not null
group by customer_id

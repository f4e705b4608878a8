-- grain: one row per customer: the customer's first booked order line in the whole lake
-- (earliest order_date; ties broken by order_id, then line_no). No parameters, so the
-- result is computed once per data version and new-customer counts filter it in Polars.
with first_lines as (
    select
        customer_id,
        arg_min(
            {
                'order_date': order_date,
                'region': region,
                'rep_id': rep_id,
                'category': category,
                'product': product
            },
            (order_date, order_id, line_no)
        ) as first_line
    from orders
    -- a line without a customer counts for revenue, not for customer metrics
    where is_booked(status) and customer_id is not null
    group by customer_id
)

select customer_id, unnest(first_line)
from first_lines

-- grain: one row per customer: the customer's first booked order line in the whole lake
-- (earliest order_date; ties broken by order_id, then line_no). No parameters, so the
-- result is computed once per data version and new-customer counts filter it in Polars.
-- Each month's first line per customer is kept in customer_months
-- (sql/_customer_months.sql): the first of them is the lake's.
with first_lines as (
    select
        customer_id,
        arg_min(
            first_line,
            (first_line.order_date, first_line.order_id, first_line.line_no)
        ) as first_line
    from customer_months
    -- a line without a customer counts for revenue, not for customer metrics
    where customer_id is not null and first_line is not null
    group by customer_id
)
select
    customer_id,
    first_line.order_date,
    first_line.region,
    first_line.rep_id,
    first_line.category,
    first_line.product
from first_lines

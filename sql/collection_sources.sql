-- grain: one row: where the collections of the whole lake come from (docs/receipts.md, one
-- truth per line): the customers settled by their receipts, the customers settled by their
-- booked lines' own paid columns, and the booked lines (and their amount) with neither.
-- The booked lines' payment data per month and customer is kept in customer_months
-- (sql/_customer_months.sql); whether a customer pays by receipts is decided here, now.
-- params: none
with customers as (
    select
        customer_id,
        coalesce(customer_id in (select customer_id from payers), false) as by_receipts,
        sum(paid_lines) as paid_lines,
        sum(unpaid_revenue) as unpaid_revenue,
        sum(unpaid_lines) as unpaid_lines
    from customer_months
    group by customer_id
)

select
    (select count(*) from payers)::bigint as receipt_customers,
    count(customer_id) filter (where not by_receipts and paid_lines > 0)::bigint
        as line_customers,
    coalesce(sum(unpaid_revenue) filter (where not by_receipts), 0)::decimal(38, 4)
        as unknown_amount,
    coalesce(sum(unpaid_lines) filter (where not by_receipts), 0)::bigint as unknown_lines
from customers

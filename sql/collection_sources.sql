-- grain: one row: where the collections of the whole lake come from (docs/receipts.md, one
-- truth per line): the customers settled by their receipts, the customers settled by their
-- booked lines' own paid columns, and the booked lines (and their amount) with neither
-- params: none
with lines as (
    select
        customer_id,
        revenue,
        paid_amount,
        coalesce(customer_id in (select customer_id from payers), false) as by_receipts
    from orders
    where is_booked(status)
)

select
    (select count(*) from payers)::bigint as receipt_customers,
    count(distinct customer_id) filter (
        where not by_receipts and paid_amount is not null
    )::bigint as line_customers,
    coalesce(
        sum(revenue) filter (where not by_receipts and paid_amount is null), 0
    )::decimal(38, 4) as unknown_amount,
    count(*) filter (where not by_receipts and paid_amount is null)::bigint as unknown_lines
from lines

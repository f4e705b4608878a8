-- grain: one row per customer of a booked line: who owns the account (the region and rep
-- of its latest booked line, sql/_customer_owners.sql) and the date of the last money it
-- paid on or before $as_of (a receipt, or where it has none its lines' paid columns with a
-- known date; a refund is not a receipt). Null when it paid nothing by then.
-- params: $as_of (date)
with received as (
    select customer_id, payment_date
    from payments
    where payment_date <= $as_of and amount > 0
    union all
    select customer_id, payment_date
    from settled
    where source = 'line' and date_known and payment_date <= $as_of and amount > 0
)

select
    customer_owners.customer_id,
    customer_owners.rep_id,
    customer_owners.rep_name,
    max(received.payment_date) as last_receipt
from customer_owners
left join received using (customer_id)
group by all

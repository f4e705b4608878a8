-- grain: one row per group: the booked lines on or before $as_of that carry payment
-- information, and those of them settled by receipts (their customer has a receipt, so
-- their own paid columns are ignored: docs/receipts.md, one truth per line); a snapshot,
-- as payment_lines.sql
-- params: $as_of (date), $by, $regions, $reps, $categories, $products, $customers
with lines as (
    select
        group_key($by, region, rep_id, category, product, customer_id) as group_key,
        coalesce(customer_id in (select customer_id from payers), false) as by_receipts,
        paid_amount
    from orders
    where is_booked(status)
        and order_date <= $as_of
        and filters_match($regions, $reps, $categories, $products, $customers,
            region, rep_id, category, product, customer_id)
)

select
    group_key,
    count(*) filter (where by_receipts or paid_amount is not null)::bigint as paid_lines,
    count(*) filter (where by_receipts)::bigint as receipt_lines
from lines
group by all

-- grain: one row per source of collections among the booked lines up to $as_of: 'receipts'
-- (the customer has receipts), 'line' (its own paid columns) or 'unknown' (neither), with
-- how many lines each (docs/receipts.md: one truth per line)
-- params: $as_of (date), $regions, $reps, $categories, $products, $customers
select
    case
        when coalesce(customer_id in (select customer_id from payers), false) then 'receipts'
        when paid_amount is null then 'unknown'
        else 'line'
    end as basis,
    count(*)::bigint as lines
from orders
where is_booked(status)
    and order_date <= $as_of
    and filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)
group by all

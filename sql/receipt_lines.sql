-- grain: one row per group: the booked lines on or before $as_of that carry payment
-- information, and those of them settled by receipts (their customer has a receipt, so
-- their own paid columns are ignored: docs/receipts.md, one truth per line); a snapshot,
-- as payment_lines.sql
-- params: $as_of (date), $by, $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers
select
    group_key($by, region, rep_id, category, product, customer_id) as group_key,
    sum(tracked_lines)::bigint as paid_lines,
    sum(receipt_lines)::bigint as receipt_lines
from order_facts($facts)
where order_date <= $as_of
    and filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)
group by all

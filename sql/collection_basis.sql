-- grain: one row per source of collections among the booked lines up to $as_of: 'receipts'
-- (the customer has receipts), 'line' (its own paid columns) or 'unknown' (neither), with
-- how many lines each; a source without lines is no row (docs/receipts.md: one truth per
-- line)
-- params: $as_of (date), $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers
with counts as (
    select
        coalesce(sum(receipt_lines), 0)::bigint as receipts,
        coalesce(sum(tracked_lines - receipt_lines), 0)::bigint as line,
        coalesce(sum(lines - tracked_lines), 0)::bigint as unknown
    from order_facts($facts)
    where order_date <= $as_of
        and filters_match($regions, $reps, $categories, $products, $customers,
            region, rep_id, category, product, customer_id)
)

select basis, lines
from counts
unpivot (lines for basis in (receipts, line, unknown))
where lines > 0

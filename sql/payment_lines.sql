-- grain: one row per group: the booked lines on or before $as_of, and those of them that
-- carry payment data (a snapshot, as receivables_aging.sql: no period). Receivables and
-- their aging cover the tracked lines only; a group with none has them unknown.
-- params: $as_of (date), $by, $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
select
    group_key($by, region, rep_id, category, product, customer_id) as group_key,
    sum(lines)::bigint as booked_lines,
    sum(tracked_lines)::bigint as tracked_lines
from order_facts($facts)
where order_date <= $as_of
    and filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)
group by all

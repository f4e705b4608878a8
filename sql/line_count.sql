-- grain: one row: how many booked order lines are dated from $range_start to
-- $flow_range_end (the period cut at the as-of date) under the filters
-- params: $range_start, $flow_range_end (dates, inclusive), $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
select coalesce(sum(lines), 0)::bigint as lines
from order_facts($facts)
where order_date between $range_start and $flow_range_end
    and filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)

-- grain: one row: how many booked order lines are dated from $start to $end (the period
-- cut at the as-of date) under the filters
-- params: $start, $end (dates, inclusive), $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
select coalesce(sum(lines), 0)::bigint as lines
from order_facts($facts)
where order_date between $start and $end
    and in_filter($regions, region)
    and in_filter($reps, rep_id)
    and in_filter($categories, category)
    and in_filter($products, product)
    and in_filter($customers, customer_id)

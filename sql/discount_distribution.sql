-- grain: one row per whole percentage point p and side of the limit, among the booked
-- order lines dated in the period up to the as-of date: how many lines with discount_rate
-- in (p - 1%, p%] (0 = no discount) and how much revenue. Buckets close on their upper
-- edge, so a limit on a whole point (15%) ends a bucket and its lines stay within it; a
-- bucket the limit falls inside splits in two. over_limit (discount_rate > $discount_limit)
-- holds exactly over_authority.sql's lines.
-- params: $range_start, $flow_range_end (dates, inclusive; $flow_range_end is the period
--         end capped at the as-of date), $discount_limit (0-1),
--         $facts ('discount_rollup' or 'lines', see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
select
    discount_percent,
    over_limit,
    sum(lines)::bigint as lines,
    sum(revenue) as revenue
from discount_facts($facts, $discount_limit)
where order_date between $range_start and $flow_range_end
    and filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)
group by all
order by discount_percent, over_limit

-- grain: one row per booked order line dated in the period up to the as-of date whose
-- discount_rate is above $discount_limit, the largest revenue first, at most $limit rows
-- params: $range_start, $flow_range_end (dates, inclusive; $flow_range_end is the period
--         end capped at the as-of date), $discount_limit (0-1), $limit (int),
--         $facts ('over_limit' or 'lines', see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
select
    order_id,
    line_no,
    order_date,
    customer_id,
    customer_name,
    rep_id,
    rep_name,
    region,
    product,
    discount_rate,
    revenue
from over_limit_facts($facts, $discount_limit)
where order_date between $range_start and $flow_range_end
    and filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)
order by revenue desc, order_id, line_no
limit $limit

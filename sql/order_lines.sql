-- grain: one row per booked order line dated in the period up to the as-of date, newest
-- first, at most $limit rows; total_lines counts every matching line
-- params: $range_start, $flow_range_end (dates, inclusive; $flow_range_end is the period
--         end capped at the as-of date), $limit (int),
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
    category,
    product,
    quantity,
    discount_rate,
    revenue,
    cost,
    revenue - cost as gross_profit,
    due_date,
    paid_amount,
    count(*) over () as total_lines
from orders
where order_date between $range_start and $flow_range_end
    and is_booked(status)
    and filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)
order by order_date desc, order_id desc, line_no
limit $limit

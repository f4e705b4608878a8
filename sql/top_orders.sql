-- grain: one row per order (all its booked lines dated in the period), the largest by
-- revenue first, at most $limit rows
-- params: $range_start, $flow_range_end (dates, inclusive: the meeting's week up to the
--         as-of date), $limit (int),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
select
    order_id,
    min(order_date) as order_date,
    any_value(customer_id) as customer_id,
    any_value(customer_name) as customer_name,
    any_value(rep_id) as rep_id,
    any_value(rep_name) as rep_name,
    any_value(region) as region,
    count(*) as lines,
    sum(revenue) as revenue,
    -- unknown is not zero: an order with a line of unknown cost has no known profit
    if(count(cost) = count(*), sum(revenue - cost), null) as gross_profit
from orders
where order_date between $range_start and $flow_range_end
    and is_booked(status)
    and filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)
group by order_id
order by revenue desc, order_id
limit $limit

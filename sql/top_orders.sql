-- grain: one row per order (all its booked lines dated in the period), the largest by
-- revenue first, at most $limit rows
-- params: $start, $end (dates, inclusive), $limit (int),
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
where order_date between $start and $end
    and is_booked(status)
    and in_filter($regions, region)
    and in_filter($reps, rep_id)
    and in_filter($categories, category)
    and in_filter($products, product)
    and in_filter($customers, customer_id)
group by order_id
order by revenue desc, order_id
limit $limit

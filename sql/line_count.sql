-- grain: one row: how many booked order lines are dated from $start to $end (the period
-- cut at the as-of date) under the filters
-- params: $start, $end (dates, inclusive), $by_line (bool: read the order lines, needed
--         for a customer filter; else the orders_daily rollup and its line counts),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
with facts as (
    select order_date, region, rep_id, category, product, null as customer_id, lines
    from orders_daily
    where not $by_line
    union all
    select order_date, region, rep_id, category, product, customer_id, 1 as lines
    from orders
    where $by_line and is_booked(status)
)

select coalesce(sum(lines), 0)::bigint as lines
from facts
where order_date between $start and $end
    and in_filter($regions, region)
    and in_filter($reps, rep_id)
    and in_filter($categories, category)
    and in_filter($products, product)
    and in_filter($customers, customer_id)

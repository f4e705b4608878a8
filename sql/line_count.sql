-- grain: one row: how many booked order lines are dated from $start to $end (the period
-- cut at the as-of date) under the filters
-- params: $start, $end (dates, inclusive), $facts ('rollup': orders_daily; 'customer_rollup':
--         customer_daily, for a customer grouping or filter; 'lines': the order lines, when
--         a customer is needed together with a category or product),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
with facts as (
    select order_date, region, rep_id, category, product, null as customer_id, lines
    from orders_daily
    where $facts = 'rollup'
    union all
    select order_date, region, rep_id, null, null, customer_id, lines
    from customer_daily
    where $facts = 'customer_rollup'
    union all
    select order_date, region, rep_id, category, product, customer_id, 1 as lines
    from orders
    where $facts = 'lines' and is_booked(status)
)

select coalesce(sum(lines), 0)::bigint as lines
from facts
where order_date between $start and $end
    and in_filter($regions, region)
    and in_filter($reps, rep_id)
    and in_filter($categories, category)
    and in_filter($products, product)
    and in_filter($customers, customer_id)

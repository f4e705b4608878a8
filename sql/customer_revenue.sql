-- grain: one row per customer with booked lines in the period or the year before it
-- params: $start, $end (period, inclusive), $lookback_start (first day of the 12 months
--         before $start), $facts ('customer_rollup': customer_daily; 'lines': the order lines, needed
--         under a category or product filter, which customer_daily does not keep),
--         $regions, $reps, $categories, $products, $customers
with facts as (
    select order_date, customer_id, region, rep_id, null as category, null as product, revenue
    from customer_daily
    where $facts = 'customer_rollup'
    union all
    select order_date, customer_id, region, rep_id, category, product, revenue
    from orders
    where $facts = 'lines' and is_booked(status)
)

select
    customer_id,
    coalesce(sum(revenue) filter (where order_date >= $start), 0) as revenue,
    coalesce(sum(revenue) filter (where order_date < $start), 0) as revenue_year_before
from facts
where order_date between $lookback_start and $end
    and in_filter($regions, region)
    and in_filter($reps, rep_id)
    and in_filter($categories, category)
    and in_filter($products, product)
    and in_filter($customers, customer_id)
group by customer_id

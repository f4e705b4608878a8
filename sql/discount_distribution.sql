-- grain: one row per whole percentage point of discount_rate (0 = under 1%) among the
-- booked order lines dated in the period: how many lines and how much revenue
-- params: $start, $end (dates, inclusive),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
select
    floor(discount_rate * 100)::integer as discount_percent,
    count(*) as lines,
    sum(revenue) as revenue
from orders
where order_date between $start and $end
    and is_booked(status)
    and in_filter($regions, region)
    and in_filter($reps, rep_id)
    and in_filter($categories, category)
    and in_filter($products, product)
    and in_filter($customers, customer_id)
group by all
order by discount_percent

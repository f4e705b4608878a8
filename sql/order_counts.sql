-- grain: one row per period and group of non-cancelled order lines dated in the period,
-- up to the as-of date: how many orders and reps sold, for 客单价 and 人均销售额
-- params: $period_grain ('month', 'week' or '' for one period), $period_keys varchar[]
--         (the one period's key first), $range_start, $flow_range_end (the first day,
--         and the last day up to the as-of date, of the periods together),
--         $by (group dimension or ''),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
--         $facts (sql/_facts.sql order_count_facts: sales_dash.engine.grain.order_count_facts)
-- The customer rollup's order counts add up only where no order is counted in two of its
-- rows (sql/order_shape.sql); otherwise, and for a category or product, the lines.
-- An order counts in each period and group where it has a line of positive revenue: a
-- return (negative revenue) lowers the revenue but is no order. A rep counts where they
-- have any booked line; the unassigned lines ('' after the orders view) are no rep, and
-- their revenue is left out of rep_revenue (docs/metrics.md).
select
    period_of($period_grain, $period_keys[1], order_date) as period_key,
    group_key($by, region, rep_id, category, product, customer_id) as group_key,
    (count(distinct order_key) + coalesce(sum(orders), 0))::bigint as orders,
    count(distinct rep_id) filter (where rep_id <> '') as reps,
    coalesce(sum(revenue) filter (where rep_id <> ''), 0)::decimal(38, 4) as rep_revenue
from order_count_facts($facts)
where order_date between $range_start and $flow_range_end
    and filters_match($regions, $reps, $categories, $products, $customers,
        region, rep_id, category, product, customer_id)
group by all

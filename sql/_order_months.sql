-- grain: one row per month of order lines with a booked positive-revenue line (the lines
-- 客单价 counts as orders), kept per month by sales_dash.engine.rollups: how many of the
-- month's orders have such lines in more than one row of customer_daily (order date, due
-- date, customer, region, rep), and the first and last order number of the month.
-- sql/order_shape.sql reads it: while no order is split and no two months' order numbers
-- overlap, every order is counted in exactly one row of customer_daily.
select
    min(order_date) as order_date,
    count(*) filter (where rows > 1) as split_orders,
    min(order_id) as first_order,
    max(order_id) as last_order
from (
    select order_id, min(order_date) as order_date, count(*) as rows
    from (
        select distinct order_id, order_date, due_date, customer_id, region, rep_id
        from rollup_lines
        where is_booked(status) and revenue > 0
    )
    group by order_id, strftime(order_date, '%Y-%m')
)
group by strftime(order_date, '%Y-%m')

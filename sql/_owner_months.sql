-- grain: one row per month and customer of a booked line: the region, rep and rep name of the
-- customer's latest line in the month (by order date, then order id and line number), kept
-- per month by sales_dash.engine.rollups; sql/_customer_owners.sql takes the latest of them.
select
    customer_id,
    max(order_date) as order_date,
    max({'order_date': order_date, 'order_id': order_id, 'line_no': line_no}) as latest,
    arg_max(region, (order_date, order_id, line_no)) as region,
    arg_max(rep_id, (order_date, order_id, line_no)) as rep_id,
    arg_max(rep_name, (order_date, order_id, line_no)) as rep_name
from rollup_lines
where is_booked(status) and customer_id is not null
group by customer_id, strftime(order_date, '%Y-%m')

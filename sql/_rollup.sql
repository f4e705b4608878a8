-- grain: one row per order date, due date, region, rep, category and product of booked lines
-- A rollup of the order lines (about 7x fewer rows), rebuilt by sales_dash.db whenever
-- the data version changes. Every query that needs no customer reads it instead of the
-- lines; open_amount is Σ max(revenue − paid_amount, 0) so aging stays exact per line.
create or replace table orders_daily as
select
    order_date,
    due_date,
    region,
    rep_id,
    category,
    product,
    sum(revenue) as revenue,
    sum(cost) as cost,
    sum(paid_amount) as paid_amount,
    sum(greatest(revenue - paid_amount, 0)) as open_amount,
    count(*) as lines
from orders
where is_booked(status)
group by all
-- sorted by date, so the table's row-group statistics skip everything outside a period
order by order_date, region, rep_id

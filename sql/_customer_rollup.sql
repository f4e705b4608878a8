-- grain: one row per order date, due date, customer, region and rep of booked lines
-- The customer-level rollup (about 10x fewer rows than the lines), kept per month
-- by sales_dash.engine.rollups (built from rollup_lines, the months a write changed). Customer groupings and filters read it unless they
-- also need a category or product, which it does not keep. open_amount is
-- Σ max(revenue − paid_amount, 0), so receivables and their aging stay exact per line;
-- the coverage columns are orders_daily's (sql/_rollup.sql). orders counts the row's
-- orders with a positive-revenue line (客单价's orders): a sum of them is the distinct
-- count only while no order has such lines in two rows or two months, which
-- sql/order_shape.sql checks (sales_dash.engine.grain.order_count_facts).
select
    order_date,
    due_date,
    customer_id,
    region,
    rep_id,
    sum(revenue) as revenue,
    sum(cost) as cost,
    coalesce(sum(revenue) filter (where cost is not null), 0) as costed_revenue,
    count(cost) as costed_lines,
    sum(paid_amount) as paid_amount,
    -- tracked: the line's own payment data, or its customer's receipts (sql/_payers.sql)
    coalesce(sum(revenue) filter (where tracked), 0) as tracked_revenue,
    count(*) filter (where tracked) as tracked_lines,
    sum(greatest(revenue - paid_amount, 0)) as open_amount,
    count(discount_rate) as discount_lines,
    count(*) as lines,
    -- the lines settled by their customer's receipts (collection_basis.sql, receipt_lines.sql)
    count(*) filter (where by_receipts) as receipt_lines,
    count(distinct order_id) filter (where revenue > 0) as orders
from (
    select
        *,
        paid_amount is not null or by_receipts as tracked
    from (
        select
            *,
            coalesce(customer_id in (select customer_id from payers), false) as by_receipts
        from rollup_lines
    )
)
where is_booked(status)
group by all
-- sorted by date, so the table's row-group statistics skip everything outside a period
order by order_date, customer_id

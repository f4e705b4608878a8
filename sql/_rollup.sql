-- grain: one row per order date, due date, region, rep, category and product of booked lines
-- A rollup of the order lines (about 7x fewer rows), kept per month by
-- sales_dash.engine.rollups: rollup_lines holds the months a write changed, and only those
-- are built again. Every query that needs no customer reads it instead of the
-- lines; open_amount is Σ max(revenue − paid_amount, 0) so aging stays exact per line.
-- Unknown is not zero (docs/metrics.md): cost, paid_amount and open_amount sum the lines
-- that carry them (null when none does), and the costed_*, tracked_*, discount_lines and
-- identified_revenue columns say how much of the group they cover.
select
    order_date,
    due_date,
    region,
    rep_id,
    category,
    product,
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
    coalesce(sum(revenue) filter (where customer_id is not null), 0) as identified_revenue,
    count(customer_id) as identified_lines,
    count(*) as lines,
    -- the lines settled by their customer's receipts (collection_basis.sql, receipt_lines.sql)
    count(*) filter (where by_receipts) as receipt_lines
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
order by order_date, region, rep_id

-- grain: one row per order month, due date (or, where the line has none, order date),
-- date applied, region, rep, category and product of the money applied to booked lines
-- (settled, sql/_settled.sql)
-- Kept per month of the lines' order date by sales_dash.engine.rollups, built again for
-- the months whose settled rows a write changed (rollup_settled holds them). The
-- collected part of the collection rate reads it unless a customer is asked for. Exact:
-- a line counts when it falls due by $as_of, so money applied on or before its due date
-- always counts, and is kept as applied on the due date (fewer rows); order_date is kept
-- only where the due date is unknown (it falls due order_date + $due_days after).
select
    date_trunc('month', order_date)::date as order_month,
    due_date,
    if(due_date is null, order_date, null) as order_date,
    greatest(applied_date, coalesce(due_date, applied_date)) as applied_date,
    region,
    rep_id,
    category,
    product,
    sum(amount)::decimal(38, 4) as amount
from rollup_settled
group by all
order by applied_date, region, rep_id

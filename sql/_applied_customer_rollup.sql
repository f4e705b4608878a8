-- grain: one row per order month, due date (or, where the line has none, order date),
-- date applied, customer, region and rep of the money applied to booked lines (settled)
-- The customer grain of sql/_applied_rollup.sql (same rules, kept and rebuilt the same
-- way): the collected part of the collection rate by customer or for chosen customers,
-- unless a category or product is also asked for (then settled itself).
select
    date_trunc('month', order_date)::date as order_month,
    due_date,
    if(due_date is null, order_date, null) as order_date,
    greatest(applied_date, coalesce(due_date, applied_date)) as applied_date,
    customer_id,
    region,
    rep_id,
    sum(amount)::decimal(38, 4) as amount
from rollup_settled
group by all
order by applied_date, customer_id

-- grain: one row per order month, due date (or, where the line has none, order date),
-- span of days, customer, region and rep of the open amounts of booked lines (open_spans)
-- The customer grain of sql/_open_rollup.sql (same rules, kept and rebuilt the same way):
-- receivables, aging and DSO by customer or for chosen customers, unless a category or
-- product is also asked for (then open_spans itself).
select
    date_trunc('month', order_date)::date as order_month,
    due_date,
    if(due_date is null, order_date, null) as order_date,
    valid_from,
    valid_to,
    customer_id,
    region,
    rep_id,
    sum(open_amount)::decimal(38, 4) as open_amount
from rollup_spans
group by all
-- most spans closed long ago: sorted by their end, a date's query reads the open ones
order by valid_to, customer_id

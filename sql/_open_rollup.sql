-- grain: one row per order month, due date (or, where the line has none, order date),
-- span of days, region, rep, category and product of the open amounts of booked lines
-- (open_spans, sql/_open_spans.sql)
-- Kept per month of the lines' order date by sales_dash.engine.rollups, built again for
-- the months whose spans a write changed (rollup_spans holds them). Receivables, aging
-- and DSO at any date read it unless a customer is asked for. Exact: every line's span
-- is > 0 already (each line clipped at 0 on its own), and the sum of spans holding a date
-- is what the lines owe then; a line's bucket needs its due date only (order_date is
-- kept where that is unknown: it falls due order_date + $due_days after).
select
    date_trunc('month', order_date)::date as order_month,
    due_date,
    if(due_date is null, order_date, null) as order_date,
    valid_from,
    valid_to,
    region,
    rep_id,
    category,
    product,
    sum(open_amount)::decimal(38, 4) as open_amount
from rollup_spans
group by all
-- most spans closed long ago: sorted by their end, a date's query reads the open ones
order by valid_to, region, rep_id

-- grain: one row per order month, payment date, region, rep, category and product of the
-- money applied to booked lines (settled, sql/_settled.sql)
-- Kept per month of the lines' order date by sales_dash.engine.rollups, built again for
-- the months whose settled rows a write changed (rollup_settled holds them). Cash
-- collected and 回款周期 of a period read it unless a customer is asked for (then
-- settled). Unknown is not zero: each sum is null where no row of the group counts for
-- it, so a group with none is no group of the query, as over settled.
select
    date_trunc('month', order_date)::date as order_month,
    payment_date,
    region,
    rep_id,
    category,
    product,
    -- money of the customers settled by their own lines (cash collected besides receipts)
    sum(amount) filter (where source = 'line')::decimal(38, 4) as line_amount,
    -- money with a known date (回款周期: Σ amount and Σ amount × days from order to payment)
    sum(amount) filter (
        where source in ('receipt', 'refund', 'line') and date_known
    )::decimal(38, 4) as dated_amount,
    sum(amount * date_diff('day', order_date, payment_date)) filter (
        where source in ('receipt', 'refund', 'line') and date_known
    )::decimal(38, 4) as amount_days
from rollup_settled
group by all
order by payment_date, region, rep_id

-- grain: one row per booked line and span of days over which its open amount is constant
-- and > 0 (valid_from inclusive, valid_to exclusive; 9999-12-31 = still open, so that a
-- query's "valid_to > as-of" skips, by the row groups' statistics, the spans ended before)
-- Built from settled (span_settled) and the lines (span_lines) for the customers a write
-- touched (sales_dash.engine.rollups; every customer at first): the receivables at any
-- as-of date are the spans holding it (sql/receivables_aging.sql), each line clipped at 0
-- on its own as before. A line whose collection is unknown (no payment data, no receipts
-- for its customer) has no span.
with tracked as (
    select order_id, line_no, order_date, due_date, region, rep_id, category, product,
        customer_id, revenue
    from span_lines
    where is_booked(status)
        and (
            paid_amount is not null
            or coalesce(customer_id in (select customer_id from payers), false)
        )
),

events as (
    select order_id, line_no, order_date as day, revenue as change from tracked
    union all
    select order_id, line_no, applied_date as day, -amount as change from span_settled
),

balances as (
    select
        order_id,
        line_no,
        day,
        sum(sum(change)) over (partition by order_id, line_no order by day) as open_amount,
        coalesce(
            lead(day) over (partition by order_id, line_no order by day), date '9999-12-31'
        ) as valid_to
    from events
    group by order_id, line_no, day
)

select
    tracked.order_date,
    tracked.due_date,
    tracked.region,
    tracked.rep_id,
    tracked.category,
    tracked.product,
    tracked.customer_id,
    tracked.order_id,
    tracked.line_no,
    -- money dated before the booking (a paid_date before the order date) opens nothing early
    greatest(balances.day, tracked.order_date) as valid_from,
    balances.valid_to,
    balances.open_amount::decimal(38, 4) as open_amount
from balances
inner join tracked using (order_id, line_no)
where balances.open_amount > 0
    and balances.valid_to > tracked.order_date
-- most spans closed long ago: sorted by their end, a date's query reads the open ones
order by valid_to, region, rep_id

-- grain: one row per period and group: money received in the period up to the as-of date
-- (回款额): the receipts by payment_date, and, for the customers settled by their own
-- lines, what those lines' paid columns received (settled rows of source 'line', by their
-- payment date). A receipt is counted for the region and rep it names, and what it leaves
-- out for its customer's owner where the owner agrees (sql/_setup.sql, receipt_region); it
-- has no category or product (the caller asks only without those filters).
-- params: $period_grain, $period_keys varchar[], $range_start, $flow_range_end, $by,
--         $facts (the grain: see _facts.sql), $regions, $reps, $customers (varchar[], empty = all)
with money as (
    select
        payments.payment_date,
        payments.customer_id,
        coalesce(receipt_region(payments.region, payments.rep_id,
            customer_owners.region, customer_owners.rep_id), '') as region,
        coalesce(receipt_rep(payments.region, payments.rep_id,
            customer_owners.region, customer_owners.rep_id), '') as rep_id,
        payments.amount::decimal(38, 4) as amount
    from payments
    left join customer_owners using (customer_id)
    union all
    select payment_date, customer_id, region, rep_id, line_amount
    from collected_facts($facts)
    where line_amount is not null
),

-- summed per day first: a period's key is then made once a day, not once a row
daily as (
    select
        payment_date,
        group_key($by, region, rep_id, null, null, customer_id) as group_key,
        sum(amount) as amount
    from money
    where payment_date between $range_start and $flow_range_end
        and filters_match($regions, $reps, [], [], $customers,
            region, rep_id, null, null, customer_id)
    group by all
)

select
    period_of($period_grain, $period_keys[1], payment_date) as period_key,
    group_key,
    sum(amount) as cash_collected
from daily
group by all

-- grain: one row per period and group of the money collected in the period up to the
-- as-of date (回款周期): Σ amount and Σ amount × days from the line's order date to the
-- money's payment date, over receipts, refunds and lines' own paid columns whose date is
-- known (a paid_amount without paid_date is dated by rule: left out). Returns are not money.
-- params: $period_grain, $period_keys varchar[], $range_start, $flow_range_end, $by,
--         $facts (the grain: see _facts.sql),
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
-- summed per day first: a period's key is then made once a day, not once a row
with daily as (
    select
        payment_date,
        group_key($by, region, rep_id, category, product, customer_id) as group_key,
        sum(dated_amount) as dated_amount,
        sum(amount_days) as amount_days
    from collected_facts($facts)
    where dated_amount is not null
        and payment_date between $range_start and $flow_range_end
        and filters_match($regions, $reps, $categories, $products, $customers,
            region, rep_id, category, product, customer_id)
    group by all
)

select
    period_of($period_grain, $period_keys[1], payment_date) as period_key,
    group_key,
    sum(dated_amount)::decimal(38, 4) as dated_amount,
    sum(amount_days)::decimal(38, 4) as amount_days
from daily
group by all

-- grain: one row per entry of one customer's account up to $as_of, in the order the
-- receipts are applied (docs/receipts.md): each day its lines, then its returns, then the
-- money it paid. billed is a line's revenue (negative for a return), received the money
-- (a receipt, a refund with its minus sign, or where the customer has no receipt a line's
-- paid column); balance runs billed − received: what it owes, less its credit. Lines whose
-- collection is unknown (no payment data, no receipts) are not entries.
-- params: $customer (varchar), $as_of (date)
with entries as (
    select
        order_date as entry_date,
        if(revenue < 0, 1, 0) as day_order,
        if(revenue < 0, 'return', 'line') as entry,
        order_id as document,
        line_no,
        revenue::decimal(38, 4) as billed,
        null::decimal(38, 4) as received
    from orders
    where is_booked(status)
        and customer_id = $customer
        and order_date <= $as_of
        and (
            paid_amount is not null
            or coalesce(customer_id in (select customer_id from payers), false)
        )
    union all
    select
        payment_date,
        2,
        if(amount < 0, 'refund', 'receipt'),
        payment_id,
        null,
        null,
        amount::decimal(38, 4)
    from payments
    where customer_id = $customer and payment_date <= $as_of
    union all
    select payment_date, 2, 'line_paid', order_id, line_no, null, amount::decimal(38, 4)
    from settled
    where source = 'line' and customer_id = $customer and payment_date <= $as_of
)

select
    entry_date,
    entry,
    document,
    line_no,
    billed,
    received,
    sum(coalesce(billed, 0) - coalesce(received, 0)) over (
        order by entry_date, day_order, document, line_no
        rows between unbounded preceding and current row
    )::decimal(38, 4) as balance
from entries
order by entry_date, day_order, document, line_no

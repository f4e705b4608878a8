-- grain: one row per entry of one customer's account up to $as_of, in the order the
-- receipts are applied (docs/receipts.md): each day its lines, then its returns, then the
-- money it paid. billed is a line's revenue (negative for a return), received the money
-- (a receipt, a refund with its minus sign, or where the customer has no receipt a line's
-- paid column); balance runs billed − received: what it owes, less its credit. Lines whose
-- collection is unknown (no payment data, no receipts) are not entries.
-- The lines' entries come from ledger_entries (sql/_ledger_entries.sql), kept sorted by
-- customer: the row groups of other customers are skipped, not the lake's lines scanned.
-- params: $customer (varchar), $as_of (date)
with entries as (
    select entry_date, day_order, entry, document, line_no, billed, received
    from ledger_entries
    where customer_id = $customer and entry_date <= $as_of
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

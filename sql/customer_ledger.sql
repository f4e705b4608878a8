-- grain: one row per entry of one customer's account up to $as_of, in the order the
-- receipts are applied (docs/receipts.md): each day its lines, then its returns, then the
-- money it paid. billed is a line's revenue (negative for a return), received the money
-- (a receipt, a refund with its minus sign, or where the customer has no receipt a line's
-- paid column); balance runs billed − received: what it owes, less its credit. Lines whose
-- collection is unknown (no payment data, no receipts) are not entries.
-- The lines' entries come from ledger_entries (sql/_ledger_entries.sql), kept sorted by
-- customer: the row groups of other customers are skipped, not the lake's lines scanned.
-- With $limit, the latest $limit entries only (a screen's), each balance the account's
-- total less what came after it: no sort of the whole account (a big customer's runs to
-- hundreds of thousands of entries). entries is how many the account holds in all.
-- params: $customer (varchar), $as_of (date), $limit (int, null = every entry)
with entries as (
    select
        entry_date,
        day_order,
        entry,
        document,
        line_no,
        billed,
        received,
        coalesce(billed, 0) - coalesce(received, 0) as change
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
        amount::decimal(38, 4),
        -amount::decimal(38, 4)
    from payments
    where customer_id = $customer and payment_date <= $as_of
),

latest as (
    select *
    from entries
    order by entry_date desc, day_order desc, document desc, line_no desc nulls first
    limit $limit
),

totals as (
    select count(*) as entries, coalesce(sum(change), 0) as total from entries
)

select
    latest.entry_date,
    latest.entry,
    latest.document,
    latest.line_no,
    latest.billed,
    latest.received,
    (
        totals.total - coalesce(
            sum(latest.change) over (
                order by
                    latest.entry_date desc,
                    latest.day_order desc,
                    latest.document desc,
                    latest.line_no desc nulls first
                rows between unbounded preceding and 1 preceding
            ),
            0
        )
    )::decimal(38, 4) as balance,
    totals.entries
from latest
cross join totals
order by latest.entry_date, latest.day_order, latest.document, latest.line_no

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
-- hundreds of thousands of entries). The whole months before the last ones that hold
-- $limit line entries are summed from ledger_months (sql/_ledger_months.sql), and only the
-- files of the order months holding the rest are opened (file_month): a big account's 34
-- month files took 160 ms at 100M lines. entries is how many the account holds in all.
-- A scoped reader's ledger (docs/row-level-security.md) has the scope's lines, the money
-- it holds (the receipts its payments show it) and the money that crossed its border
-- (ledger_transfers, sql/_ledger_transfers.sql: empty for a reader of every row), one
-- entry per receipt and day: it ends at the scope's open amounts less the credit it holds.
-- A receipt of 0 is an entry; a receipt none of which is the scope's is not.
-- params: $customer (varchar), $as_of (date), $limit (int, null = every entry)
with whole_months as (
    -- the account's line entries of the months before $as_of's, whole
    select entry_month, entries, change
    from ledger_months
    where customer_id = $customer and entry_month < date_trunc('month', $as_of)
),

since as (
    -- the first day whose line entries are read: with $limit, the first of the latest
    -- month from which the whole months hold $limit entries (every entry shown is then
    -- read, and each earlier one comes before them); without, every entry is read
    select coalesce(max(entry_month) filter (where later >= $limit), date '0001-01-01') as day
    from (
        select entry_month, sum(sum(entries)) over (order by entry_month desc) as later
        from whole_months
        group by entry_month
    )
),

earlier as (
    select coalesce(sum(entries), 0) as entries, coalesce(sum(change), 0) as change
    from whole_months
    where entry_month < (select day from since)
),

files as (
    -- the order months whose kept files hold the entries read
    select distinct strftime(order_month, '%Y-%m') as file_month
    from ledger_months
    where customer_id = $customer and entry_month >= (select day from since)
),

money as (
    select
        payment_date as entry_date,
        2 as day_order,
        if(amount < 0, 'refund', 'receipt') as entry,
        payment_id as document,
        amount::decimal(38, 4) as received,
        amount = 0 as nothing_paid
    from payments
    where customer_id = $customer and payment_date <= $as_of
    union all
    select entry_date, day_order, entry, document, received, false
    from ledger_transfers
    where customer_id = $customer and entry_date <= $as_of
),

entries as (
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
    where customer_id = $customer
        and entry_date between (select day from since) and $as_of
        and file_month in (select file_month from files)
    union all
    select
        entry_date,
        day_order,
        entry,
        document,
        null,
        null,
        sum(received),
        -sum(received)
    from money
    group by entry_date, day_order, entry, document
    -- a receipt of 0 is an entry where held: no crossing (sql/_ledger_transfers.sql) beside
    having sum(received) <> 0 or (bool_or(nothing_paid) and count(*) = 1)
),

latest as (
    select *
    from entries
    order by entry_date desc, day_order desc, document desc, line_no desc nulls first
    limit $limit
),

totals as (
    select
        (count(*) + (select entries from earlier))::bigint as entries,
        coalesce(sum(change), 0) + (select change from earlier) as total
    from entries
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

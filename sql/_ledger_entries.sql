-- grain: one row per entry a customer's ledger takes from its order lines
-- (sql/customer_ledger.sql): each booked line whose collection is known (billed: its
-- revenue, a return's negative) and each application of a line's own paid columns
-- (received: settled's 'line' rows). Receipts and refunds are read from payments.
-- Built by sales_dash.engine.rollups for the months of lines a write changed, from the
-- lines (ledger_lines) and settled (ledger_settled) of those months, and kept per month of
-- the line's order_date sorted by customer: a customer's ledger reads the row groups that
-- hold it (their customer_id min/max), not the lake. region and rep_id are the line's, for
-- a scoped reader (engine.row_scope). file_month is the month of order_date: a kept file's
-- folder names it (rollups.FILE_MONTH), so a reader naming months opens those files alone.
select
    customer_id,
    order_date,
    region,
    rep_id,
    entry_date,
    day_order,
    entry,
    document,
    line_no,
    billed,
    received,
    strftime(order_date, '%Y-%m') as file_month  -- last, where a hive key is read
from (
    select
        customer_id,
        order_date,
        region,
        rep_id,
        order_date as entry_date,
        if(revenue < 0, 1, 0) as day_order,
        if(revenue < 0, 'return', 'line') as entry,
        order_id as document,
        line_no,
        revenue::decimal(38, 4) as billed,
        null::decimal(38, 4) as received
    from ledger_lines
    where is_booked(status)
        and customer_id is not null
        and (
            paid_amount is not null
            or coalesce(customer_id in (select customer_id from payers), false)
        )
    union all
    select
        customer_id,
        order_date,
        region,
        rep_id,
        payment_date,
        2,
        'line_paid',
        order_id,
        line_no,
        null,
        amount::decimal(38, 4)
    from ledger_settled
    where source = 'line' and customer_id is not null
)
order by customer_id, entry_date, day_order, document, line_no

-- grain: one row per customer, region, rep, order month and entry month of the lines'
-- entries of the customers' ledgers (ledger_entries, sql/_ledger_entries.sql): how many
-- entries and their balance change (billed − received). A ledger's screen sums the
-- earlier months of an account here and reads the entries of its last months alone
-- (sql/customer_ledger.sql); region and rep_id are the line's, for a scoped reader.
-- Kept per order month by sales_dash.engine.rollups, built again for the months the
-- ledger was (rollup_ledger holds their entries).
select
    customer_id,
    region,
    rep_id,
    date_trunc('month', order_date)::date as order_month,
    date_trunc('month', entry_date)::date as entry_month,
    count(*) as entries,
    sum(coalesce(billed, 0) - coalesce(received, 0))::decimal(38, 4) as change
from rollup_ledger
group by all
order by customer_id, entry_month

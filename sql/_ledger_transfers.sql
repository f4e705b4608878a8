-- grain: one row per customer, date and sum of money (a receipt, a refund, or the day's
-- return credit) that a scoped reader's ledger takes across its scope's border
-- (docs/row-level-security.md, "A scoped reader's ledger"): received is what the scope's
-- lines were settled with by money another scope holds (positive), or, less, what money
-- the scope holds settled on another scope's lines (negative); the receipts the scope
-- holds are its payments (db._attribute_to_owners). Empty for a reader of every row, to
-- whom no money crosses a border: sql/customer_ledger.sql then reads the receipts as
-- paid. sales_dash.engine.db (_transfer_money) fills it for each scoped database from the
-- company's settled rows, with the scope's condition on each application's line and holder.
create or replace table ledger_transfers (
    customer_id varchar,
    entry_date date,
    day_order integer,
    entry varchar,
    document varchar,
    received decimal(38, 4)
)

-- grain: one row per customer with any receipt (docs/receipts.md: one truth per line)
-- Built first at each data version: a customer here is settled by its receipts, so every
-- one of its booked lines carries payment information (is "tracked") whatever its own paid
-- columns say; the rollups' coverage columns read it (sql/_rollup.sql).
create or replace table payers as
select distinct customer_id
from payments
where customer_id is not null

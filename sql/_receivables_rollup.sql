-- grain: the rows of the orders_daily rollup with money still owed (open_amount > 0)
-- Built from orders_daily right after it, whenever the data version changes: aging at an
-- as-of date reads only the owed part of the rollup (about 40% of it in the demo).
create or replace table receivables_daily as
select order_date, due_date, region, rep_id, category, product, open_amount
from orders_daily
where open_amount > 0
-- aging has no date range, but is often asked for one region or rep: sorted by them, the
-- table's row-group statistics skip the others (11 -> 8 ms at 10M lines for a region)
order by region, rep_id, due_date

-- order_facts(facts): booked order facts from the table ``facts`` names, in one shape,
-- so that every query chooses its grain with one $facts parameter:
--   'rollup'           orders_daily (no customer)
--   'owed'             receivables_daily, the owed rows of orders_daily (no customer)
--   'customer_rollup'  customer_daily (no category or product)
--   'lines'            the booked order lines themselves
-- Columns a grain does not keep are null. Created by sales_dash.db after the tables it
-- reads, at every data version; unused columns and branches cost a query nothing.
create or replace macro order_facts(facts) as table
select order_date, due_date, region, rep_id, category, product, null as customer_id,
    revenue, cost, paid_amount, open_amount, lines
from orders_daily
where facts = 'rollup'
union all
select order_date, due_date, region, rep_id, category, product, null,
    null, null, null, open_amount, null
from receivables_daily
where facts = 'owed'
union all
select order_date, due_date, region, rep_id, null, null, customer_id,
    revenue, cost, paid_amount, open_amount, lines
from customer_daily
where facts = 'customer_rollup'
union all
select order_date, due_date, region, rep_id, category, product, customer_id,
    revenue, cost, paid_amount, greatest(revenue - paid_amount, 0), 1
from orders
where facts = 'lines' and is_booked(status)

-- The table macros through which every order query chooses its grain: order_facts,
-- discount_facts and over_limit_facts.
--
-- order_facts(facts): booked order facts from the table ``facts`` names, in one shape,
-- so that every query chooses its grain with one $facts parameter:
--   'rollup'           orders_daily (no customer)
--   'owed'             receivables_daily, the owed rows of orders_daily (no customer)
--   'customer_rollup'  customer_daily (no category or product)
--   'lines'            the booked order lines themselves
-- Columns a grain does not keep are null. Created by sales_dash.db after the tables it
-- reads, at every data version; unused columns and branches cost a query nothing. The
-- grains each macro knows are listed in sales_dash.db.GRAINS, which refuses any other.
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
;

-- discount_facts(facts, max_discount): booked lines by whole discount percent and side
-- of the discount limit max_discount, from
--   'discount_rollup'  discounts_daily (no category, product or customer; the limit of
--                      app_settings only)
--   'lines'            the booked order lines themselves
create or replace macro discount_facts(facts, max_discount) as table
select order_date, region, rep_id, null as category, null as product, null as customer_id,
    discount_percent, over_limit, lines, revenue
from discounts_daily
where facts = 'discount_rollup'
union all
select order_date, region, rep_id, category, product, customer_id,
    ceil(discount_rate * 100)::integer, discount_rate > max_discount, 1, revenue
from orders
where facts = 'lines' and is_booked(status);

-- over_limit_facts(facts, max_discount): the booked lines discounted beyond the discount
-- limit max_discount, from
--   'over_limit'  over_limit_lines (the limit of app_settings only)
--   'lines'       the booked order lines themselves
create or replace macro over_limit_facts(facts, max_discount) as table
select order_id, line_no, order_date, customer_id, customer_name, rep_id, rep_name, region,
    category, product, discount_rate, revenue
from over_limit_lines
where facts = 'over_limit'
union all
select order_id, line_no, order_date, customer_id, customer_name, rep_id, rep_name, region,
    category, product, discount_rate, revenue
from orders
where facts = 'lines' and is_booked(status) and discount_rate > max_discount

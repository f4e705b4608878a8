-- The table macros through which every order query chooses its grain: order_facts,
-- discount_facts and over_limit_facts. Each grain is a view of its own, in one shape per
-- macro, and the macro reads the one its $facts parameter names through query_table:
-- the query binds and plans that grain alone (a union of every grain, filtered on the
-- parameter, bound the Parquet view of the lines in every query, a millisecond each).
-- Created by sales_dash.db after the tables they read, at every data version. The grains
-- each macro knows are listed in sales_dash.db.GRAINS, which refuses any other before a
-- query runs.

-- The views of one macro have the same columns of the same types (tests/test_rollup.py),
-- as the branches of a union would: money DECIMAL(38,4) as the rollups' sums (the lake's
-- four places, so sums stay exact; rounded to the cent only for display), counts BIGINT,
-- and a column a grain does not keep a typed null.

-- order_facts(facts): booked order facts. Columns a grain does not keep are null.
--   'rollup'           orders_daily (no customer)
--   'owed'             receivables_daily, the owed rows of orders_daily (no customer)
--   'customer_rollup'  customer_daily (no category or product)
--   'lines'            the booked order lines themselves
-- Unknown is not zero: cost, paid_amount and open_amount are null on a line that does not
-- carry them, and the coverage columns (costed_revenue, costed_lines, tracked_revenue,
-- tracked_lines, discount_lines, identified_revenue, identified_lines) count what is known;
-- receipt_lines counts the lines settled by their customer's receipts (docs/receipts.md).
create or replace view order_facts_rollup as
select order_date, due_date, region, rep_id, category, product, null::varchar as customer_id,
    revenue, cost, costed_revenue, costed_lines, paid_amount, tracked_revenue, tracked_lines,
    open_amount, discount_lines, identified_revenue, identified_lines, lines, receipt_lines
from orders_daily;

create or replace view order_facts_owed as
select order_date, due_date, region, rep_id, category, product, null::varchar as customer_id,
    null::decimal(38, 4) as revenue, null::decimal(38, 4) as cost,
    null::decimal(38, 4) as costed_revenue, null::bigint as costed_lines,
    null::decimal(38, 4) as paid_amount, null::decimal(38, 4) as tracked_revenue,
    null::bigint as tracked_lines, open_amount, null::bigint as discount_lines,
    null::decimal(38, 4) as identified_revenue, null::bigint as identified_lines,
    null::bigint as lines, null::bigint as receipt_lines
from receivables_daily;

create or replace view order_facts_customer_rollup as
select order_date, due_date, region, rep_id, null::varchar as category,
    null::varchar as product, customer_id, revenue, cost, costed_revenue, costed_lines,
    paid_amount, tracked_revenue, tracked_lines, open_amount, discount_lines,
    if(customer_id is null, 0, revenue)::decimal(38, 4) as identified_revenue,
    if(customer_id is null, 0, lines)::bigint as identified_lines, lines, receipt_lines
from customer_daily;

create or replace view order_facts_lines as
select order_date, due_date, region, rep_id, category, product, customer_id,
    revenue::decimal(38, 4) as revenue, cost::decimal(38, 4) as cost,
    if(cost is null, 0, revenue)::decimal(38, 4) as costed_revenue,
    (cost is not null)::bigint as costed_lines,
    paid_amount::decimal(38, 4) as paid_amount,
    if(tracked, revenue, 0)::decimal(38, 4) as tracked_revenue,
    tracked::bigint as tracked_lines,
    greatest(revenue - paid_amount, 0)::decimal(38, 4) as open_amount,
    (discount_rate is not null)::bigint as discount_lines,
    if(customer_id is null, 0, revenue)::decimal(38, 4) as identified_revenue,
    (customer_id is not null)::bigint as identified_lines,
    1::bigint as lines,
    by_receipts::bigint as receipt_lines
from (
    -- tracked: the line's own payment data, or its customer's receipts (sql/_payers.sql)
    select
        *,
        paid_amount is not null or by_receipts as tracked
    from (
        select
            *,
            coalesce(customer_id in (select customer_id from payers), false) as by_receipts
        from orders
    )
)
where is_booked(status);

create or replace macro order_facts(facts) as table
select * from query_table('order_facts_' || facts);

-- discount_facts(facts, max_discount): booked lines by whole discount percent and side
-- of the discount limit max_discount (both null for a line whose discount is unknown), from
--   'discount_rollup'  discounts_daily (no category, product or customer; built at the
--                      limit of app_settings, so for that limit only)
--   'lines'            the booked order lines themselves
create or replace view discount_facts_discount_rollup as
select order_date, region, rep_id, null::varchar as category, null::varchar as product,
    null::varchar as customer_id, discount_percent, over_limit,
    null::decimal(18, 4) as discount_rate, lines, revenue
from discounts_daily;

create or replace view discount_facts_lines as
select order_date, region, rep_id, category, product, customer_id,
    ceil(discount_rate * 100)::integer as discount_percent, null::boolean as over_limit,
    discount_rate, 1::bigint as lines, revenue::decimal(38, 4) as revenue
from orders
where is_booked(status);

create or replace macro discount_facts(facts, max_discount) as table
select order_date, region, rep_id, category, product, customer_id, discount_percent,
    coalesce(over_limit, discount_rate > max_discount) as over_limit, lines, revenue
from query_table('discount_facts_' || facts);

-- over_limit_facts(facts, max_discount): the booked lines discounted beyond the discount
-- limit max_discount, from
--   'over_limit'  over_limit_lines (built at the limit of app_settings, so for that
--                 limit only)
--   'lines'       the booked order lines themselves
create or replace view over_limit_facts_over_limit as
select order_id, line_no, order_date, customer_id, customer_name, rep_id, rep_name, region,
    category, product, discount_rate, revenue
from over_limit_lines;

create or replace view over_limit_facts_lines as
select order_id, line_no, order_date, customer_id, customer_name, rep_id, rep_name, region,
    category, product, discount_rate, revenue
from orders
where is_booked(status);

create or replace macro over_limit_facts(facts, max_discount) as table
select *
from query_table('over_limit_facts_' || facts)
where discount_rate > max_discount;

-- The receipts side (docs/receipts.md): the money applied to lines (settled) and the lines'
-- open amounts over time (open_spans), each from its month rollup (no customer) or from the
-- line-level table, in one shape per macro. The 'rollup' grain keeps no customer; the
-- 'customer_rollup' grain of applied_facts and open_facts keeps no category or product,
-- and collected_facts has none (it reads settled, as 'lines' does).

-- collected_facts(facts): money by payment date (cash collected, 回款周期); line_amount,
-- dated_amount and amount_days are null where nothing counts for them (sql/_collected_rollup.sql)
create or replace view collected_facts_rollup as
select payment_date, region, rep_id, category, product, null::varchar as customer_id,
    line_amount, dated_amount, amount_days
from collected_daily;

create or replace view collected_facts_lines as
select payment_date, region, rep_id, category, product, customer_id,
    if(source = 'line', amount, null)::decimal(38, 4) as line_amount,
    if(source in ('receipt', 'refund', 'line') and date_known, amount, null)::decimal(38, 4)
        as dated_amount,
    if(
        source in ('receipt', 'refund', 'line') and date_known,
        amount * date_diff('day', order_date, payment_date),
        null
    )::decimal(38, 4) as amount_days
from settled;

create or replace view collected_facts_customer_rollup as
select * from collected_facts_lines;

create or replace macro collected_facts(facts) as table
select * from query_table('collected_facts_' || facts);

-- applied_facts(facts): money by the date it settled its line, with the line's due date
-- (order_date only where that is unknown, in the rollup: sql/_applied_rollup.sql)
create or replace view applied_facts_rollup as
select due_date, order_date, applied_date, region, rep_id, category, product,
    null::varchar as customer_id, amount
from applied_daily;

create or replace view applied_facts_lines as
select due_date, order_date, applied_date, region, rep_id, category, product, customer_id,
    amount::decimal(38, 4) as amount
from settled;

create or replace view applied_facts_customer_rollup as
select due_date, order_date, applied_date, region, rep_id, null::varchar as category,
    null::varchar as product, customer_id, amount
from applied_customers;

create or replace macro applied_facts(facts) as table
select * from query_table('applied_facts_' || facts);

-- open_facts(facts): open amounts over spans of days [valid_from, valid_to), with the line's
-- due date (order_date only where that is unknown, in the rollup: sql/_open_rollup.sql)
create or replace view open_facts_rollup as
select due_date, order_date, valid_from, valid_to, region, rep_id, category, product,
    null::varchar as customer_id, open_amount
from open_daily;

create or replace view open_facts_lines as
select due_date, order_date, valid_from, valid_to, region, rep_id, category, product,
    customer_id, open_amount::decimal(38, 4) as open_amount
from open_spans;

create or replace view open_facts_customer_rollup as
select due_date, order_date, valid_from, valid_to, region, rep_id, null::varchar as category,
    null::varchar as product, customer_id, open_amount
from open_customers;

create or replace macro open_facts(facts) as table
select * from query_table('open_facts_' || facts);

-- month_end_facts(facts): open amounts at month ends (sql/_month_end_rollup.sql): rows not
-- still_open count at their month_end, still_open ones at every month end from theirs on.
-- Kept for the 'rollup' grain only (reads_month_ends); the other grains' views are empty and
-- their queries read the spans for every day.
create or replace macro reads_month_ends(facts) as facts = 'rollup';

create or replace view month_end_facts_rollup as
select month_end, still_open, region, rep_id, category, product, null::varchar as customer_id,
    open_amount
from open_month_ends;

create or replace view month_end_facts_lines as
select * from month_end_facts_rollup where false;

create or replace view month_end_facts_customer_rollup as
select * from month_end_facts_rollup where false;

create or replace macro month_end_facts(facts) as table
select * from query_table('month_end_facts_' || facts);
-- order_count_facts(facts): what 客单价 and 人均销售额 count (sql/order_counts.sql), from
--   'customer_rollup'  customer_daily's orders per row (no category or product; a sum of
--                      distinct counts, so only while sql/order_shape.sql says they add up)
--   'lines'            the booked order lines: each positive-revenue line's order number
-- A query counts distinct order_key and adds the sum of orders: each grain fills one.
create or replace view order_count_facts_customer_rollup as
select order_date, region, rep_id, null::varchar as category, null::varchar as product,
    customer_id, null::varchar as order_key, orders::bigint as orders,
    revenue::decimal(38, 4) as revenue
from customer_daily;

create or replace view order_count_facts_lines as
select order_date, region, rep_id, category, product, customer_id,
    if(revenue > 0, order_id, null)::varchar as order_key, null::bigint as orders,
    revenue::decimal(38, 4) as revenue
from orders
where is_booked(status);

create or replace macro order_count_facts(facts) as table
select * from query_table('order_count_facts_' || facts);

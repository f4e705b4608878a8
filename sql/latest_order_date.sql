-- grain: one row: the latest order_date among booked lines (the default as-of date),
-- read from the orders_daily rollup, which holds the booked lines only
select max(order_date) as latest from orders_daily

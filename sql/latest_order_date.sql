-- grain: one row: the latest order_date among booked lines (the default as-of date)
select max(order_date) as latest from orders where is_booked(status)

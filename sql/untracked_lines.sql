-- grain: one row: the booked order lines of the whole lake, and how many of them carry no
-- payment data (paid_amount null). A lookup, kept per data version: where every line
-- carries payment data, the collection's coverage snapshot (payment_lines.sql) is not read.
-- params: none
select
    coalesce(sum(lines), 0)::bigint as lines,
    coalesce(sum(lines - tracked_lines), 0)::bigint as untracked_lines
from orders_daily

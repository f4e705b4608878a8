-- grain: one row per distinct region, rep, category and product of the booked order lines
-- (read from the orders_daily rollup), plus one row per region and rep of the quotas
-- (category and product null), for the sidebar's narrowing multi-selects
-- params: none
select distinct region, rep_id, category, product
from orders_daily

union

select distinct region, rep_id, null as category, null as product
from quotas

-- grain: one row per order date, region, rep, whole discount percent and side of the
-- configured discount limit, of booked lines
-- The discount histogram's rollup (about 13x fewer rows than the lines), kept per
-- month by sales_dash.engine.rollups (built from rollup_lines, the months a write changed). It keeps no category, product or
-- customer, whose filters read the lines; over_limit is discount_rate > the limit in
-- app_settings, so another limit reads the lines too.
select
    order_date,
    region,
    rep_id,
    ceil(discount_rate * 100)::integer as discount_percent,
    discount_rate > (select discount_limit from app_settings) as over_limit,
    count(*) as lines,
    sum(revenue) as revenue
from rollup_lines
where is_booked(status)
group by all
-- sorted by date, so the table's row-group statistics skip everything outside a period
order by order_date, region, rep_id

-- grain: one row per booked order line discounted beyond the configured limit
-- (app_settings), with the columns the over-authority count and list read: about 2% of
-- the lines in the demo. Kept per month by sales_dash.engine.rollups (from
-- rollup_lines, the months a write changed);
-- another limit reads the lines.
select
    order_id,
    line_no,
    order_date,
    customer_id,
    customer_name,
    rep_id,
    rep_name,
    region,
    category,
    product,
    discount_rate,
    revenue
from rollup_lines
where is_booked(status)
    and discount_rate > (select discount_limit from app_settings)
-- sorted by date, so the table's row-group statistics skip everything outside a period
order by order_date, region, rep_id

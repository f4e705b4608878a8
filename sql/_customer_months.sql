-- grain: one row per month, customer, region and rep of the order lines (cancelled lines
-- too; lines without a customer under a null customer), kept per month by
-- sales_dash.engine.rollups: what the lookups over every line need, so that a write
-- rebuilds the months it changed instead of each lookup scanning the lake again (issue 15).
-- The lookups combine the months: a customer's first line (sql/customer_first_lines.sql),
-- its name and a rep's name as of their latest line (customer_names.sql, rep_names.sql),
-- the lines per month (table_months.sql) and the lines' payment data
-- (collection_sources.sql). Region and rep are the lines' own, so a scoped reader's
-- lookups count its own lines only, as they did over the scoped lines.
select
    min(order_date) as order_date,
    customer_id,
    region,
    rep_id,
    count(*)::bigint as lines,
    -- the first booked line: by order date, then order id and line number
    arg_min(
        {
            'order_date': order_date,
            'order_id': order_id,
            'line_no': line_no,
            'region': region,
            'rep_id': rep_id,
            'category': category,
            'product': product
        },
        (order_date, order_id, line_no)
    ) filter (where is_booked(status)) as first_line,
    arg_max(customer_name, order_date) filter (where customer_name is not null)
        as customer_name,
    max(order_date) filter (where customer_name is not null) as customer_named_on,
    arg_max(rep_name, order_date) filter (where rep_name is not null) as rep_name,
    max(order_date) filter (where rep_name is not null) as rep_named_on,
    -- the booked lines' own payment data (collection_sources.sql)
    count(*) filter (where is_booked(status) and paid_amount is not null)::bigint
        as paid_lines,
    coalesce(sum(revenue) filter (where is_booked(status) and paid_amount is null), 0)
        ::decimal(38, 4) as unpaid_revenue,
    count(*) filter (where is_booked(status) and paid_amount is null)::bigint
        as unpaid_lines
from rollup_lines
group by strftime(order_date, '%Y-%m'), customer_id, region, rep_id
order by order_date

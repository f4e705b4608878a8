-- grain: one row per order month, month end, whether still open, region, rep, category and
-- product of the open amounts of booked lines at month ends (open_spans, sql/_open_spans.sql)
-- Kept per month of the lines' order date by sales_dash.engine.rollups, built again for
-- the months whose spans a write changed (rollup_spans holds them). DSO at a month end
-- reads it (sql/dso.sql); any other day reads the spans. Exact, with no horizon: a span
-- that has ended counts at each month end it holds (still_open false, one row per month
-- end); a span still open counts once, at the first month end it holds (still_open true),
-- and holds every month end after it: open at E = Σ ended rows at E + Σ open rows ≤ E.
with ended as (
    select
        *,
        last_day(
            unnest(
                generate_series(
                    date_trunc('month', valid_from), date_trunc('month', valid_to - 1),
                    interval 1 month
                )
            )::date
        ) as month_end
    from rollup_spans
    where valid_to < date '9999-12-31'
)

select
    date_trunc('month', order_date)::date as order_month,
    month_end,
    false as still_open,
    region,
    rep_id,
    category,
    product,
    sum(open_amount)::decimal(38, 4) as open_amount
from ended
where month_end >= valid_from and month_end < valid_to
group by all
union all
select
    date_trunc('month', order_date)::date as order_month,
    last_day(valid_from) as month_end,
    true as still_open,
    region,
    rep_id,
    category,
    product,
    sum(open_amount)::decimal(38, 4) as open_amount
from rollup_spans
where valid_to = date '9999-12-31'
group by all
order by month_end, region, rep_id

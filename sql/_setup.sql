-- Settings and macros shared by every query; run once per connection by sales_dash.engine.db.
-- The macros and the one name each parameter has across sql/: docs/sql.md.
-- Parquet footers are read once per file, not once per query.
set global parquet_metadata_cache = true;

-- in_filter: an empty list means "no filter".
create or replace macro in_filter(wanted, value) as
    len(wanted) = 0 or list_contains(wanted, value);

-- filters_match: whether a row is inside the sidebar's filters, the five lists $regions,
-- $reps, $categories, $products, $customers (empty = all), by its own five columns. A
-- table without a column passes [] for its list (it cannot be split by it) and null for
-- the column. Expanded where it is called, so the filter is planned as if written there.
create or replace macro filters_match(
    regions, reps, categories, products, customers,
    region, rep_id, category, product, customer_id
) as
    in_filter(regions, region)
    and in_filter(reps, rep_id)
    and in_filter(categories, category)
    and in_filter(products, product)
    and in_filter(customers, customer_id);

-- receipt_region, receipt_rep: whose a receipt is (cash collected, and which scoped reader
-- holds it): the region and rep it names; what it leaves out is its customer's owner's
-- (sql/_customer_owners.sql) only where the owner agrees with what it names. A receipt
-- naming 华南 whose owner sells in 华东 has no rep; one naming rep R2 whose owner is R1
-- has no region. Null where unknown (docs/metrics.md, cash collected).
create or replace macro receipt_region(region, rep_id, owner_region, owner_rep_id) as
    coalesce(region, if(rep_id is null or rep_id = owner_rep_id, owner_region, null));

create or replace macro receipt_rep(region, rep_id, owner_region, owner_rep_id) as
    coalesce(rep_id, if(region is null or region = owner_region, owner_rep_id, null));

-- period_months: the calendar months each period overlaps, for prorating a monthly
-- figure (a quota, a market size) by calendar days: figure × days_inside / days_in_month.
-- One row per period and month ('YYYY-MM', as quotas and market key them), from the
-- periods' parallel lists of keys, first days and last days ($period_keys,
-- $period_starts, $period_ends).
create or replace macro period_months(period_keys, period_starts, period_ends) as table
select
    period_key,
    strftime(month_start, '%Y-%m') as month,
    date_diff(
        'day', greatest(period_start, month_start), least(period_end, last_day(month_start))
    ) + 1 as days_inside,
    day(last_day(month_start)) as days_in_month
from (
    select
        period_key,
        period_start,
        period_end,
        unnest(
            generate_series(
                date_trunc('month', period_start), date_trunc('month', period_end), interval 1 month
            )
        )::date as month_start
    from (
        select
            unnest(period_keys) as period_key,
            unnest(period_starts)::date as period_start,
            unnest(period_ends)::date as period_end
    )
);

-- group_key: the value of the --by dimension, chosen by the $by parameter (never by
-- string formatting). 'month' and 'week' group by period instead, so they map to ''.
create or replace macro group_key(by_dim, region, rep_id, category, product, customer_id) as
    case by_dim
        when 'region' then region
        when 'rep' then rep_id
        when 'category' then category
        when 'product' then product
        when 'customer' then customer_id
        else ''
    end;

-- period_of: the key of the period a date falls in, as sales_dash.periods keys them:
-- its calendar month (YYYY-MM) or its ISO week's Monday (YYYY-MM-DD) when the periods
-- are months or weeks ($period_grain), else the one period's key. A flow query keys each
-- row this way rather than joining it to a table of periods: periods tile the range
-- without gaps, so the range's own bounds do the rest (a join cost a millisecond a query).
create or replace macro period_of(grain, single_key, day) as
    case grain
        when 'month' then strftime(day, '%Y-%m')
        when 'week' then strftime(date_trunc('week', day), '%Y-%m-%d')
        else single_key
    end;

create or replace macro is_booked(status) as coalesce(status, '') <> 'cancelled';

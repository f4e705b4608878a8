-- Settings and macros shared by every query; run once per connection by sales_dash.db.
-- Parquet footers are read once per file, not once per query.
set global parquet_metadata_cache = true;

-- in_filter: an empty list means "no filter".
create or replace macro in_filter(wanted, value) as
    len(wanted) = 0 or list_contains(wanted, value);

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

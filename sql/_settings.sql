-- The settings that derived tables are built with (sales_dash.settings), in one row; made
-- by sales_dash.db once per connection. A kept derived table's file name carries these
-- values (db._definition), so a new setting never reads a table built for the old one.
-- params: $discount_limit (0-1)
create or replace table app_settings as
select $discount_limit::decimal(18, 4) as discount_limit

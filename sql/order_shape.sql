-- grain: one row: whether the customer rollup's order counts add up to distinct orders
-- (sales_dash.engine.grain.order_count_facts). They do when no order has positive-revenue
-- lines in two rows of customer_daily (sql/_order_months.sql counts those per month) and
-- no order number falls in two months: the months' ranges of order numbers, in order,
-- do not overlap (a conservative test: overlapping ranges read the lines, exactly).
-- Only the months of the period asked matter: an order of two months is counted once in
-- a period holding one of them, so a lake whose order numbers do not grow with the date
-- (a prefix per region, numbers restarted each year) still counts a month from the rollup.
-- params: $range_start, $flow_range_end (dates: the period's months; null: every month)
select
    coalesce(sum(split_orders), 0) = 0
        and coalesce(bool_and(prior_last is null or first_order > prior_last), true)
        as additive
from (
    select
        split_orders,
        first_order,
        max(last_order) over (
            order by first_order, last_order rows between unbounded preceding and 1 preceding
        ) as prior_last
    from order_months
    where $range_start is null
        or date_trunc('month', order_date)
        between date_trunc('month', $range_start::date) and date_trunc('month', $flow_range_end::date)
)

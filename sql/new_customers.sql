-- grain: one row per period and group: customers whose first booked line in the whole lake
-- falls in the period, attributed to that first line's region, rep, category, product
-- params: $period_keys varchar[], $period_starts date[], $period_ends date[], $by,
--         $regions, $reps, $categories, $products, $customers (varchar[], empty = all)
with periods as (
    select
        unnest($period_keys) as period_key,
        unnest($period_starts)::date as period_start,
        unnest($period_ends)::date as period_end
),

first_lines as (
    select
        customer_id,
        arg_min(
            {
                'order_date': order_date,
                'region': region,
                'rep_id': rep_id,
                'category': category,
                'product': product
            },
            (order_date, order_id, line_no)
        ) as first_line
    from orders
    where is_booked(status)
    group by customer_id
),

firsts as (
    select customer_id, unnest(first_line)
    from first_lines
)

select
    periods.period_key,
    group_key(
        $by, firsts.region, firsts.rep_id, firsts.category, firsts.product, firsts.customer_id
    ) as group_key,
    count(*) as new_customers
from firsts
inner join periods on firsts.order_date between periods.period_start and periods.period_end
where in_filter($regions, firsts.region)
    and in_filter($reps, firsts.rep_id)
    and in_filter($categories, firsts.category)
    and in_filter($products, firsts.product)
    and in_filter($customers, firsts.customer_id)
group by all

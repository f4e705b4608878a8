-- grain: one row per rep: the rep's latest name, from order lines, else from quotas
with named as (
    -- each month's latest name of a rep, as kept in customer_months
    select rep_id, rep_name, rep_named_on as seen, 1 as source_rank
    from customer_months
    where rep_name is not null
    union all
    select rep_id, rep_name, strptime(month || '-01', '%Y-%m-%d')::date as seen, 0 as source_rank
    from quotas
    where rep_name is not null
)

select rep_id, arg_max(rep_name, (source_rank, seen)) as rep_name
from named
group by rep_id

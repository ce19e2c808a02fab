-- One row per scope (the whole selection, then each park) and money indicator for month $period in snapshot $period: value, value a year earlier, year-on-year change; only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors.
with picked as (
    select i.park_id, i.indicator_code, i.month, i.value
    from indicators as i
    join indicator_defs as d using (indicator_code)
    where i.period = $period and d.kind = 'money'
      and i.month in ($period, add_months($period, -12))
      and in_scope(i.park_id, i.sector_id, $parks, $sectors)
),
by_scope as (
    select 'total' as scope, null as park_id, indicator_code,
           sum(value) filter (where month = $period) as value,
           sum(value) filter (where month <> $period) as value_prev
    from picked group by indicator_code
    union all
    select 'park', park_id, indicator_code,
           sum(value) filter (where month = $period),
           sum(value) filter (where month <> $period)
    from picked group by park_id, indicator_code
)
select
    b.scope, b.park_id,
    case when b.scope = 'park' then k.name_zh
         when len($parks::varchar[]) = 0 and len($sectors::varchar[]) = 0 then '全市' else '所选范围' end as scope_zh,
    case when b.scope = 'park' then k.name_en
         when len($parks::varchar[]) = 0 and len($sectors::varchar[]) = 0 then 'City' else 'Selection' end as scope_en,
    b.indicator_code, d.indicator_order, d.name_zh, d.name_en,
    $period as month,
    coalesce(b.value, 0) as value,
    b.value_prev,
    coalesce(b.value, 0) / nullif(b.value_prev, 0) - 1 as yoy
from by_scope as b
join indicator_defs as d using (indicator_code)
left join parks as k on k.park_id = b.park_id
order by b.scope desc, k.park_order nulls first, d.indicator_order

-- One row per enterprise that appeared, disappeared or changed a flag (链主, 上市, 规上, 专精特新) between snapshots $period_from and $period_to; only $parks and $sectors (empty list = all). The $limit rows with the largest output (before or after; null = every row), listed by change and enterprise id. Params: $period_from, $period_to, $parks, $sectors, $limit.
-- The two snapshots are joined on narrow columns only; names are looked up for the rows kept, so
-- the join's memory does not carry every firm's names.
with before as (
    select enterprise_id, park_id, sector_id, is_chain_leader, is_listed, is_above_scale, is_srdi, output_value_yi, is_demo
    from enterprises where period = $period_from
),
after as (
    select enterprise_id, park_id, sector_id, is_chain_leader, is_listed, is_above_scale, is_srdi, output_value_yi, is_demo
    from enterprises where period = $period_to
),
kept as (
    select
        coalesce(a.enterprise_id, b.enterprise_id) as enterprise_id,
        coalesce(a.park_id, b.park_id) as park_id,
        coalesce(a.sector_id, b.sector_id) as sector_id,
        case when b.enterprise_id is null then 'added'
             when a.enterprise_id is null then 'removed'
             else 'flags_changed' end as change,
        concat_ws(';',
            case when a.is_chain_leader and not b.is_chain_leader then '+chain_leader' end,
            case when a.is_listed and not b.is_listed then '+listed' end,
            case when a.is_above_scale and not b.is_above_scale then '+above_scale' end,
            case when a.is_srdi and not b.is_srdi then '+srdi' end,
            case when not a.is_chain_leader and b.is_chain_leader then '-chain_leader' end,
            case when not a.is_listed and b.is_listed then '-listed' end,
            case when not a.is_above_scale and b.is_above_scale then '-above_scale' end,
            case when not a.is_srdi and b.is_srdi then '-srdi' end) as flag_changes,
        b.output_value_yi as output_before, a.output_value_yi as output_after,
        coalesce(a.is_demo, b.is_demo) as is_demo
    from before as b
    full outer join after as a using (enterprise_id)
    where (b.enterprise_id is null or a.enterprise_id is null
           or a.is_chain_leader <> b.is_chain_leader or a.is_listed <> b.is_listed
           or a.is_above_scale <> b.is_above_scale or a.is_srdi <> b.is_srdi)
      and (len($parks::varchar[]) = 0 or list_contains($parks::varchar[], coalesce(a.park_id, b.park_id)))
      and (len($sectors::varchar[]) = 0 or list_contains($sectors::varchar[], coalesce(a.sector_id, b.sector_id)))
    order by greatest(coalesce(a.output_value_yi, 0), coalesce(b.output_value_yi, 0)) desc, enterprise_id
    limit $limit
)
select
    k.enterprise_id,
    coalesce(na.name_zh, nb.name_zh) as name_zh,
    coalesce(na.name_en, nb.name_en) as name_en,
    k.park_id, k.sector_id, k.change, k.flag_changes, k.output_before, k.output_after, k.is_demo
from kept as k
left join (select enterprise_id, name_zh, name_en from enterprises where period = $period_to) as na using (enterprise_id)
left join (select enterprise_id, name_zh, name_en from enterprises where period = $period_from) as nb using (enterprise_id)
order by k.change, k.enterprise_id

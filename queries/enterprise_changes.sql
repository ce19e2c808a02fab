-- One row per enterprise that appeared, disappeared or changed a flag (链主, 上市, 规上, 专精特新) between snapshots $period_from and $period_to; only $parks and $sectors (empty list = all). The $limit rows with the largest output (before or after; null = every row), listed by change and enterprise id. Params: $period_from, $period_to, $parks, $sectors, $limit.
-- Names are looked up for the rows kept only (enterprise_diff joins narrow columns) or stored.
with kept as (
    select * exclude (name_zh, name_en)  -- ranked on narrow columns; names joined below
    from enterprise_diff($period_from, $period_to)
    where in_scope(park_id, sector_id, $parks, $sectors)
    order by greatest(coalesce(output_after, 0), coalesce(output_before, 0)) desc, enterprise_id
    limit $limit
)
select
    k.enterprise_id,
    coalesce(ns.name_zh, na.name_zh, nb.name_zh) as name_zh,
    coalesce(ns.name_en, na.name_en, nb.name_en) as name_en,
    k.park_id, k.sector_id, k.change, k.flag_changes, k.output_before, k.output_after, k.is_demo
from kept as k
-- names: stored with a stored pair's rows (then the two lookups after are planned away)
left join enterprise_diff_names($period_from, $period_to) as ns using (enterprise_id)
left join (select enterprise_id, name_zh, name_en from enterprises
           where period = $period_to and not diff_stored()) as na using (enterprise_id)
left join (select enterprise_id, name_zh, name_en from enterprises
           where period = $period_from and not diff_stored()) as nb using (enterprise_id)
order by k.change, k.enterprise_id

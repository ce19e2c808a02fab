-- One row per firm on the leading-enterprise list (龙头企业清单) in snapshot $period, largest output first, with its flags; only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors.
select
    e.enterprise_id, e.name_zh, e.name_en,
    e.park_id, k.name_zh as park_zh, k.name_en as park_en,
    e.sector_id, s.name_zh as sector_zh, s.name_en as sector_en,
    e.is_chain_leader, e.is_chain_leader_new, e.is_listed, e.is_above_scale, e.is_srdi,
    e.output_value_yi, e.entered_month, e.is_demo
from enterprises as e
join parks as k using (park_id)
join sectors as s using (sector_id)
where e.period = $period and e.is_leading
  and in_scope(e.park_id, e.sector_id, $parks, $sectors)
order by e.output_value_yi desc, e.enterprise_id

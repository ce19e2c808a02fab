-- One row per enterprise in park $park_id in snapshot $period, largest output (last 12 months) first, at most $limit rows: sector and flags (规上, 专精特新, 上市, 链主, newly attracted chain leader). Params: $period, $park_id, $limit.
select
    e.enterprise_id, e.name_zh, e.name_en, e.sector_id, s.name_zh as sector_zh, s.name_en as sector_en,
    e.is_above_scale, e.is_srdi, e.is_listed, e.is_chain_leader, e.is_chain_leader_new, e.is_leading,
    e.output_value_yi, e.is_demo
from enterprises as e
left join sectors as s using (sector_id)
where e.period = $period and e.park_id = $park_id
order by e.output_value_yi desc, e.enterprise_id
limit $limit

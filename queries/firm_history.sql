-- One row per snapshot period enterprise $enterprise_id appears in, oldest first: names, park, sector, its flags that month and output over the last 12 months (亿元). Params: $enterprise_id.
select
    e.*,
    k.name_zh as park_zh, k.name_en as park_en,
    s.name_zh as sector_zh, s.name_en as sector_en
from enterprises as e
left join parks as k using (park_id)
left join sectors as s using (sector_id)
where e.enterprise_id = $enterprise_id
order by e.period

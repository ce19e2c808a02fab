-- One row per project sponsored by enterprise $enterprise_id (its sponsor is the firm's name), as in the latest snapshot the project appears in: stage, park, investment. Params: $enterprise_id.
with firm as (
    select distinct name_zh from enterprises where enterprise_id = $enterprise_id
)
select p.project_id, p.name_zh, p.name_en, p.park_id, p.stage, g.stage_order, p.stage_since, p.investment_yi,
       p.period as last_seen, p.is_demo
from projects as p
join firm as f on p.sponsor_zh = f.name_zh
join stages as g on g.stage_id = p.stage
qualify row_number() over (partition by p.project_id order by p.period desc) = 1
order by p.project_id

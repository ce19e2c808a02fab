-- One row per project sponsored by enterprise $enterprise_id (its sponsor_enterprise_id), as in the latest snapshot the project appears in: stage, park, investment. Params: $enterprise_id.
-- The empty select adds the column as null where no snapshot has it yet (data from before it).
with sponsored as (
    select *
    from (select * from projects union all by name select null::varchar as sponsor_enterprise_id where false)
    where sponsor_enterprise_id = $enterprise_id
)
select p.project_id, p.name_zh, p.name_en, p.park_id, p.stage, g.stage_order, p.stage_since, p.investment_yi,
       p.period as last_seen, p.is_demo
from sponsored as p
join stages as g on g.stage_id = p.stage
qualify row_number() over (partition by p.project_id order by p.period desc) = 1
order by p.project_id

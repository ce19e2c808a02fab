-- One row per project in park $park_id in snapshot $period, furthest stage first, then largest investment, at most $limit rows: stage, months in it, investment, responsible unit (null where the snapshot has none). Params: $period, $park_id, $limit.
select
    p.*,
    s.name_zh as sector_zh, s.name_en as sector_en, g.stage_order,
    months_between(p.stage_since, $period) as months_in_stage
from projects as p
left join sectors as s using (sector_id)
join stages as g on g.stage_id = p.stage
where p.period = $period and p.park_id = $park_id
order by g.stage_order desc, p.investment_yi desc, p.project_id
limit $limit

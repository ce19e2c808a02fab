-- One row per project on the major-project list (重大项目清单) in snapshot $period, largest investment first, with its stage and months in that stage; only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors.
select
    p.project_id, p.name_zh, p.name_en, p.sponsor_zh,
    p.park_id, k.name_zh as park_zh, k.name_en as park_en,
    p.sector_id, s.name_zh as sector_zh, s.name_en as sector_en,
    p.stage, g.stage_order, g.name_zh as stage_zh, g.name_en as stage_en,
    p.stage_since,
    months_between(p.stage_since, $period) as months_in_stage,
    p.build_type, p.investment_yi, p.is_demo
from projects as p
join parks as k using (park_id)
join sectors as s using (sector_id)
join stages as g on g.stage_id = p.stage
where p.period = $period and p.is_major
  and in_scope(p.park_id, p.sector_id, $parks, $sectors)
order by p.investment_yi desc, p.project_id

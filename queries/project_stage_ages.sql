-- One row per project in snapshot $period: its stage and how many months it has been in that stage (for stage-age charts and stalled lists); only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors.
select
    p.project_id, p.name_zh, p.name_en, p.park_id, k.name_zh as park_zh, k.name_en as park_en,
    p.sector_id, p.stage, g.stage_order, p.stage_since,
    months_between(p.stage_since, $period) as months_in_stage,
    p.investment_yi, p.is_demo
from projects as p
join parks as k using (park_id)
join stages as g on g.stage_id = p.stage
where p.period = $period
  and in_scope(p.park_id, p.sector_id, $parks, $sectors)
order by months_in_stage desc, p.project_id

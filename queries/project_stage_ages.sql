-- One row per project in snapshot $period: its stage and how many months it has been in that stage (for stage-age charts and stalled lists); only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors.
select
    p.project_id, p.name_zh, p.name_en, p.park_id, k.name_zh as park_zh, k.name_en as park_en,
    p.sector_id, p.stage, g.stage_order, p.stage_since,
    date_diff('month', strptime(p.stage_since, '%Y-%m'), strptime($period, '%Y-%m')) as months_in_stage,
    p.investment_yi, p.is_demo
from projects as p
join parks as k using (park_id)
join stages as g on g.stage_id = p.stage
where p.period = $period
  and (len($parks::varchar[]) = 0 or list_contains($parks::varchar[], p.park_id))
  and (len($sectors::varchar[]) = 0 or list_contains($sectors::varchar[], p.sector_id))
order by months_in_stage desc, p.project_id

-- One row per 五个一批 stage for snapshot $period: projects, investment (亿元), new/continued split; only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors.
select
    s.stage_id as stage,
    s.stage_order,
    s.name_zh,
    s.name_en,
    s.campaign_zh,
    s.campaign_en,
    count(p.project_id) as projects,
    coalesce(sum(p.investment_yi), 0) as investment_yi,
    count(p.project_id) filter (where p.build_type = 'new') as new_projects,
    coalesce(sum(p.investment_yi) filter (where p.build_type = 'new'), 0) as new_investment_yi,
    count(p.project_id) filter (where p.build_type = 'continued') as continued_projects,
    coalesce(sum(p.investment_yi) filter (where p.build_type = 'continued'), 0) as continued_investment_yi
from stages as s
left join projects as p
    on p.stage = s.stage_id
    and p.period = $period
    and in_scope(p.park_id, p.sector_id, $parks, $sectors)
group by all
order by s.stage_order

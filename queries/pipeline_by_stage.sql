-- One row per 五个一批 stage for snapshot $period: projects, investment (亿元), new/continued split; only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors.
select
    s.stage_id as stage,
    s.stage_order,
    s.name_zh,
    s.name_en,
    s.campaign_zh,
    s.campaign_en,
    coalesce(sum(p.projects), 0)::bigint as projects,
    coalesce(sum(p.investment_yi), 0) as investment_yi,
    coalesce(sum(p.projects) filter (where p.build_type = 'new'), 0)::bigint as new_projects,
    coalesce(sum(p.investment_yi) filter (where p.build_type = 'new'), 0) as new_investment_yi,
    coalesce(sum(p.projects) filter (where p.build_type = 'continued'), 0)::bigint as continued_projects,
    coalesce(sum(p.investment_yi) filter (where p.build_type = 'continued'), 0) as continued_investment_yi
from stages as s
left join project_cells as p  -- the projects counted per cell at consolidation (data.PROJECT_CELLS)
    on p.stage = s.stage_id
    and p.period = $period
    and in_scope(p.park_id, p.sector_id, $parks, $sectors)
group by all
order by s.stage_order

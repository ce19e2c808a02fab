-- One row per park (一核一心三极多园) for snapshot $period: location and its confidence, enterprises, output (亿元, last 12 months), projects and investment; only $sectors (empty list = all). Params: $period, $sectors.
with firms as (
    select park_id, sum(rows_n)::bigint as enterprises, sum(output_value_yi) as output_value_yi,
           coalesce(sum(rows_n) filter (where is_leading), 0)::bigint as leading_enterprises
    from enterprise_cells  -- the firms counted per cell at consolidation (data.FIRM_CELLS_SQL)
    where period = $period
      and picked(sector_id, $sectors)
    group by park_id
),
pipeline as (
    select park_id, sum(rows_n)::bigint as projects, sum(investment_yi) as investment_yi,
           coalesce(sum(rows_n) filter (where stage = 'construction'), 0)::bigint as projects_under_construction
    from project_cells  -- the projects counted per cell at consolidation (data.PROJECT_CELLS)
    where period = $period
      and picked(sector_id, $sectors)
    group by park_id
)
select
    k.park_id, k.park_order, k.tier, k.tier_zh, k.tier_en, k.name_zh, k.name_en, k.focus_sectors,
    k.focus_zh, k.focus_en, k.label_zh, k.label_en, k.lon, k.lat, k.radius_km, k.confidence, k.approximate, k.district_zh,
    coalesce(f.enterprises, 0) as enterprises,
    coalesce(f.output_value_yi, 0) as output_value_yi,
    coalesce(f.leading_enterprises, 0) as leading_enterprises,
    coalesce(p.projects, 0) as projects,
    coalesce(p.investment_yi, 0) as investment_yi,
    coalesce(p.projects_under_construction, 0) as projects_under_construction
from parks as k
left join firms as f using (park_id)
left join pipeline as p using (park_id)
order by k.park_order

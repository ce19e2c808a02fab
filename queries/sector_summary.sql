-- One row per sector (八大工程) for snapshot $period: enterprises, output (亿元, last 12 months) and its share and year-on-year growth, projects and investment; only $parks, and of those only $sectors are returned, shares staying shares of all sectors (empty list = all). Params: $period, $parks, $sectors.
with months as (
    select add_months($period, -11) as this_from,
           add_months($period, -23) as last_from,
           add_months($period, -12) as last_to
),
output as (
    select i.sector_id,
           sum(i.value) filter (where i.month >= m.this_from) as output_value_yi,
           sum(i.value) filter (where i.month between m.last_from and m.last_to) as output_prev_yi
    from indicators as i
    cross join months as m
    join indicator_defs as d using (indicator_code)
    where i.period = $period and d.kind = 'money'
      and picked(i.park_id, $parks)
    group by i.sector_id
),
firms as (
    select sector_id, sum(rows_n)::bigint as enterprises from enterprise_cells  -- counted at consolidation
    where period = $period and picked(park_id, $parks)
    group by sector_id
),
pipeline as (
    select sector_id, sum(rows_n)::bigint as projects, sum(investment_yi) as investment_yi
    from project_cells  -- the projects counted per cell at consolidation (data.PROJECT_CELLS)
    where period = $period and picked(park_id, $parks)
    group by sector_id
)
select
    s.sector_id, s.sector_order, s.name_zh, s.name_en, s.project_zh, s.focus_zh, s.focus_en, s.color,
    coalesce(f.enterprises, 0) as enterprises,
    coalesce(o.output_value_yi, 0) as output_value_yi,
    coalesce(o.output_value_yi, 0) / nullif(sum(coalesce(o.output_value_yi, 0)) over (), 0) as output_share,
    o.output_value_yi / nullif(o.output_prev_yi, 0) - 1 as output_yoy,
    coalesce(p.projects, 0) as projects,
    coalesce(p.investment_yi, 0) as investment_yi
from sectors as s
left join output as o using (sector_id)
left join firms as f using (sector_id)
left join pipeline as p using (sector_id)
-- after the window: output_share stays a share of every sector
qualify picked(s.sector_id, $sectors)
order by s.sector_order

-- One row per sector and park for snapshot $period (every pair of $parks × $sectors, zeros included; empty list = all): enterprises, output (亿元, last 12 months), projects, investment. Params: $period, $parks, $sectors.
with firms as (
    select sector_id, park_id, sum(rows_n)::bigint as enterprises, sum(output_value_yi) as output_value_yi
    from enterprise_cells where period = $period group by all  -- counted at consolidation
),
pipeline as (
    select sector_id, park_id, sum(rows_n)::bigint as projects, sum(investment_yi) as investment_yi
    from project_cells where period = $period group by all  -- counted at consolidation
)
select
    s.sector_id, s.sector_order, s.name_zh as sector_zh, s.name_en as sector_en,
    k.park_id, k.park_order, k.name_zh as park_zh, k.name_en as park_en, k.tier,
    coalesce(f.enterprises, 0) as enterprises,
    coalesce(f.output_value_yi, 0) as output_value_yi,
    coalesce(p.projects, 0) as projects,
    coalesce(p.investment_yi, 0) as investment_yi
from sectors as s
cross join parks as k
left join firms as f on f.sector_id = s.sector_id and f.park_id = k.park_id
left join pipeline as p on p.sector_id = s.sector_id and p.park_id = k.park_id
where picked(k.park_id, $parks) and picked(s.sector_id, $sectors)
order by s.sector_order, k.park_order

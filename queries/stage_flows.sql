-- One row per (from_stage, to_stage) between snapshots $period_from and $period_to with the projects that made that move; from_stage null = entered the pipeline, to_stage null = left it. Params: $period_from, $period_to, $parks, $sectors.
select
    from_stage,
    to_stage,
    sum(projects)::bigint as projects,
    sum(investment_yi) as investment_yi
from stage_flow_cells($period_from, $period_to)
where in_scope(park_id, sector_id, $parks, $sectors)
group by all
order by from_stage nulls first, to_stage nulls last

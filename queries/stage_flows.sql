-- One row per (from_stage, to_stage) between snapshots $period_from and $period_to with the projects that made that move; from_stage null = entered the pipeline, to_stage null = left it. Params: $period_from, $period_to, $parks, $sectors.
with before as (
    select project_id, stage, park_id, sector_id, investment_yi from projects where period = $period_from
),
after as (
    select project_id, stage, park_id, sector_id, investment_yi from projects where period = $period_to
)
select
    b.stage as from_stage,
    a.stage as to_stage,
    count(*) as projects,
    sum(coalesce(a.investment_yi, b.investment_yi)) as investment_yi
from before as b
full outer join after as a using (project_id)
where (len($parks::varchar[]) = 0 or list_contains($parks::varchar[], coalesce(a.park_id, b.park_id)))
  and (len($sectors::varchar[]) = 0 or list_contains($sectors::varchar[], coalesce(a.sector_id, b.sector_id)))
group by all
order by from_stage nulls first, to_stage nulls last

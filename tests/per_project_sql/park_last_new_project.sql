-- One row per park: the last month a project entered the pipeline there, as seen in any snapshot up to $period (projects that later left count too); null = never. Params: $period.
-- Projects are counted once per park by grouping (park, project) pairs rather than count(distinct),
-- which has to hold every id in memory at once; a grouping can spill to disk.
with recent as (
    select park_id, count(*) as new_projects_12m
    from (
        select distinct park_id, project_id
        from projects
        where period <= $period and entered_month <= $period
          and entered_month > add_months($period, -12)
    )
    group by park_id
),
latest as (
    select park_id, max(entered_month) as last_new_project
    from projects
    where period <= $period and entered_month <= $period
    group by park_id
)
select k.park_id, k.park_order, k.name_zh, k.name_en, l.last_new_project,
       coalesce(r.new_projects_12m, 0) as new_projects_12m
from parks as k
left join latest as l on l.park_id = k.park_id
left join recent as r on r.park_id = k.park_id
order by k.park_order

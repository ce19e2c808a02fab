-- One row per park: the last month a project entered the pipeline there, as seen in any snapshot up to $period (projects that later left count too); null = never. Params: $period.
-- Read from what consolidation stored (data.ENTRY_WINDOWS_SQL, data.ENTRY_MONTHS_SQL): the runs of
-- months in which a park's projects count as new (entered within 12 months, seen by then), and the
-- month each entered from the snapshot first showing it; not every project of every snapshot.
with recent as (
    select park_id, sum(projects)::bigint as new_projects_12m
    from park_entry_windows
    where from_month <= $period and $period <= to_month
    group by park_id
),
latest as (
    select park_id, max(entered_month) as last_new_project
    from park_entry_months
    where seen_from <= $period
    group by park_id
)
select k.park_id, k.park_order, k.name_zh, k.name_en, l.last_new_project,
       coalesce(r.new_projects_12m, 0) as new_projects_12m
from parks as k
left join latest as l on l.park_id = k.park_id
left join recent as r on r.park_id = k.park_id
order by k.park_order

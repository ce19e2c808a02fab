-- One row per park: the last month a project entered the pipeline there, as seen in any snapshot up to $period (projects that later left count too); null = never. Params: $period.
select k.park_id, k.park_order, k.name_zh, k.name_en,
       max(p.entered_month) as last_new_project,
       count(distinct p.project_id) filter (where p.entered_month > strftime(strptime($period, '%Y-%m') - interval 12 month, '%Y-%m')) as new_projects_12m
from parks as k
left join projects as p on p.park_id = k.park_id and p.period <= $period and p.entered_month <= $period
group by all
order by k.park_order

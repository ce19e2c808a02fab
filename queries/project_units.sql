-- One row per project among $project_ids in snapshot $period: every column of the project that month (its responsible unit among them, where the snapshot has one). Params: $period, $project_ids.
select p.*
from projects as p
where p.period = $period and list_contains($project_ids::varchar[], p.project_id)
order by p.project_id

-- One row per recorded pipeline event of project $project_id (entered, advanced, terminated, completed …), oldest first: the month, the stages it moved between and the reason given. Params: $project_id.
select e.period, e.event, e.from_stage, e.to_stage, e.reason_zh, e.reason_en
from project_events as e
where e.project_id = $project_id
order by e.period, e.event

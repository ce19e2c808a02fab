-- One row per stage a project held in snapshot $cohort_period and where it stood in snapshot $end_period (a later stage, the same stage, or out of the pipeline: completed, terminated or otherwise left), with the projects and their investment (亿元). Params: $cohort_period, $end_period.
with cohort as (
    select project_id, stage, investment_yi from projects where period = $cohort_period
),
later as (
    select project_id, stage from projects where period = $end_period
),
exits as (
    select project_id, arg_max(event, period) as exit_event
    from project_events
    where period > $cohort_period and period <= $end_period and event in ('terminated', 'completed')
    group by all
)
select
    c.stage as from_stage,
    fs.stage_order as from_order,
    coalesce(l.stage, coalesce(x.exit_event, 'left')) as to_state,
    case
        when l.stage is null then 'left'
        when ts.stage_order > fs.stage_order then 'moved_up'
        when ts.stage_order = fs.stage_order then 'stayed'
        else 'moved_back' end as outcome,
    count(*) as projects,
    sum(c.investment_yi) as investment_yi
from cohort as c
join stages as fs on fs.stage_id = c.stage
left join later as l using (project_id)
left join stages as ts on ts.stage_id = l.stage
left join exits as x using (project_id)
group by all
order by from_order, outcome, to_state

-- One row per project that entered, left, moved stage or changed investment between snapshots $period_from and $period_to, with the reason recorded in project_events for a departure; only $parks and $sectors (empty list = all). The $limit rows with the largest investment (before or after; null = every row), listed by change and project id. Params: $period_from, $period_to, $parks, $sectors, $limit.
with before as (select * from projects where period = $period_from),
after as (select * from projects where period = $period_to),
departures as (
    select project_id, arg_max(event, period) as event, arg_max(reason_zh, period) as reason_zh,
           arg_max(reason_en, period) as reason_en, max(period) as left_in
    from project_events
    where period > $period_from and period <= $period_to and to_stage is null
    group by project_id
),
changes as (
    select
        coalesce(a.project_id, b.project_id) as project_id,
        coalesce(a.name_zh, b.name_zh) as name_zh,
        coalesce(a.name_en, b.name_en) as name_en,
        coalesce(a.park_id, b.park_id) as park_id,
        coalesce(a.sector_id, b.sector_id) as sector_id,
        case when b.project_id is null then 'added'
             when a.project_id is null then 'removed'
             when a.stage <> b.stage then 'stage_moved'
             else 'investment_changed' end as change,
        b.stage as from_stage, a.stage as to_stage,
        b.investment_yi as investment_before, a.investment_yi as investment_after,
        coalesce(a.is_demo, b.is_demo) as is_demo
    from before as b
    full outer join after as a using (project_id)
    where b.project_id is null or a.project_id is null or a.stage <> b.stage
       or abs(a.investment_yi - b.investment_yi) > 1e-9
)
select * from (
select
    c.*,
    fs.stage_order as from_order, ts.stage_order as to_order,
    k.name_zh as park_zh, k.name_en as park_en,
    d.event as departure_event, d.left_in,
    coalesce(d.reason_zh, e.reason_zh) as reason_zh,
    coalesce(d.reason_en, e.reason_en) as reason_en
from changes as c
left join stages as fs on fs.stage_id = c.from_stage
left join stages as ts on ts.stage_id = c.to_stage
left join parks as k on k.park_id = c.park_id
left join departures as d on d.project_id = c.project_id and c.change = 'removed'
left join (
    select project_id, arg_max(reason_zh, period) as reason_zh, arg_max(reason_en, period) as reason_en
    from project_events
    where period > $period_from and period <= $period_to and reason_zh is not null and to_stage is not null
    group by project_id
) as e on e.project_id = c.project_id and c.change = 'stage_moved'
where (len($parks::varchar[]) = 0 or list_contains($parks::varchar[], c.park_id))
  and (len($sectors::varchar[]) = 0 or list_contains($sectors::varchar[], c.sector_id))
order by greatest(coalesce(c.investment_after, 0), coalesce(c.investment_before, 0)) desc, c.project_id
limit $limit
)
order by change, project_id

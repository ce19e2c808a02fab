-- One row per project that entered, left, moved stage or changed investment between snapshots $period_from and $period_to, with the reason recorded in project_events for a departure; only $parks and $sectors (empty list = all). The $limit rows with the largest investment (before or after; null = every row), listed by change and project id. Params: $period_from, $period_to, $parks, $sectors, $limit.
-- The two snapshots are joined on narrow columns only; names are looked up for the rows kept, so
-- the join's memory does not carry every project's names.
with before as (select project_id, park_id, sector_id, stage, investment_yi, is_demo from projects where period = $period_from),
after as (select project_id, park_id, sector_id, stage, investment_yi, is_demo from projects where period = $period_to),
departures as (
    select project_id, arg_max(event, period) as event, arg_max(reason_zh, period) as reason_zh,
           arg_max(reason_en, period) as reason_en, max(period) as left_in
    from project_events
    where period > $period_from and period <= $period_to and to_stage is null
    group by project_id
),
kept as (
    select
        coalesce(a.project_id, b.project_id) as project_id,
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
    where (b.project_id is null or a.project_id is null or a.stage <> b.stage
           or abs(a.investment_yi - b.investment_yi) > 1e-9)
      and (len($parks::varchar[]) = 0 or list_contains($parks::varchar[], coalesce(a.park_id, b.park_id)))
      and (len($sectors::varchar[]) = 0 or list_contains($sectors::varchar[], coalesce(a.sector_id, b.sector_id)))
    order by greatest(coalesce(a.investment_yi, 0), coalesce(b.investment_yi, 0)) desc, project_id
    limit $limit
)
select
    c.project_id,
    coalesce(na.name_zh, nb.name_zh) as name_zh,
    coalesce(na.name_en, nb.name_en) as name_en,
    c.park_id, c.sector_id, c.change, c.from_stage, c.to_stage, c.investment_before, c.investment_after, c.is_demo,
    fs.stage_order as from_order, ts.stage_order as to_order,
    k.name_zh as park_zh, k.name_en as park_en,
    d.event as departure_event, d.left_in,
    coalesce(d.reason_zh, e.reason_zh) as reason_zh,
    coalesce(d.reason_en, e.reason_en) as reason_en
from kept as c
left join (select project_id, name_zh, name_en from projects where period = $period_to) as na using (project_id)
left join (select project_id, name_zh, name_en from projects where period = $period_from) as nb using (project_id)
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
order by c.change, c.project_id

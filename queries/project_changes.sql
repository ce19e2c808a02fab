-- One row per project that entered, left, moved stage or changed investment between snapshots $period_from and $period_to, with the reason recorded in project_events for a departure; only $parks and $sectors (empty list = all). The $limit rows with the largest investment (before or after; null = every row), listed by change and project id. Params: $period_from, $period_to, $parks, $sectors, $limit.
with departures as (
    select project_id, arg_max(event, period) as event, arg_max(reason_zh, period) as reason_zh,
           arg_max(reason_en, period) as reason_en, max(period) as left_in
    from project_events
    where period > $period_from and period <= $period_to and to_stage is null
    group by project_id
),
kept as (
    select * exclude (name_zh, name_en)  -- ranked on narrow columns; names joined below
    from project_diff($period_from, $period_to)
    where in_scope(park_id, sector_id, $parks, $sectors)
    order by greatest(coalesce(investment_after, 0), coalesce(investment_before, 0)) desc, project_id
    limit $limit
)
select
    c.project_id,
    coalesce(ns.name_zh, na.name_zh, nb.name_zh) as name_zh,
    coalesce(ns.name_en, na.name_en, nb.name_en) as name_en,
    c.park_id, c.sector_id, c.change, c.from_stage, c.to_stage, c.investment_before, c.investment_after, c.is_demo,
    fs.stage_order as from_order, ts.stage_order as to_order,
    k.name_zh as park_zh, k.name_en as park_en,
    d.event as departure_event, d.left_in,
    coalesce(d.reason_zh, e.reason_zh) as reason_zh,
    coalesce(d.reason_en, e.reason_en) as reason_en
from kept as c
-- names: stored with a stored pair's rows (then the two lookups after are planned away)
left join project_diff_names($period_from, $period_to) as ns using (project_id)
left join (select project_id, name_zh, name_en from projects
           where period = $period_to and not diff_stored()) as na using (project_id)
left join (select project_id, name_zh, name_en from projects
           where period = $period_from and not diff_stored()) as nb using (project_id)
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

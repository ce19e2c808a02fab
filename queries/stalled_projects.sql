-- One row per stalled project in snapshot $period, most severe rule first, then longest in its stage, then project id, at most $limit rows: the project, its park, stage, months in stage and the project_stalled rule that fired with its month limit; the rules come as parallel lists, one entry per rule and stage, most severe first ($rule_ids, $rule_ranks, $rule_stages, $rule_months); only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors, $rule_ids, $rule_ranks, $rule_stages, $rule_months, $limit.
with limits as (
    select unnest($rule_ids::varchar[]) as rule_id, unnest($rule_ranks::integer[]) as rule_rank,
           unnest($rule_stages::varchar[]) as stage, unnest($rule_months::double[]) as months,
           unnest(range(len($rule_ids::varchar[]))) as rule_pos
),
projects_in as (
    select p.project_id, p.name_zh, p.name_en, p.park_id, p.sector_id, p.stage, p.stage_since, p.investment_yi, p.is_demo
    from projects as p
    where p.period = $period
      and (len($parks::varchar[]) = 0 or list_contains($parks::varchar[], p.park_id))
      and (len($sectors::varchar[]) = 0 or list_contains($sectors::varchar[], p.sector_id))
),
fired as (
    -- rules evaluated per (stage, stage_since) cell, a few hundred however many projects; the
    -- projects then only look their cell up
    select c.stage, c.stage_since, c.months_in_stage, arg_min(l.rule_id, l.rule_pos) as rule_id,
           arg_min(l.rule_rank, l.rule_pos) as rule_rank, arg_min(l.months, l.rule_pos) as months_limit
    from (
        select stage, stage_since,
               date_diff('month', strptime(stage_since, '%Y-%m'), strptime($period, '%Y-%m')) as months_in_stage
        from (select distinct stage, stage_since from projects_in)
    ) as c
    join limits as l on l.stage = c.stage and c.months_in_stage > l.months
    group by all
)
select
    a.project_id, a.name_zh, a.name_en, a.park_id, k.name_zh as park_zh, k.name_en as park_en, a.sector_id,
    a.stage, g.stage_order, a.stage_since, f.months_in_stage, a.investment_yi, a.is_demo,
    f.rule_id, f.months_limit
from projects_in as a
join fired as f using (stage, stage_since)
join parks as k using (park_id)
join stages as g on g.stage_id = a.stage
order by f.rule_rank desc, f.months_in_stage desc, a.project_id
limit $limit

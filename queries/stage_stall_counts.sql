-- One row per stage and project_stalled rule that fired in snapshot $period (rule_id null = not stalled): projects; the rules come as parallel lists, one entry per rule and stage, most severe first ($rule_ids, $rule_stages, $rule_months), and a project is stalled by the first entry for its stage whose months it exceeds; only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors, $rule_ids, $rule_stages, $rule_months.
with limits as (
    select unnest($rule_ids::varchar[]) as rule_id, unnest($rule_stages::varchar[]) as stage,
           unnest($rule_months::double[]) as months, unnest(range(len($rule_ids::varchar[]))) as rule_pos
),
ages as (
    -- a few hundred (stage, stage_since) cells however many projects: rules are evaluated per cell
    select stage, date_diff('month', strptime(stage_since, '%Y-%m'), strptime($period, '%Y-%m')) as months_in_stage,
           sum(projects) as projects
    from (
        select p.stage, p.stage_since, count(*) as projects
        from projects as p
        where p.period = $period
          and (len($parks::varchar[]) = 0 or list_contains($parks::varchar[], p.park_id))
          and (len($sectors::varchar[]) = 0 or list_contains($sectors::varchar[], p.sector_id))
        group by all
    )
    group by all
),
fired as (
    select a.stage, a.months_in_stage, arg_min(l.rule_id, l.rule_pos) as rule_id
    from ages as a
    join limits as l on l.stage = a.stage and a.months_in_stage > l.months
    group by all
)
select a.stage, g.stage_order, f.rule_id, sum(a.projects)::bigint as projects
from ages as a
left join fired as f using (stage, months_in_stage)
join stages as g on g.stage_id = a.stage
group by all
order by g.stage_order, f.rule_id nulls first

-- One row per stalled project in snapshot $period, most severe rule first, then longest in its stage, then project id, at most $limit rows: the project, its park, stage, months in stage and the project_stalled rule that fired with its month limit; the rules come as parallel lists, one entry per rule and stage, most severe first ($rule_ids, $rule_ranks, $rule_stages, $rule_months); only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors, $rule_ids, $rule_ranks, $rule_stages, $rule_months, $limit.
with fired as (
    select stage, months_in_stage, rule_id, rule_rank, months_limit
    from stall_cells($period, $parks, $sectors, $rule_ids, $rule_ranks, $rule_stages, $rule_months)
    where rule_id is not null
)
select
    p.project_id, p.name_zh, p.name_en, p.park_id, k.name_zh as park_zh, k.name_en as park_en, p.sector_id,
    p.stage, g.stage_order, p.stage_since, f.months_in_stage, p.investment_yi, p.is_demo,
    f.rule_id, f.months_limit
from projects as p
join fired as f on f.stage = p.stage and f.months_in_stage = months_between(p.stage_since, $period)
join parks as k on k.park_id = p.park_id
join stages as g on g.stage_id = p.stage
where p.period = $period and in_scope(p.park_id, p.sector_id, $parks, $sectors)
order by f.rule_rank desc, f.months_in_stage desc, p.project_id
limit $limit

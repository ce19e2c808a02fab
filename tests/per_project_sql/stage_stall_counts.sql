-- One row per stage and project_stalled rule that fired in snapshot $period (rule_id null = not stalled): projects; the rules come as parallel lists, one entry per rule and stage, most severe first ($rule_ids, $rule_ranks, $rule_stages, $rule_months), and a project is stalled by the first entry for its stage whose months it exceeds; only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors, $rule_ids, $rule_ranks, $rule_stages, $rule_months.
select c.stage, g.stage_order, c.rule_id, sum(c.projects)::bigint as projects
from stall_cells($period, $parks, $sectors, $rule_ids, $rule_ranks, $rule_stages, $rule_months) as c
join stages as g on g.stage_id = c.stage
group by all
order by g.stage_order, c.rule_id nulls first

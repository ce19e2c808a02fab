-- Macro: months in the current stage, counted per (stage, months) cell rather than per project, so
-- rules and quartiles are evaluated on a few hundred cells however many projects there are; read
-- from project_cells (the projects counted at consolidation, data.PROJECT_CELLS), not the projects.
-- stage_ages(at_period, chosen_parks, chosen_sectors): one row per stage and months in it, in
--   snapshot at_period: projects; only the chosen parks and sectors (empty list = all).
-- stall_cells_since(at_period, chosen_parks, chosen_sectors, rule_ids, rule_ranks, rule_stages,
--   rule_months): one row per stage and month entered it (stage_since), with its months in stage,
--   projects and the project_stalled rule that fires there: the first entry of the parallel rule
--   lists (most severe first) for the stage whose months it exceeds (rule_id, rule_rank,
--   months_limit; null = not stalled). The stalled list matches projects to these on stage_since.
-- stall_cells(the same arguments): those rows per stage and months in it. Counts read these.
create or replace macro stage_ages(at_period, chosen_parks, chosen_sectors) as table
    select stage, months_between(stage_since, at_period) as months_in_stage, sum(rows_n)::bigint as projects
    from project_cells
    where period = at_period and in_scope(park_id, sector_id, chosen_parks, chosen_sectors)
    group by all;

create or replace macro stall_cells_since(at_period, chosen_parks, chosen_sectors,
                                          rule_ids, rule_ranks, rule_stages, rule_months) as table
    with limits as (
        select unnest(rule_ids::varchar[]) as rule_id, unnest(rule_ranks::integer[]) as rule_rank,
               unnest(rule_stages::varchar[]) as stage, unnest(rule_months::double[]) as months,
               unnest(range(len(rule_ids::varchar[]))) as rule_pos
    ),
    cells as (
        select stage, stage_since, months_between(stage_since, at_period) as months_in_stage,
               sum(rows_n)::bigint as projects
        from project_cells
        where period = at_period and in_scope(park_id, sector_id, chosen_parks, chosen_sectors)
        group by all
    ),
    fired as (
        select c.stage, c.stage_since, arg_min(l.rule_id, l.rule_pos) as rule_id,
               arg_min(l.rule_rank, l.rule_pos) as rule_rank,
               arg_min(l.months, l.rule_pos) as months_limit
        from cells as c
        join limits as l on l.stage = c.stage and c.months_in_stage > l.months
        group by all
    )
    select c.stage, c.stage_since, c.months_in_stage, c.projects, f.rule_id, f.rule_rank, f.months_limit
    from cells as c
    left join fired as f using (stage, stage_since);

create or replace macro stall_cells(at_period, chosen_parks, chosen_sectors,
                                    rule_ids, rule_ranks, rule_stages, rule_months) as table
    select stage, months_in_stage, sum(projects)::bigint as projects, rule_id, rule_rank, months_limit
    from stall_cells_since(at_period, chosen_parks, chosen_sectors,
                           rule_ids, rule_ranks, rule_stages, rule_months)
    group by all;

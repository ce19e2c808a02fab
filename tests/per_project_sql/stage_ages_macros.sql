-- Macro: months in the current stage, counted per (stage, months) cell rather than per project, so
-- rules and quartiles are evaluated on a few hundred cells however many projects there are.
-- stage_ages(at_period, chosen_parks, chosen_sectors): one row per stage and months in it, in
--   snapshot at_period: projects; only the chosen parks and sectors (empty list = all).
-- stall_cells(at_period, chosen_parks, chosen_sectors, rule_ids, rule_ranks, rule_stages,
--   rule_months): the same rows with the project_stalled rule that fires there: the first entry of
--   the parallel rule lists (most severe first) for the stage whose months it exceeds (rule_id,
--   rule_rank, months_limit; null = not stalled). Counts and the stalled list both read these.
create or replace macro stage_ages(at_period, chosen_parks, chosen_sectors) as table
    select stage, months_between(stage_since, at_period) as months_in_stage, count(*) as projects
    from projects
    where period = at_period and in_scope(park_id, sector_id, chosen_parks, chosen_sectors)
    group by all;

create or replace macro stall_cells(at_period, chosen_parks, chosen_sectors,
                                    rule_ids, rule_ranks, rule_stages, rule_months) as table
    with limits as (
        select unnest(rule_ids::varchar[]) as rule_id, unnest(rule_ranks::integer[]) as rule_rank,
               unnest(rule_stages::varchar[]) as stage, unnest(rule_months::double[]) as months,
               unnest(range(len(rule_ids::varchar[]))) as rule_pos
    ),
    cells as (select * from stage_ages(at_period, chosen_parks, chosen_sectors)),
    fired as (
        select c.stage, c.months_in_stage, arg_min(l.rule_id, l.rule_pos) as rule_id,
               arg_min(l.rule_rank, l.rule_pos) as rule_rank,
               arg_min(l.months, l.rule_pos) as months_limit
        from cells as c
        join limits as l on l.stage = c.stage and c.months_in_stage > l.months
        group by all
    )
    select c.stage, c.months_in_stage, c.projects, f.rule_id, f.rule_rank, f.months_limit
    from cells as c
    left join fired as f using (stage, months_in_stage);

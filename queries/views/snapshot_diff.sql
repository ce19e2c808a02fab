-- Macro: what changed between two snapshots, by joining them, written once, so the change lists
-- and their counts come from the same rows. The snapshots are joined on narrow columns only;
-- queries look names up for the rows they keep (the stored rows hold them: queries/build/). Queries call the macros of stored_diff.sql, which
-- read these rows precomputed for the pairs the pages compare by default (data.build_consolidated).
-- project_pairs(period_from, period_to): one row per project in either snapshot, before (b_*) and
--   after (a_*) side by side (a null id = not in that snapshot); stage flows count these.
-- project_diff_joined(period_from, period_to): one row per project that entered, left, moved stage
--   or changed investment: change is added, removed, stage_moved or investment_changed.
-- enterprise_diff_joined(period_from, period_to): one row per enterprise that appeared, disappeared
--   or changed a flag (链主, 上市, 规上, 专精特新): change is added, removed or flags_changed.
-- stage_flow_cells_joined(period_from, period_to): one row per park, sector, from_stage and
--   to_stage with the projects (of project_pairs) that made that move and their investment.
create or replace macro project_pairs(period_from, period_to) as table
    select
        coalesce(a.project_id, b.project_id) as project_id,
        coalesce(a.park_id, b.park_id) as park_id,
        coalesce(a.sector_id, b.sector_id) as sector_id,
        b.project_id as b_project_id, a.project_id as a_project_id,
        b.stage as from_stage, a.stage as to_stage,
        b.investment_yi as investment_before, a.investment_yi as investment_after,
        coalesce(a.is_demo, b.is_demo) as is_demo
    from (select project_id, park_id, sector_id, stage, investment_yi, is_demo
          from projects where period = period_from) as b
    full outer join (select project_id, park_id, sector_id, stage, investment_yi, is_demo
                     from projects where period = period_to) as a using (project_id);

create or replace macro project_diff_joined(period_from, period_to) as table
    select
        project_id, park_id, sector_id,
        case when b_project_id is null then 'added'
             when a_project_id is null then 'removed'
             when to_stage <> from_stage then 'stage_moved'
             else 'investment_changed' end as change,
        from_stage, to_stage, investment_before, investment_after, is_demo,
        null::varchar as name_zh, null::varchar as name_en  -- looked up for the rows kept
    from project_pairs(period_from, period_to)
    where b_project_id is null or a_project_id is null or to_stage <> from_stage
       or abs(investment_after - investment_before) > 1e-9;

create or replace macro enterprise_diff_joined(period_from, period_to) as table
    select
        coalesce(a.enterprise_id, b.enterprise_id) as enterprise_id,
        coalesce(a.park_id, b.park_id) as park_id,
        coalesce(a.sector_id, b.sector_id) as sector_id,
        case when b.enterprise_id is null then 'added'
             when a.enterprise_id is null then 'removed'
             else 'flags_changed' end as change,
        concat_ws(';',
            case when a.is_chain_leader and not b.is_chain_leader then '+chain_leader' end,
            case when a.is_listed and not b.is_listed then '+listed' end,
            case when a.is_above_scale and not b.is_above_scale then '+above_scale' end,
            case when a.is_srdi and not b.is_srdi then '+srdi' end,
            case when not a.is_chain_leader and b.is_chain_leader then '-chain_leader' end,
            case when not a.is_listed and b.is_listed then '-listed' end,
            case when not a.is_above_scale and b.is_above_scale then '-above_scale' end,
            case when not a.is_srdi and b.is_srdi then '-srdi' end) as flag_changes,
        b.output_value_yi as output_before, a.output_value_yi as output_after,
        coalesce(a.is_demo, b.is_demo) as is_demo,
        null::varchar as name_zh, null::varchar as name_en  -- looked up for the rows kept
    from (select enterprise_id, park_id, sector_id, is_chain_leader, is_listed, is_above_scale,
                 is_srdi, output_value_yi, is_demo
          from enterprises where period = period_from) as b
    full outer join (select enterprise_id, park_id, sector_id, is_chain_leader, is_listed,
                            is_above_scale, is_srdi, output_value_yi, is_demo
                     from enterprises where period = period_to) as a using (enterprise_id)
    where b.enterprise_id is null or a.enterprise_id is null
       or a.is_chain_leader <> b.is_chain_leader or a.is_listed <> b.is_listed
       or a.is_above_scale <> b.is_above_scale or a.is_srdi <> b.is_srdi;

create or replace macro stage_flow_cells_joined(period_from, period_to) as table
    select park_id, sector_id, from_stage, to_stage, count(*) as projects,
           sum(coalesce(investment_after, investment_before)) as investment_yi
    from project_pairs(period_from, period_to)
    group by all;

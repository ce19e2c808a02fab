-- One row per snapshot period project $project_id appears in, oldest first: every column of the project that month (responsible unit and planned milestones where the snapshot has them), its park and sector names, months in its stage, and the investment of the snapshot before (null in the first) so revisions can be marked. Params: $project_id.
select
    p.*,
    k.name_zh as park_zh, k.name_en as park_en, k.tier,
    s.name_zh as sector_zh, s.name_en as sector_en,
    g.stage_order,
    months_between(p.stage_since, p.period) as months_in_stage,
    lag(p.investment_yi) over (order by p.period) as previous_investment_yi
from projects_by_id as p  -- sorted by id: one row group read (data.BY_ID)
left join parks as k using (park_id)
left join sectors as s using (sector_id)
left join stages as g on g.stage_id = p.stage
where p.project_id = $project_id
order by p.period

-- One row per project in park $park_id in snapshot $period, furthest stage first, then largest investment, at most $limit rows: stage, months in it, investment, responsible unit (null where the snapshot has none). Params: $period, $park_id, $limit.
-- The list is ordered by stage first, so the counted cells (data.CELLS_SQL) tell which stages
-- its $limit rows come from: only those stages' projects are sorted (at 10,000x the top stage).
with stage_rows as (  -- the stages the first $limit rows come from (the list is ordered by stage first)
    select c.stage, g.stage_order, sum(c.rows_n) as n
    from project_cells as c join stages as g on g.stage_id = c.stage
    where c.period = $period and c.park_id = $park_id
    group by all
),
kept as (
    select stage from stage_rows
    qualify $limit is null or sum(n) over (order by stage_order desc) - n < $limit
)
select
    p.*,
    s.name_zh as sector_zh, s.name_en as sector_en, g.stage_order,
    months_between(p.stage_since, $period) as months_in_stage
from projects as p
left join sectors as s using (sector_id)
join stages as g on g.stage_id = p.stage
where p.period = $period and p.park_id = $park_id and p.stage in (select stage from kept)
order by g.stage_order desc, p.investment_yi desc, p.project_id
limit $limit

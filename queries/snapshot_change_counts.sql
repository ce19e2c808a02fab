-- One row per table (projects, enterprises) and change type between snapshots $period_from and $period_to: how many rows changed that way, the same rows project_changes and enterprise_changes list; only $parks and $sectors (empty list = all). Params: $period_from, $period_to, $parks, $sectors.
with pb as (select project_id, park_id, sector_id, stage, investment_yi from projects where period = $period_from),
pa as (select project_id, park_id, sector_id, stage, investment_yi from projects where period = $period_to),
eb as (select enterprise_id, park_id, sector_id, is_chain_leader, is_listed, is_above_scale, is_srdi
       from enterprises where period = $period_from),
ea as (select enterprise_id, park_id, sector_id, is_chain_leader, is_listed, is_above_scale, is_srdi
       from enterprises where period = $period_to),
project_rows as (
    select
        case when b.project_id is null then 'added'
             when a.project_id is null then 'removed'
             when a.stage <> b.stage then 'stage_moved'
             else 'investment_changed' end as change,
        coalesce(a.park_id, b.park_id) as park_id, coalesce(a.sector_id, b.sector_id) as sector_id
    from pb as b
    full outer join pa as a using (project_id)
    where b.project_id is null or a.project_id is null or a.stage <> b.stage
       or abs(a.investment_yi - b.investment_yi) > 1e-9
),
enterprise_rows as (
    select
        case when b.enterprise_id is null then 'added'
             when a.enterprise_id is null then 'removed'
             else 'flags_changed' end as change,
        coalesce(a.park_id, b.park_id) as park_id, coalesce(a.sector_id, b.sector_id) as sector_id
    from eb as b
    full outer join ea as a using (enterprise_id)
    where b.enterprise_id is null or a.enterprise_id is null
       or a.is_chain_leader <> b.is_chain_leader or a.is_listed <> b.is_listed
       or a.is_above_scale <> b.is_above_scale or a.is_srdi <> b.is_srdi
),
both_tables as (
    select 'projects' as table_name, * from project_rows
    union all
    select 'enterprises' as table_name, * from enterprise_rows
)
select table_name, change, count(*) as changes
from both_tables
where (len($parks::varchar[]) = 0 or list_contains($parks::varchar[], park_id))
  and (len($sectors::varchar[]) = 0 or list_contains($sectors::varchar[], sector_id))
group by all
order by table_name desc, change

-- One row per table (projects, enterprises) and change type between snapshots $period_from and $period_to: how many rows changed that way, the same rows project_changes and enterprise_changes list; only $parks and $sectors (empty list = all). Params: $period_from, $period_to, $parks, $sectors.
with both_tables as (
    select 'projects' as table_name, change, park_id, sector_id from project_diff($period_from, $period_to)
    union all
    select 'enterprises' as table_name, change, park_id, sector_id from enterprise_diff($period_from, $period_to)
)
select table_name, change, count(*) as changes
from both_tables
where in_scope(park_id, sector_id, $parks, $sectors)
group by all
order by table_name desc, change

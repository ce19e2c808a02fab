-- One row per indicator and month that both snapshots $period_from and $period_to hold with a different total (a revision: the later snapshot restated an old month): value before, value after, change; only $parks and $sectors (empty list = all). The $limit largest revisions by size (null = every one), listed newest month first, and total_revisions, how many there are in all. Params: $period_from, $period_to, $parks, $sectors, $limit.
with totals as (
    select period, month, indicator_code, sum(value) as value, bool_or(is_preliminary) as is_preliminary
    from indicators
    where period in ($period_from, $period_to)
      and month <= least($period_from, $period_to)
      and in_scope(park_id, sector_id, $parks, $sectors)
    group by all
),
paired as (
    select coalesce(b.month, a.month) as month, coalesce(b.indicator_code, a.indicator_code) as indicator_code,
           coalesce(b.value, 0) as value_before, coalesce(a.value, 0) as value_after,
           coalesce(b.is_preliminary, false) as was_preliminary
    from (select * from totals where period = $period_from) as b
    full outer join (select * from totals where period = $period_to) as a using (month, indicator_code)
)
select * from (
select
    p.month, p.indicator_code, d.indicator_order, d.name_zh, d.name_en, d.unit_zh, d.unit_en,
    p.value_before, p.value_after,
    p.value_after - p.value_before as change,
    (p.value_after - p.value_before) / nullif(p.value_before, 0) as change_share,
    p.was_preliminary,
    count(*) over () as total_revisions
from paired as p
join indicator_defs as d using (indicator_code)
where abs(p.value_after - p.value_before) > 1e-6
order by abs(p.value_after - p.value_before) desc, p.month desc, d.indicator_order
limit $limit
)
order by month desc, indicator_order

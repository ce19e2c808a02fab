-- One row per monitored indicator and month (2022-01 up to $period) as known in snapshot $period: value, month-on-month, year-on-year, year-to-date (money: sum since January; counts: the month's figure) and its year-on-year; only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors.
with grid as (  -- the snapshot's months first, then every indicator: not every row times each
    select m.month, d.indicator_code, d.indicator_order, d.name_zh, d.name_en, d.unit_zh, d.unit_en, d.kind
    from (select distinct month from indicators where period = $period) as m
    cross join indicator_defs as d
),
filtered as (
    select month, indicator_code, sum(value) as value, bool_or(is_preliminary) as is_preliminary
    from indicators
    where period = $period
      and in_scope(park_id, sector_id, $parks, $sectors)
    group by all
),
series as (
    select g.*, coalesce(f.value, 0) as value, coalesce(f.is_preliminary, false) as is_preliminary
    from grid as g left join filtered as f using (month, indicator_code)
),
ytd as (
    select *,
        case when kind = 'money'
             then sum(value) over (partition by indicator_code, left(month, 4) order by month)
             else value end as ytd
    from series
)
select
    month, left(month, 4) as year, indicator_code, indicator_order, name_zh, name_en, unit_zh, unit_en, kind,
    value, is_preliminary,
    value / nullif(lag(value, 1) over by_month, 0) - 1 as mom,
    value / nullif(lag(value, 12) over by_month, 0) - 1 as yoy,
    ytd,
    ytd / nullif(lag(ytd, 12) over by_month, 0) - 1 as ytd_yoy
from ytd
window by_month as (partition by indicator_code order by month)
order by indicator_order, month

-- One row per monitored indicator and calendar quarter (2022-Q1 up to the quarter of $period) as known in snapshot $period: value (money: sum of the quarter's months; counts: the quarter's last month), months covered, quarter-on-quarter, year-on-year, year-to-date; only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors.
with monthly as (
    select i.month, d.indicator_code, d.indicator_order, d.name_zh, d.name_en, d.unit_zh, d.unit_en, d.kind,
           sum(i.value) as value, bool_or(i.is_preliminary) as is_preliminary
    from indicators as i
    join indicator_defs as d using (indicator_code)
    where i.period = $period
      and in_scope(i.park_id, i.sector_id, $parks, $sectors)
    group by all
),
quarters as (
    select
        left(month, 4) || '-Q' || ((cast(right(month, 2) as integer) + 2) // 3) as quarter,
        left(month, 4) as year,
        indicator_code, indicator_order, name_zh, name_en, unit_zh, unit_en, kind,
        case when kind = 'money' then sum(value) else arg_max(value, month) end as value,
        count(*) as months_covered,
        bool_or(is_preliminary) as is_preliminary
    from monthly
    group by quarter, year, indicator_code, indicator_order, name_zh, name_en, unit_zh, unit_en, kind
),
with_ytd as (
    select *,
        case when kind = 'money' then sum(value) over (partition by indicator_code, year order by quarter)
             else value end as ytd
    from quarters
)
select *,
    value / nullif(lag(value, 1) over by_quarter, 0) - 1 as qoq,
    value / nullif(lag(value, 4) over by_quarter, 0) - 1 as yoy,
    ytd / nullif(lag(ytd, 4) over by_quarter, 0) - 1 as ytd_yoy
from with_ytd
window by_quarter as (partition by indicator_code order by quarter)
order by indicator_order, quarter

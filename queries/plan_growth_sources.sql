-- One row per dimension ('park' or 'sector'), member and target of plan $plan_id, as known in snapshot $snapshot: the figure at $baseline_month and at $end_month and the change between them (money: sum of the 12 months to that month; counts: the month's value; new-since-start targets start from 0). Params: $snapshot, $plan_id, $end_month, $baseline_month.
with cells as (
    select i.park_id, i.sector_id, d.target_code, d.kind as indicator_kind, i.month, i.value
    from indicators as i
    join indicator_defs as d using (indicator_code)
    where i.period = $snapshot
),
at_months as (
    select
        c.park_id, c.sector_id, c.target_code, t.kind,
        sum(c.value) filter (where
            case when c.indicator_kind = 'money'
                then c.month > add_months($end_month, -12) and c.month <= $end_month
                else c.month = $end_month end) as end_value,
        sum(c.value) filter (where
            case when c.indicator_kind = 'money'
                then c.month > add_months($baseline_month, -12) and c.month <= $baseline_month
                else c.month = $baseline_month end) as baseline_value
    from cells as c
    join targets as t on t.target_code = c.target_code and t.plan_id = $plan_id
    group by all
),
by_member as (
    select 'park' as dimension, park_id as member_id, target_code, kind,
           sum(coalesce(end_value, 0)) as end_value, sum(coalesce(baseline_value, 0)) as baseline_value
    from at_months group by all
    union all
    select 'sector', sector_id, target_code, kind,
           sum(coalesce(end_value, 0)), sum(coalesce(baseline_value, 0))
    from at_months group by all
)
select
    m.dimension, m.member_id,
    coalesce(p.name_zh, s.name_zh) as member_zh, coalesce(p.name_en, s.name_en) as member_en,
    coalesce(p.park_order, s.sector_order) as member_order,
    m.target_code,
    case when m.kind = 'new_since_start' then 0 else m.baseline_value end as baseline_value,
    m.end_value,
    m.end_value - case when m.kind = 'new_since_start' then 0 else m.baseline_value end as change
from by_member as m
left join parks as p on m.dimension = 'park' and p.park_id = m.member_id
left join sectors as s on m.dimension = 'sector' and s.sector_id = m.member_id
order by m.dimension, m.target_code, member_order

-- One row per 双十双百双千 target and month (plan start up to $period) as known in snapshot $period: the figure, the straight-line pace from the 2022-12 baseline to the 2025 target, and the gap (figure minus pace). Params: $period, $baseline_month, $plan_start, $plan_months.
with base as (
    select target_code, value from target_values where period = $period and month = $baseline_month
)
select
    t.target_code, t.target_order, t.name_zh, t.name_en, t.unit_zh, t.unit_en, t.target_value,
    v.month, v.value, v.months_covered,
    case when t.kind = 'new_since_start' then 0 else coalesce(b.value, 0) end as baseline,
    plan_time_elapsed(v.month, $plan_start, $plan_months) as time_elapsed,
    baseline + (t.target_value - baseline) * time_elapsed as pace_value,
    v.value - pace_value as gap_to_pace
from targets as t
join target_values as v on v.target_code = t.target_code and v.period = $period
left join base as b on b.target_code = t.target_code
where v.month >= $plan_start and v.month <= $period
order by t.target_order, v.month

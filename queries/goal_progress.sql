-- One row per 双十双百双千 target for snapshot $period: value, 2022-12 baseline, target, completion, progress from baseline, share of plan time elapsed, gap in points. Params: $period, $baseline_month, $plan_start, $plan_months.
with current_value as (
    select target_code, value from target_values where period = $period and month = $period
),
baseline as (
    select target_code, value from target_values where period = $period and month = $baseline_month
),
elapsed as (
    select plan_time_elapsed($period, $plan_start, $plan_months) as time_elapsed
)
select
    t.target_code,
    t.target_order,
    t.group_zh,
    t.group_en,
    t.name_zh,
    t.name_en,
    t.unit_zh,
    t.unit_en,
    t.kind,
    t.target_value,
    coalesce(c.value, 0) as value,
    case when t.kind = 'new_since_start' then 0 else coalesce(b.value, 0) end as baseline,
    coalesce(c.value, 0) / t.target_value as completion,
    (coalesce(c.value, 0) - case when t.kind = 'new_since_start' then 0 else coalesce(b.value, 0) end)
        / (t.target_value - case when t.kind = 'new_since_start' then 0 else coalesce(b.value, 0) end) as progress,
    e.time_elapsed,
    100 * ((coalesce(c.value, 0) - case when t.kind = 'new_since_start' then 0 else coalesce(b.value, 0) end)
        / (t.target_value - case when t.kind = 'new_since_start' then 0 else coalesce(b.value, 0) end)
        - e.time_elapsed) as gap_points
from targets as t
cross join elapsed as e
left join current_value as c using (target_code)
left join baseline as b using (target_code)
order by t.target_order

-- One row per target of plan $plan_id as known in snapshot $snapshot: the figure at the plan's last month $end_month, the $baseline_month baseline, the target, and the first month from $start_month on when the figure reached the target (null = not reached by the snapshot). Params: $snapshot, $plan_id, $start_month, $end_month, $baseline_month.
with figures as (
    select target_code, month, value from target_values where period = $snapshot
),
reached as (
    select f.target_code, min(f.month) as reached_month
    from figures as f
    join targets as t on t.target_code = f.target_code and t.plan_id = $plan_id
    where f.month >= $start_month and f.value >= t.target_value
    group by all
)
select
    t.target_code, t.target_order, t.group_zh, t.group_en, t.name_zh, t.name_en, t.unit_zh, t.unit_en,
    t.kind, t.target_value,
    coalesce(e.value, 0) as end_value,
    case when t.kind = 'new_since_start' then 0 else coalesce(b.value, 0) end as baseline,
    r.reached_month
from targets as t
left join figures as e on e.target_code = t.target_code and e.month = $end_month
left join figures as b on b.target_code = t.target_code and b.month = $baseline_month
left join reached as r on r.target_code = t.target_code
where t.plan_id = $plan_id
order by t.target_order

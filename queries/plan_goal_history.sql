-- One row per target of plan $plan_id and monthly snapshot from $start_month to $end_month: the figure for that month as first reported in that month's snapshot, and the $baseline_month baseline as known then (new-since-start targets: 0). Params: $plan_id, $start_month, $end_month, $baseline_month.
select
    t.target_code, t.target_order, t.kind, t.target_value,
    v.period as month,
    v.value,
    case when t.kind = 'new_since_start' then 0 else coalesce(b.value, 0) end as baseline
from targets as t
join target_values as v on v.target_code = t.target_code and v.month = v.period
left join target_values as b on b.target_code = t.target_code and b.period = v.period and b.month = $baseline_month
where t.plan_id = $plan_id and v.period between $start_month and $end_month
order by t.target_order, month

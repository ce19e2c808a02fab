-- One row per target and month (2022-12 baseline up to $period) as known in snapshot $period: the target's figure for sparklines and trends. Params: $period, $baseline_month.
select target_code, month, value, months_covered
from target_values
where period = $period and month >= $baseline_month and month <= $period
order by target_code, month

-- One row per enterprise $enterprise_id (none if unknown): its names in the latest snapshot up to $period that has it. Params: $enterprise_id, $period.
select e.enterprise_id, e.name_zh, e.name_en, e.period
from enterprises as e
where e.enterprise_id = $enterprise_id and e.period <= $period
order by e.period desc
limit 1

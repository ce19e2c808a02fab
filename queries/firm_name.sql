-- One row per enterprise $enterprise_id in snapshot $period (none if it is not in it): its names. Params: $enterprise_id, $period.
-- One snapshot only: the project page asks for its sponsor in the project's own last snapshot,
-- which the period-sorted files find without reading the others (a firm gone by then is named
-- as the project records it).
select e.enterprise_id, e.name_zh, e.name_en, e.period
from enterprises as e
where e.period = $period and e.enterprise_id = $enterprise_id

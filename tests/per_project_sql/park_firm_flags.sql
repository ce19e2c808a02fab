-- One row per park and snapshot: park $park_id in snapshot $period with how many enterprises it has and how many hold each flag (规上, 专精特新, 上市, 链主, newly attracted chain leader). Params: $period, $park_id.
select
    count(*) as all_firms,
    count(*) filter (where e.is_above_scale) as is_above_scale,
    count(*) filter (where e.is_srdi) as is_srdi,
    count(*) filter (where e.is_listed) as is_listed,
    count(*) filter (where e.is_chain_leader) as is_chain_leader,
    count(*) filter (where e.is_chain_leader_new) as is_chain_leader_new
from enterprises as e
where e.period = $period and e.park_id = $park_id

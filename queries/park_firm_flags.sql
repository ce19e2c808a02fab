-- One row per park and snapshot: park $park_id in snapshot $period with how many enterprises it has and how many hold each flag (规上, 专精特新, 上市, 链主, newly attracted chain leader). Params: $period, $park_id.
-- Read from the firms counted per cell at consolidation (data.FIRM_CELLS_SQL), not every firm.
select
    coalesce(sum(e.rows_n), 0)::bigint as all_firms,
    coalesce(sum(e.rows_n) filter (where e.is_above_scale), 0)::bigint as is_above_scale,
    coalesce(sum(e.rows_n) filter (where e.is_srdi), 0)::bigint as is_srdi,
    coalesce(sum(e.rows_n) filter (where e.is_listed), 0)::bigint as is_listed,
    coalesce(sum(e.rows_n) filter (where e.is_chain_leader), 0)::bigint as is_chain_leader,
    coalesce(sum(e.rows_n) filter (where e.is_chain_leader_new), 0)::bigint as is_chain_leader_new
from enterprise_cells as e
where e.period = $period and e.park_id = $park_id

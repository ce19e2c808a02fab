-- One row per stored snapshot pair (snapshot_pairs), park, sector, from_stage and to_stage: stage_flow_cells_joined's rows with the pair in front. No parameters.
select p.snapshot_from, p.snapshot_to, c.*
from snapshot_pairs as p, lateral stage_flow_cells_joined(p.snapshot_from, p.snapshot_to) as c
